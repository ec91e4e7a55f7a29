/**
 * The layout of a tile-compressed image, read from its header and checked before anything is allocated: the
 * algorithm and its parameters, the tile grid, where the table rows and the heap lie, and whether the image's
 * size is one its compressed bytes can justify (see the package README, "Limits").
 */
import { FitsError } from '../errors.js';
import type { FitsHdu } from '../hdu.js';
import type { FitsHeader } from '../header/header.js';
import { DEFAULT_MAX_BYTES, MAX_EXPANSION } from '../limits.js';
import { bintableColumns } from './bintable-layout.js';
import type { BintableColumn } from './bintable-layout.js';
import { QUANTIZE_METHODS } from './dither.js';
import type { QuantizeMethod } from './dither.js';

/** The compression algorithms of the convention; all decode here. */
export const TILE_ALGORITHMS = Object.freeze(['RICE_1', 'GZIP_1', 'GZIP_2', 'PLIO_1', 'HCOMPRESS_1', 'NOCOMPRESS'] as const);
/** One of {@link TILE_ALGORITHMS}. */
export type TileAlgorithm = (typeof TILE_ALGORITHMS)[number];

/** Everything the tile decoder needs, checked. */
export interface TileLayout {
  readonly algorithm: TileAlgorithm;
  /** Image axes, FITS order (ZNAXISn). */
  readonly axes: readonly number[];
  readonly npix: number;
  /** Tile size per axis (ZTILEn, clipped to the axis). */
  readonly tile: readonly number[];
  readonly tilesPerAxis: readonly number[];
  readonly nTiles: number;
  readonly rowBytes: number;
  /** Byte offset of the heap in the file. */
  readonly heapStart: number;
  /** End of the data unit's bytes that are present in the file. */
  readonly dataEnd: number;
  readonly columns: {
    readonly data: BintableColumn;
    readonly gzip: BintableColumn | undefined;
    readonly raw: BintableColumn | undefined;
    readonly scale: BintableColumn | undefined;
    readonly zero: BintableColumn | undefined;
    readonly blank: BintableColumn | undefined;
  };
  readonly quantized: boolean;
  readonly quantizeMethod: QuantizeMethod | 'NONE';
  readonly blockSize: number;
  readonly bytepix: number;
  readonly ditherSeed: number;
  /** HCOMPRESS_1: smooth the coefficients while decoding (ZNAMEn = 'SMOOTH', non-zero). */
  readonly smooth: boolean;
}

function invalid(hdu: FitsHdu, message: string): FitsError {
  return new FitsError('fits/invalid-header', `HDU ${hdu.index}: ${message}`);
}

/** A keyword that must be an integer in [min, max] when present. */
function intKeyword(hdu: FitsHdu, h: FitsHeader, key: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!h.has(key)) return fallback;
  const v = h.number(key);
  if (v === undefined || !Number.isSafeInteger(v) || v < min || v > max) throw invalid(hdu, `${key} = ${String(h.get(key))} is not an integer in [${min}, ${max}]`);
  return v;
}

function algorithmOf(hdu: FitsHdu): TileAlgorithm {
  const raw = (hdu.header.string('ZCMPTYPE') ?? '').trim().toUpperCase();
  const name = raw === 'RICE_ONE' ? 'RICE_1' : raw;
  if (!(TILE_ALGORITHMS as readonly string[]).includes(name)) {
    throw new FitsError('fits/unsupported', `HDU ${hdu.index}: tile compression '${raw}' is not one of ${TILE_ALGORITHMS.join(', ')}`);
  }
  return name as TileAlgorithm;
}

/** A compression parameter (ZNAMEn = name, ZVALn = value), which must be an integer in [min, max]. */
function zparam(hdu: FitsHdu, name: string, fallback: number, min: number, max: number): number {
  for (let i = 1; i < 1000; i += 1) {
    const key = hdu.header.string(`ZNAME${i}`);
    if (key === undefined) break;
    if (key.trim().toUpperCase() === name) return intKeyword(hdu, hdu.header, `ZVAL${i}`, fallback, min, max);
  }
  return fallback;
}

function quantizeMethodOf(hdu: FitsHdu): QuantizeMethod | 'NONE' {
  const q = (hdu.header.string('ZQUANTIZ') ?? 'NO_DITHER').trim().toUpperCase();
  if (q === 'NONE' || q === 'LOSSLESS') return 'NONE';
  if (!(QUANTIZE_METHODS as readonly string[]).includes(q)) {
    throw new FitsError('fits/unsupported', `HDU ${hdu.index}: ZQUANTIZ = '${q}' is not one of ${QUANTIZE_METHODS.join(', ')}`);
  }
  return q as QuantizeMethod;
}

/**
 * Reads and checks the layout of a compressed-image HDU. Throws `fits/invalid-header` for impossible values,
 * `fits/truncated` when the table is not all there, `fits/too-large` when the image would take more than
 * {@link MAX_EXPANSION} times its compressed bytes or more than `maxBytes`.
 *
 * @example
 * ```ts
 * const layout = tileLayout(bytes, hdu);
 * layout.nTiles; // 300 (one per row of a 300 × 300 image)
 * ```
 */
export function tileLayout(bytes: Uint8Array, hdu: FitsHdu, maxBytes = DEFAULT_MAX_BYTES): TileLayout {
  const algorithm = algorithmOf(hdu);
  const h = hdu.header;
  const axes = hdu.axes;
  if (axes.length === 0) throw invalid(hdu, 'ZNAXIS = 0: a compressed image with no axes');
  const npix = axes.reduce((a, b) => a * b, 1);
  const zbitpix = hdu.bitpix;
  if (zbitpix === 64) throw new FitsError('fits/unsupported', `HDU ${hdu.index}: tile-compressed 64-bit integer images are not supported`);
  // The compressed bytes really present (the header may claim more than the file holds).
  const present = Math.max(0, Math.min(hdu.dataBytes, bytes.length - hdu.dataOffset));
  const imageBytes = npix * (Math.abs(zbitpix) / 8);
  if (imageBytes > MAX_EXPANSION * Math.max(present, 2880) || imageBytes > maxBytes) {
    throw new FitsError('fits/too-large', `HDU ${hdu.index}: a ${axes.join(' × ')} image (${imageBytes} bytes) cannot come out of ${present} compressed bytes` +
      (imageBytes > maxBytes ? ` within maxBytes = ${maxBytes}` : ` (at most ${MAX_EXPANSION}×)`), { details: { hdu: hdu.index, imageBytes, compressedBytes: present, maxBytes } });
  }
  if (h.number('NAXIS') !== 2) throw invalid(hdu, `a compressed image's table has NAXIS = ${String(h.get('NAXIS'))}, not 2`);
  const tile = axes.map((n, i) => Math.min(n, intKeyword(hdu, h, `ZTILE${i + 1}`, i === 0 ? n : 1, 1)));
  // NOTE: the H-transform is 2-D: HCOMPRESS_1 tiles span at most two axes (CFITSIO refuses others too).
  if (algorithm === 'HCOMPRESS_1' && tile.slice(2).some((t) => t > 1)) throw invalid(hdu, `HCOMPRESS_1 tiles are 2-D, but ZTILEn = [${tile.join(', ')}]`);
  const tilesPerAxis = axes.map((n, i) => Math.ceil(n / tile[i]!));
  const nTiles = tilesPerAxis.reduce((a, b) => a * b, 1);
  const rowBytes = h.number('NAXIS1', 0)!;
  const nRows = h.number('NAXIS2', 0)!;
  if (nRows < nTiles) throw new FitsError('fits/corrupt-tile', `HDU ${hdu.index}: ${nTiles} tiles expected but the table has ${nRows} rows`);
  if (rowBytes * nRows > present) {
    throw new FitsError('fits/truncated', `HDU ${hdu.index}: the tile table needs ${rowBytes * nRows} bytes; ${present} are in the file`);
  }
  const cols = bintableColumns(h);
  const width = cols.reduce((n, c) => n + c.width, 0);
  if (width > rowBytes) throw invalid(hdu, `the columns (TFORMn) take ${width} bytes but a row (NAXIS1) has ${rowBytes}`);
  const col = (name: string): BintableColumn | undefined => cols.find((c) => c.name === name);
  const data = col('COMPRESSED_DATA');
  if (!data) throw invalid(hdu, 'no COMPRESSED_DATA column');
  const theap = intKeyword(hdu, h, 'THEAP', rowBytes * nRows, rowBytes * nRows);
  const isFloat = zbitpix < 0;
  const scale = col('ZSCALE');
  return {
    algorithm,
    axes,
    npix,
    tile,
    tilesPerAxis,
    nTiles,
    rowBytes,
    heapStart: hdu.dataOffset + theap,
    dataEnd: hdu.dataOffset + present,
    columns: { data, gzip: col('GZIP_COMPRESSED_DATA'), raw: col('UNCOMPRESSED_DATA'), scale, zero: col('ZZERO'), blank: col('ZBLANK') },
    quantized: isFloat && (scale !== undefined || h.has('ZSCALE')),
    quantizeMethod: isFloat ? quantizeMethodOf(hdu) : 'NONE',
    // NOTE: a BLOCKSIZE of 0 or less made the RICE_1 decoder loop forever; CFITSIO writes 16 or 32.
    blockSize: zparam(hdu, 'BLOCKSIZE', 32, 1, 1 << 20),
    // NOTE: CFITSIO's default BYTEPIX is 4 whatever ZBITPIX is (old nom.tam files rely on it).
    bytepix: zparam(hdu, 'BYTEPIX', 4, 1, 8),
    // NOTE: a fractional or infinite ZDITHER0 made the dither index NaN and dequantisation loop forever.
    ditherSeed: intKeyword(hdu, h, 'ZDITHER0', 1, -Number.MAX_SAFE_INTEGER),
    smooth: zparam(hdu, 'SMOOTH', 0, -(2 ** 31), 2 ** 31 - 1) !== 0,
  };
}
