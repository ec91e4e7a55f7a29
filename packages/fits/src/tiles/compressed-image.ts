/**
 * Tile-compressed images (the tiled-image convention: a BINTABLE with ZIMAGE = T, one tile per row).
 * Decodes RICE_1, GZIP_1, GZIP_2, PLIO_1, HCOMPRESS_1 (with or without smoothing) and NOCOMPRESS tiles,
 * quantised floats (NO_DITHER, SUBTRACTIVE_DITHER_1/2, ZSCALE/ZZERO/ZBLANK as columns or keywords), and
 * assembles the tiles into the full image.
 */
import { FitsError } from '../errors.js';
import type { FitsHdu } from '../hdu.js';
import { allocate, dtypeOfBitpix } from '../data/dtype.js';
import type { FitsTypedArray } from '../data/dtype.js';
import { decodeBigEndian } from '../data/big-endian.js';
import { elementWidth, readDescriptor, readScalar } from './bintable-layout.js';
import type { BintableColumn } from './bintable-layout.js';
import { riceDecode } from './rice.js';
import { inflateTile, unshuffle } from './gzip-tile.js';
import { plioDecode } from './plio.js';
import { hcompressDecode } from './hcompress.js';
import { dequantize, ditherRandoms } from './dither.js';
import { riceDequantizeWithKernels } from '../data/byte-kernels.js';
import type { QuantizeMethod } from './dither.js';
import { tileLayout } from './tile-layout.js';
import type { TileAlgorithm } from './tile-layout.js';

export { TILE_ALGORITHMS } from './tile-layout.js';
export type { TileAlgorithm } from './tile-layout.js';

/** A decoded compressed image: the stored values (integers, or floats when dequantised) in C order. */
export interface DecodedTiles {
  /** Integer values as stored (before BSCALE/BZERO), or floats for a float image. */
  readonly values: FitsTypedArray;
  /** For quantised float images: the quantised integers, before dequantisation. */
  readonly quantized: Int32Array | undefined;
  readonly algorithm: TileAlgorithm;
}

/** Options for {@link decodeCompressedImage}. */
export interface DecodeTilesOptions {
  /** Also return the quantised integers of a float image (for `readRaw`). */
  readonly keepQuantized?: boolean;
  /** The most bytes the decoded image may take (default 2 GiB; see the README, "Limits"). */
  readonly maxBytes?: number;
}

/**
 * Decodes every tile of a compressed-image HDU from the file's bytes. The header is checked first
 * (`tileLayout`): nothing is allocated for an image its compressed bytes cannot justify.
 *
 * @example
 * ```ts
 * const hdu = scanHdus(bytes)[1]; // kind 'compimage'
 * const { values } = decodeCompressedImage(bytes, hdu); // Int16Array of 300 * 300
 * ```
 */
export function decodeCompressedImage(bytes: Uint8Array, hdu: FitsHdu, options: DecodeTilesOptions = {}): DecodedTiles {
  const layout = tileLayout(bytes, hdu, options.maxBytes);
  const { algorithm, axes, npix, tile, tilesPerAxis, nTiles, rowBytes, heapStart, dataEnd, quantized, blockSize, bytepix, ditherSeed } = layout;
  const h = hdu.header;
  const zbitpix = hdu.bitpix;
  const { data: cData, gzip: cGzip, raw: cRaw, scale: cScale, zero: cZero, blank: cBlank } = layout.columns;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isFloat = zbitpix < 0;
  const qmethod = layout.quantizeMethod;
  const intWidth = quantized ? 4 : Math.abs(zbitpix) / 8;

  const values = allocate(dtypeOfBitpix(zbitpix), npix);
  const qAll = quantized && options.keepQuantized ? new Int32Array(npix) : undefined;
  const maxTile = tile.reduce((a, b) => a * b, 1);
  const ints = new Int32Array(maxTile);
  const floats = isFloat ? (zbitpix === -32 ? new Float32Array(maxTile) : new Float64Array(maxTile)) : undefined;

  const heapBytes = (c: BintableColumn, rowStart: number): Uint8Array => {
    const { count, heapOffset } = readDescriptor(view, rowStart, c);
    const start = heapStart + heapOffset;
    const end = start + count * elementWidth(c.elementType ?? 'B');
    if (count < 0 || heapOffset < 0 || end > dataEnd) {
      throw new FitsError('fits/corrupt-tile', `HDU ${hdu.index}: a tile's heap array [${start}, ${end}) lies outside the data unit`);
    }
    return bytes.subarray(start, end);
  };

  const tileIdx = new Array<number>(axes.length).fill(0);
  for (let t = 0; t < nTiles; t += 1) {
    const rowStart = hdu.dataOffset + t * rowBytes;
    // This tile's extent on each axis.
    const lo = tileIdx.map((k, i) => k * tile[i]!);
    const len = lo.map((l, i) => Math.min(tile[i]!, axes[i]! - l));
    const n = len.reduce((a, b) => a * b, 1);
    let tileValues: FitsTypedArray;
    const data = heapBytes(cData, rowStart);
    const scale = cScale ? readScalar(view, rowStart, cScale) : h.number('ZSCALE', 1)!;
    const zero = cZero ? readScalar(view, rowStart, cZero) : h.number('ZZERO', 0)!;
    const blank = cBlank ? readScalar(view, rowStart, cBlank) : h.number('ZBLANK');

    // NOTE: no tile may inflate beyond 8 bytes a pixel (the widest value): more is a decompression bomb.
    const maxRaw = 8 * n;
    if (data.length === 0 && cGzip && heapBytes(cGzip, rowStart).length > 0) {
      // A float tile that could not be quantised, stored losslessly with gzip.
      const raw = inflateTile(heapBytes(cGzip, rowStart), maxRaw);
      tileValues = decodeBigEndian(needBytes(raw, n * (Math.abs(zbitpix) / 8), hdu.index, t), 0, n, zbitpix);
    } else if (data.length === 0 && cRaw && heapBytes(cRaw, rowStart).length > 0) {
      const raw = heapBytes(cRaw, rowStart);
      tileValues = decodeBigEndian(needBytes(raw, n * (Math.abs(zbitpix) / 8), hdu.index, t), 0, n, zbitpix);
    } else if (isFloat && !quantized && algorithm !== 'RICE_1' && algorithm !== 'PLIO_1' && algorithm !== 'HCOMPRESS_1') {
      let raw = algorithm === 'NOCOMPRESS' ? data : inflateTile(data, maxRaw);
      const w = raw.length / n === 8 ? 8 : raw.length / n === 4 ? 4 : intWidth;
      if (raw.length < n * w) throw new FitsError('fits/corrupt-tile', `HDU ${hdu.index}: tile ${t + 1} holds ${raw.length} bytes, not ${n * w}`);
      if (algorithm === 'GZIP_2') raw = unshuffle(raw, w);
      tileValues = decodeBigEndian(raw, 0, n, w === 8 ? -64 : -32);
    } else if (
      quantized && algorithm === 'RICE_1' && zbitpix === -32 && !qAll && (bytepix === 1 || bytepix === 2 || bytepix === 4) &&
      data.length > bytepix && contiguousOffset(lo, len, axes) !== undefined &&
      riceTileWithKernels(data, values as Float32Array, contiguousOffset(lo, len, axes)!, n, blockSize, bytepix, qmethod, scale, zero, blank, t + 1, ditherSeed)
    ) {
      // Decoded and dequantised in one go by the WebAssembly kernels, straight into the image.
      tileValues = values;
    } else {
      // NOTE: CFITSIO decodes HCOMPRESS_1 in 64-bit arithmetic for 32-bit and float images, 32-bit otherwise.
      const hcompress = { rows: len[1] ?? 1, cols: len[0]!, smooth: layout.smooth, wide: zbitpix === 32 || isFloat };
      decodeIntegers(algorithm, data, ints, n, blockSize, bytepix, intWidth, hdu.index, t, hcompress);
      if (quantized) {
        const at = contiguousOffset(lo, len, axes);
        if (qAll) {
          if (at === undefined) copyTile(ints, qAll, n, lo, len, axes);
          else qAll.set(ints.subarray(0, n), at);
        }
        const target = at === undefined ? floats! : (values as Float32Array | Float64Array).subarray(at, at + n);
        dequantize(ints, target, n, {
          method: qmethod === 'NONE' ? 'NO_DITHER' : qmethod,
          scale,
          zero,
          blank,
          tile: t + 1,
          ditherSeed,
          float32: zbitpix === -32,
        });
        tileValues = at === undefined ? floats! : values;
      } else {
        const at = contiguousOffset(lo, len, axes);
        if (at === undefined) tileValues = ints;
        else {
          (values as Int16Array | Int32Array | Uint8Array).set(ints.subarray(0, n), at);
          tileValues = values;
        }
      }
    }
    if (tileValues !== values) copyTile(tileValues, values, n, lo, len, axes);
    for (let i = 0; i < tileIdx.length; i += 1) {
      tileIdx[i]! += 1;
      if (tileIdx[i]! < tilesPerAxis[i]!) break;
      tileIdx[i] = 0;
    }
  }
  return { values, quantized: qAll, algorithm };
}

/**
 * One RICE_1 tile of quantised float32 through the WebAssembly kernels into `values[at..at + n)`; false
 * where the kernels are not available.
 */
function riceTileWithKernels(
  data: Uint8Array,
  values: Float32Array,
  at: number,
  n: number,
  blockSize: number,
  bytepix: number,
  qmethod: QuantizeMethod | 'NONE',
  scale: number,
  zero: number,
  blank: number | undefined,
  tile: number,
  ditherSeed: number,
): boolean {
  const method = qmethod === 'SUBTRACTIVE_DITHER_1' ? 1 : qmethod === 'SUBTRACTIVE_DITHER_2' ? 2 : 0;
  let iseed = (tile + ditherSeed - 2) % 10000;
  if (iseed < 0) iseed += 10000;
  const status = riceDequantizeWithKernels(data, values.subarray(at, at + n), n, blockSize, bytepix, { method, scale, zero, blank, iseed, randoms: ditherRandoms() });
  if (status === 1) throw new FitsError('fits/corrupt-tile', `RICE_1 stream of ${data.length} bytes ended before all ${n} pixels of tile ${tile}`);
  if (status === 2) throw new FitsError('fits/corrupt-tile', 'RICE_1 stream ends inside a run of zero bits');
  return status === 0;
}

/** Decodes one integer tile into `ints[0..n)`. */
function decodeIntegers(
  algorithm: TileAlgorithm,
  data: Uint8Array,
  ints: Int32Array,
  n: number,
  blockSize: number,
  bytepix: number,
  width: number,
  hduIndex: number,
  t: number,
  hcompress: { readonly rows: number; readonly cols: number; readonly smooth: boolean; readonly wide: boolean },
): void {
  if (algorithm === 'HCOMPRESS_1') {
    hcompressDecode(data, ints, { ...hcompress, tile: t + 1 });
    return;
  }
  if (algorithm === 'RICE_1') {
    riceDecode(data, ints, n, blockSize, bytepix);
    return;
  }
  if (algorithm === 'PLIO_1') {
    const words = decodeBigEndian(data, 0, data.length >>> 1, 16) as Int16Array;
    plioDecode(words, ints, n);
    return;
  }
  let raw = algorithm === 'NOCOMPRESS' ? data : inflateTile(data, 8 * n);
  // NOTE: as CFITSIO does, the stored integer width is what the tile inflates to per pixel (old writers
  // stored 16-bit images as 4-byte integers).
  const stored = raw.length / n;
  const w = stored === 1 || stored === 2 || stored === 4 ? stored : width;
  if (raw.length < n * w) {
    throw new FitsError('fits/corrupt-tile', `HDU ${hduIndex}: tile ${t + 1} inflates to ${raw.length} bytes, not ${n * w}`);
  }
  if (algorithm === 'GZIP_2') raw = unshuffle(raw, w);
  const decoded = decodeBigEndian(raw, 0, n, (w * 8) as 8 | 16 | 32);
  for (let i = 0; i < n; i += 1) ints[i] = decoded[i] as number;
}

/** The tile's bytes when it holds at least `needed` of them; a typed error otherwise. */
function needBytes(raw: Uint8Array, needed: number, hduIndex: number, t: number): Uint8Array {
  if (raw.length < needed) throw new FitsError('fits/corrupt-tile', `HDU ${hduIndex}: tile ${t + 1} holds ${raw.length} bytes, not ${needed}`);
  return raw;
}

/** The offset of a tile in the full image when the tile is one contiguous run there (e.g. whole rows). */
function contiguousOffset(lo: number[], len: number[], axes: readonly number[]): number | undefined {
  let k = 0;
  while (k < axes.length && len[k] === axes[k]) k += 1;
  for (let i = k + 1; i < axes.length; i += 1) if (len[i] !== 1) return undefined;
  let at = 0;
  let stride = 1;
  for (let i = 0; i < axes.length; i += 1) {
    at += lo[i]! * stride;
    stride *= axes[i]!;
  }
  return at;
}

/** Copies a tile (axis 1 fastest) into its place in the full image (FITS axis order `axes`). */
function copyTile(src: FitsTypedArray, dst: FitsTypedArray, n: number, lo: number[], len: number[], axes: readonly number[]): void {
  const rowLen = len[0]!;
  const idx = new Array<number>(axes.length).fill(0);
  const d = dst as unknown as { [i: number]: number | bigint };
  const s = src as unknown as { [i: number]: number | bigint };
  for (let k = 0; k < n; k += rowLen) {
    let at = 0;
    let stride = 1;
    for (let i = 0; i < axes.length; i += 1) {
      at += (lo[i]! + (i === 0 ? 0 : idx[i]!)) * stride;
      stride *= axes[i]!;
    }
    if (rowLen > 16 && typeof s[0] === typeof d[0]) (dst as Float64Array).set((src as Float64Array).subarray(k, k + rowLen), at);
    else for (let j = 0; j < rowLen; j += 1) d[at + j] = s[k + j]!;
    for (let i = 1; i < idx.length; i += 1) {
      idx[i]! += 1;
      if (idx[i]! < len[i]!) break;
      idx[i] = 0;
    }
  }
}
