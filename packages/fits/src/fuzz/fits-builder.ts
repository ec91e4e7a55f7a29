/**
 * Builds FITS HDUs the writer does not make (BITPIX 64 images, binary and ASCII tables, random groups,
 * tile-compressed images) from header cards and data bytes, for the fuzz seeds and regression tests. Not part
 * of the package's API.
 */
import { gzipSync } from 'fflate';
import { formatCard } from '../header/format-card.js';
import type { FitsValue } from '../header/card.js';
import { BLOCK_SIZE } from '../header/header.js';
import { encodeBigEndian } from '../data/big-endian.js';
import { ditherRandoms } from '../tiles/dither.js';
import { riceEncode } from './rice-encode.js';

/** One header card: keyword and value (a value wrapped in `{ raw }` is written as that text, unquoted). */
export type BuilderCard = readonly [keyword: string, value: FitsValue | { readonly raw: string }];

/**
 * One HDU's bytes: the cards (END added) padded to 2880, then the data padded to 2880 with `pad` (0).
 *
 * @example
 * ```ts
 * const bytes = hduBytes([['SIMPLE', true], ['BITPIX', 8], ['NAXIS', 0]], new Uint8Array(0));
 * ```
 */
export function hduBytes(cards: readonly BuilderCard[], data: Uint8Array, pad = 0): Uint8Array {
  const text = cards
    .map(([k, v]) => (v !== null && typeof v === 'object' && 'raw' in v ? `${k.padEnd(8)}= ${v.raw}`.padEnd(80).slice(0, 80) : formatCard(k, v).join('')))
    .join('') + 'END'.padEnd(80);
  const headerLen = Math.ceil(text.length / BLOCK_SIZE) * BLOCK_SIZE;
  const out = new Uint8Array(headerLen + Math.ceil(data.length / BLOCK_SIZE) * BLOCK_SIZE).fill(32, 0, headerLen);
  for (let i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i);
  out.set(data, headerLen);
  out.fill(pad, headerLen + data.length);
  return out;
}

/**
 * Joins HDU byte arrays into one file.
 *
 * @example
 * ```ts
 * const file = concatBytes([primary, extension]);
 * ```
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The compression algorithms {@link compressedImageHdu} writes. */
export type BuilderAlgorithm = 'RICE_1' | 'GZIP_1' | 'GZIP_2' | 'NOCOMPRESS';

/** What {@link compressedImageHdu} compresses. */
export interface CompressedImageSpec {
  /** Pixel values in C order; integer arrays are stored as they are, floats either raw or quantised. */
  readonly data: Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array;
  /** C order, e.g. `[ny, nx]`. */
  readonly shape: readonly number[];
  readonly algorithm: BuilderAlgorithm;
  /** Tile size in FITS order (`[ZTILE1, ZTILE2, ...]`); default whole rows. */
  readonly tile?: readonly number[];
  /** For float data: quantise with this step and method (RICE_1 or GZIP_1 of 32-bit integers). */
  readonly quantize?: { readonly scale: number; readonly method: 'NO_DITHER' | 'SUBTRACTIVE_DITHER_1'; readonly ditherSeed?: number };
  readonly extname?: string;
  /** Replaces a compressed tile by other bytes (for tests: a tile that is a decompression bomb). */
  readonly mapTile?: (compressed: Uint8Array, tile: number) => Uint8Array;
}

const ZBLANK = -2147483647;

function bitpixOf(data: CompressedImageSpec['data']): 8 | 16 | 32 | -32 | -64 {
  if (data instanceof Uint8Array) return 8;
  if (data instanceof Int16Array) return 16;
  if (data instanceof Int32Array) return 32;
  return data instanceof Float32Array ? -32 : -64;
}

/** The pixel indices (into the C-order array) of each tile, tiles in FITS order, axis 1 fastest. */
function tilePixels(axes: readonly number[], tile: readonly number[]): number[][] {
  const per = axes.map((n, i) => Math.ceil(n / tile[i]!));
  const nTiles = per.reduce((a, b) => a * b, 1);
  const out: number[][] = [];
  for (let t = 0; t < nTiles; t += 1) {
    const lo: number[] = [];
    let rest = t;
    for (let i = 0; i < axes.length; i += 1) {
      lo.push((rest % per[i]!) * tile[i]!);
      rest = Math.floor(rest / per[i]!);
    }
    const len = lo.map((l, i) => Math.min(tile[i]!, axes[i]! - l));
    const n = len.reduce((a, b) => a * b, 1);
    const idx: number[] = [];
    for (let k = 0; k < n; k += 1) {
      let rem = k;
      let at = 0;
      let stride = 1;
      for (let i = 0; i < axes.length; i += 1) {
        at += (lo[i]! + (rem % len[i]!)) * stride;
        rem = Math.floor(rem / len[i]!);
        stride *= axes[i]!;
      }
      idx.push(at);
    }
    out.push(idx);
  }
  return out;
}

/** Quantises one tile as CFITSIO does (the inverse of `dequantize`), NaN as ZBLANK. */
function quantizeTile(values: number[], scale: number, dither: boolean, tileNumber: number, ditherSeed: number): Int32Array {
  const r = ditherRandoms();
  let iseed = (tileNumber + ditherSeed - 2) % 10000;
  let next = Math.trunc(r[iseed]! * 500);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i]!;
    const d = dither ? r[next]! - 0.5 : 0;
    out[i] = Number.isNaN(v) ? ZBLANK : Math.round(v / scale + d);
    if (dither) {
      next += 1;
      if (next === 10000) {
        iseed = (iseed + 1) % 10000;
        next = Math.trunc(r[iseed]! * 500);
      }
    }
  }
  return out;
}

/**
 * A tile-compressed image extension (BINTABLE with ZIMAGE = T, one tile per row, the tiles in the heap).
 *
 * @example
 * ```ts
 * const hdu = compressedImageHdu({ data: new Int16Array(200), shape: [10, 20], algorithm: 'RICE_1', tile: [5, 4] });
 * openFits(concatBytes([primary, hdu])).readImage(1).data.shape; // [10, 20]
 * ```
 */
export function compressedImageHdu(spec: CompressedImageSpec): Uint8Array {
  const axes = [...spec.shape].reverse();
  const tile = spec.tile ?? axes.map((n, i) => (i === 0 ? n : 1));
  const bitpix = bitpixOf(spec.data);
  const quantized = bitpix < 0 && spec.quantize !== undefined;
  const ditherSeed = spec.quantize?.ditherSeed ?? 1;
  const tiles = tilePixels(axes, tile);
  const blobs: Uint8Array[] = [];
  tiles.forEach((idx, t) => {
    const values = idx.map((i) => Number(spec.data[i]!));
    let ints: Int32Array | undefined;
    let raw: Uint8Array;
    if (quantized) {
      ints = quantizeTile(values, spec.quantize!.scale, spec.quantize!.method !== 'NO_DITHER', t + 1, ditherSeed);
      raw = encodeBigEndian(ints);
    } else {
      const typed = new (spec.data.constructor as new (v: number[]) => CompressedImageSpec['data'])(values);
      raw = encodeBigEndian(typed);
      if (bitpix > 0) ints = Int32Array.from(values);
    }
    const width = quantized ? 4 : Math.abs(bitpix) / 8;
    if (spec.algorithm === 'RICE_1') blobs.push(riceEncode(ints!, (quantized ? 4 : width) as 1 | 2 | 4));
    else if (spec.algorithm === 'NOCOMPRESS') blobs.push(raw);
    else if (spec.algorithm === 'GZIP_1') blobs.push(gzipSync(raw));
    else blobs.push(gzipSync(shuffle(raw, width)));
    if (spec.mapTile) blobs[t] = spec.mapTile(blobs[t]!, t);
  });
  const rowBytes = quantized ? 8 + 16 : 8;
  const table = new Uint8Array(rowBytes * tiles.length);
  const view = new DataView(table.buffer);
  let heapAt = 0;
  blobs.forEach((b, t) => {
    view.setInt32(t * rowBytes, b.length);
    view.setInt32(t * rowBytes + 4, heapAt);
    if (quantized) {
      view.setFloat64(t * rowBytes + 8, spec.quantize!.scale);
      view.setFloat64(t * rowBytes + 16, 0);
    }
    heapAt += b.length;
  });
  const maxLen = Math.max(...blobs.map((b) => b.length));
  const cards: BuilderCard[] = [
    ['XTENSION', 'BINTABLE'], ['BITPIX', 8], ['NAXIS', 2], ['NAXIS1', rowBytes], ['NAXIS2', tiles.length],
    ['PCOUNT', heapAt], ['GCOUNT', 1], ['TFIELDS', quantized ? 3 : 1],
    ['TTYPE1', 'COMPRESSED_DATA'], ['TFORM1', `1PB(${maxLen})`],
    ...(quantized ? ([['TTYPE2', 'ZSCALE'], ['TFORM2', '1D'], ['TTYPE3', 'ZZERO'], ['TFORM3', '1D']] as BuilderCard[]) : []),
    ['THEAP', rowBytes * tiles.length],
    ['ZIMAGE', true], ['ZBITPIX', bitpix], ['ZNAXIS', axes.length],
    ...axes.map((n, i): BuilderCard => [`ZNAXIS${i + 1}`, n]),
    ...tile.map((n, i): BuilderCard => [`ZTILE${i + 1}`, n]),
    ['ZCMPTYPE', spec.algorithm],
    ...(spec.algorithm === 'RICE_1' ? ([['ZNAME1', 'BLOCKSIZE'], ['ZVAL1', 32], ['ZNAME2', 'BYTEPIX'], ['ZVAL2', quantized ? 4 : Math.abs(bitpix) / 8]] as BuilderCard[]) : []),
    ...(quantized ? ([['ZQUANTIZ', spec.quantize!.method], ['ZDITHER0', ditherSeed], ['ZBLANK', ZBLANK]] as BuilderCard[]) : []),
    ...(spec.extname ? ([['EXTNAME', spec.extname]] as BuilderCard[]) : []),
  ];
  return hduBytes(cards, concatBytes([table, ...blobs]));
}

/** GZIP_2's byte shuffle: all first bytes of the values, then all second bytes, ... */
function shuffle(bytes: Uint8Array, width: number): Uint8Array {
  const n = bytes.length / width;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < n; i += 1) for (let b = 0; b < width; b += 1) out[b * n + i] = bytes[i * width + b]!;
  return out;
}

/**
 * A copy of `bytes` with the first `keyword` card at or after byte `from` given the value text `value` (written
 * as is: `'1.5'`, `"'RICE_1'"`), or blanked when `value` is null. Throws when there is no such card.
 *
 * @example
 * ```ts
 * const broken = withCard(file, 'ZDITHER0', '1.5');
 * ```
 */
export function withCard(bytes: Uint8Array, keyword: string, value: string | null, from = 0): Uint8Array {
  const key = `${keyword.padEnd(8)}=`;
  for (let at = from - (from % 80); at + 80 <= bytes.length; at += 80) {
    let k = '';
    for (let i = 0; i < 9; i += 1) k += String.fromCharCode(bytes[at + i]!);
    if (k !== key) continue;
    const out = bytes.slice();
    const text = value === null ? '' : `${key} ${value.startsWith("'") ? value : value.padStart(20)}`;
    for (let i = 0; i < 80; i += 1) out[at + i] = i < text.length ? text.charCodeAt(i) : 32;
    return out;
  }
  throw new Error(`no ${keyword} card after byte ${from}`);
}
