/**
 * Writing FITS: a primary HDU and IMAGE extensions, stored as uint8, int16, int32, float32 or float64, with
 * BSCALE/BZERO scaling (and BLANK for NaN in integer storage). The result reads back identically here and in
 * astropy (checked by `packages/fits/fixtures/written-by-kenobi.*`).
 */
import { FitsError } from './errors.js';
import { formatCard } from './header/format-card.js';
import type { FitsValue } from './header/card.js';
import { BLOCK_SIZE } from './header/header.js';
import { encodeBigEndian } from './data/big-endian.js';
import { dtypeOf, allocate } from './data/dtype.js';
import type { FitsTypedArray } from './data/dtype.js';
import { sizeOf } from './data/nd-array.js';
import { cOrderValues, isStridedView } from '@kenobi/core';
import type { StridedView } from '@kenobi/core';

/** The storage types the writer produces. */
export const WRITE_TYPES = Object.freeze(['uint8', 'int16', 'int32', 'float32', 'float64'] as const);
/** One of {@link WRITE_TYPES}. */
export type WriteType = (typeof WRITE_TYPES)[number];

/** An extra header card. */
export interface HeaderEntry {
  readonly keyword: string;
  readonly value: FitsValue;
  readonly comment?: string;
}

/** The values of an HDU to write: a typed array in C order (with `shape`), or a strided view (a scijs array, a transposed or sliced one included; its own shape). */
export type FitsWriteData = Exclude<FitsTypedArray, BigInt64Array | BigUint64Array> | StridedView<Exclude<FitsTypedArray, BigInt64Array | BigUint64Array>>;

/** One HDU to write. */
export interface FitsWriteHdu {
  /** Physical values, C order; or a strided view of them. */
  readonly data: FitsWriteData;
  /** C/numpy order: `[NAXISn, ..., NAXIS1]` (a strided view brings its own). */
  readonly shape?: readonly number[];
  /** How to store the values; default: the data's own type (uint8/int16/int32/float32/float64). */
  readonly type?: WriteType;
  /** Stored = round((physical − bzero) / bscale) for integer storage. Default 1. */
  readonly bscale?: number;
  /** Default 0. `type: 'int16', bzero: 32768` stores unsigned 16-bit values. */
  readonly bzero?: number;
  /** The stored value that marks NaN in integer storage (written as BLANK when any NaN occurs). */
  readonly blank?: number;
  readonly extname?: string;
  readonly header?: readonly HeaderEntry[];
}

const BITPIX: Record<WriteType, number> = { uint8: 8, int16: 16, int32: 32, float32: -32, float64: -64 };
const RANGE: Record<string, [number, number]> = { uint8: [0, 255], int16: [-32768, 32767], int32: [-2147483648, 2147483647] };
const DEFAULT_BLANK: Record<string, number> = { uint8: 0, int16: -32768, int32: -2147483648 };

/** Round half to even, as numpy's `around` (which astropy uses when it scales data for writing). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** An HDU whose data are a typed array in C order (a strided view read out in C order). */
interface PlainHdu extends FitsWriteHdu {
  readonly data: Exclude<FitsTypedArray, BigInt64Array | BigUint64Array>;
  readonly shape: readonly number[];
}

function plain(hdu: FitsWriteHdu, index: number): PlainHdu {
  if (isStridedView(hdu.data)) return { ...hdu, data: cOrderValues(hdu.data), shape: hdu.data.shape };
  if (!hdu.shape) throw new FitsError('fits/invalid-argument', `HDU ${index}: a typed array needs a shape`);
  return hdu as PlainHdu;
}

function storedValues(hdu: PlainHdu, type: WriteType): { stored: FitsTypedArray; blankUsed: number | undefined } {
  const bscale = hdu.bscale ?? 1;
  const bzero = hdu.bzero ?? 0;
  const n = hdu.data.length;
  const stored = allocate(type, n) as Exclude<FitsTypedArray, BigInt64Array | BigUint64Array>;
  const src = hdu.data;
  if (type === 'float32' || type === 'float64') {
    for (let i = 0; i < n; i += 1) stored[i] = (src[i]! - bzero) / bscale;
    return { stored, blankUsed: undefined };
  }
  const [lo, hi] = RANGE[type]!;
  const blank = hdu.blank ?? DEFAULT_BLANK[type]!;
  let blankUsed: number | undefined;
  for (let i = 0; i < n; i += 1) {
    const v = src[i]!;
    if (Number.isNaN(v)) {
      stored[i] = blank;
      blankUsed = blank;
      continue;
    }
    const s = bscale === 1 && bzero === 0 ? v : roundHalfEven((v - bzero) / bscale);
    if (s < lo || s > hi || !Number.isFinite(s)) {
      throw new FitsError('fits/invalid-argument', `value ${v} at index ${i} does not fit ${type} storage with BSCALE ${bscale} and BZERO ${bzero}`);
    }
    stored[i] = s;
  }
  return { stored, blankUsed };
}

function headerCards(hdu: PlainHdu, type: WriteType, primary: boolean, extend: boolean, blankUsed: number | undefined): string[] {
  const cards: string[] = [];
  const add = (k: string, v: FitsValue, c = '', asFloat = false): void => void cards.push(...formatCard(k, v, c, asFloat));
  if (primary) add('SIMPLE', true, 'conforms to FITS standard');
  else add('XTENSION', 'IMAGE', 'image extension');
  add('BITPIX', BITPIX[type], 'array data type');
  add('NAXIS', hdu.shape.length, 'number of array dimensions');
  [...hdu.shape].reverse().forEach((n, i) => add(`NAXIS${i + 1}`, n));
  if (primary) { if (extend) add('EXTEND', true); }
  else {
    add('PCOUNT', 0, 'number of parameters');
    add('GCOUNT', 1, 'number of groups');
  }
  if (hdu.bscale !== undefined && hdu.bscale !== 1) add('BSCALE', hdu.bscale, '', true);
  if (hdu.bzero !== undefined && hdu.bzero !== 0) add('BZERO', hdu.bzero, '', true);
  if (blankUsed !== undefined || (hdu.blank !== undefined && type !== 'float32' && type !== 'float64')) add('BLANK', blankUsed ?? hdu.blank!);
  if (hdu.extname) add('EXTNAME', hdu.extname, 'extension name');
  for (const e of hdu.header ?? []) add(e.keyword, e.value, e.comment ?? '');
  cards.push('END'.padEnd(80));
  return cards;
}

function padToBlock(n: number): number {
  return Math.ceil(n / BLOCK_SIZE) * BLOCK_SIZE;
}

/**
 * Writes HDUs to FITS bytes: the first as the primary, the rest as IMAGE extensions. `data` is a typed array
 * with `shape`, or any strided view (a scijs array: transposed, sliced, reversed), written in C order.
 *
 * @example
 * ```ts
 * import { writeFits, openFits } from '@kenobi/fits';
 * const bytes = writeFits([{ data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3], extname: 'SCI' }]);
 * openFits(bytes).readImage().data.shape; // [2, 3]
 * writeFits([{ data: ndarray(pixels, [480, 640]).transpose(1, 0) }]); // a 640 × 480 image
 * ```
 */
export function writeFits(hdus: readonly FitsWriteHdu[]): Uint8Array {
  if (hdus.length === 0) throw new FitsError('fits/invalid-argument', 'writeFits needs at least one HDU');
  const parts: Uint8Array[] = [];
  hdus.map(plain).forEach((hdu, index) => {
    if (hdu.data instanceof BigInt64Array || hdu.data instanceof BigUint64Array) throw new FitsError('fits/invalid-argument', '64-bit integer data cannot be written');
    if (sizeOf(hdu.shape) !== hdu.data.length || hdu.shape.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new FitsError('fits/invalid-argument', `HDU ${index}: shape [${hdu.shape.join(', ')}] does not match ${hdu.data.length} values`);
    }
    const own = dtypeOf(hdu.data);
    const type = hdu.type ?? ((WRITE_TYPES as readonly string[]).includes(own) ? (own as WriteType) : undefined);
    if (!type || !(WRITE_TYPES as readonly string[]).includes(type)) {
      throw new FitsError('fits/invalid-argument', `HDU ${index}: ${own} data need an explicit type, one of ${WRITE_TYPES.join(', ')}`);
    }
    const { stored, blankUsed } = storedValues(hdu, type);
    const header = headerCards(hdu, type, index === 0, hdus.length > 1, blankUsed).join('');
    const headerBytes = new Uint8Array(padToBlock(header.length)).fill(0x20);
    for (let i = 0; i < header.length; i += 1) headerBytes[i] = header.charCodeAt(i);
    const data = encodeBigEndian(stored);
    const dataBytes = new Uint8Array(padToBlock(data.length));
    dataBytes.set(data);
    parts.push(headerBytes, dataBytes);
  });
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
