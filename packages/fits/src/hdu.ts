/**
 * The HDUs of a FITS file: where each header and data unit lies, what kind it is, and its image geometry.
 * Scanning reads headers only; data are decoded on demand.
 */
import { FitsError } from './errors.js';
import { BLOCK_SIZE, parseHeader } from './header/header.js';
import type { FitsHeader } from './header/header.js';
import { isBitpix } from './data/dtype.js';
import type { Bitpix } from './data/dtype.js';

/**
 * The kinds of HDU. `compimage` is a tile-compressed image (a BINTABLE with ZIMAGE = T); `groups` is the
 * random-groups primary (recognised, its data not decoded); `nonstandard` is any other XTENSION.
 */
export const HDU_KINDS = Object.freeze(['primary', 'image', 'table', 'bintable', 'compimage', 'groups', 'nonstandard'] as const);
/** One of {@link HDU_KINDS}. */
export type HduKind = (typeof HDU_KINDS)[number];

/** One header-and-data unit, as found by {@link scanHdus}. */
export interface FitsHdu {
  /** Position in the file, 0 for the primary. */
  readonly index: number;
  readonly kind: HduKind;
  readonly header: FitsHeader;
  readonly headerOffset: number;
  readonly dataOffset: number;
  /** Bytes of the data unit as the header declares them (before padding to 2880). */
  readonly dataBytes: number;
  /** BITPIX of the image (ZBITPIX for a compressed image); of the table storage otherwise. */
  readonly bitpix: Bitpix;
  /** Axis lengths in FITS order: `[NAXIS1, NAXIS2, ...]` (ZNAXISn for a compressed image). */
  readonly axes: readonly number[];
  /** Axis lengths in C/numpy order: `[NAXISn, ..., NAXIS1]`; empty when the HDU holds no image. */
  readonly shape: readonly number[];
  readonly extname: string | undefined;
  readonly extver: number;
  /** True when the file ends before this HDU's data unit does. */
  readonly truncated: boolean;
}

function requireInt(header: FitsHeader, key: string, at: number): number {
  const v = header.number(key);
  // NOTE: safe integers only: 1E300 is an integer to JavaScript, and beyond 2^53 sizes stop being exact.
  if (v === undefined || !Number.isSafeInteger(v) || v < 0) {
    throw new FitsError('fits/invalid-header', `HDU at byte ${at}: ${key} is missing or not a non-negative integer (${String(header.get(key))})`);
  }
  return v;
}

/** A keyword that may be absent (then `fallback`) but, when present, must be a non-negative integer. */
function optionalInt(header: FitsHeader, key: string, fallback: number, at: number): number {
  return header.has(key) ? requireInt(header, key, at) : fallback;
}

function kindOf(header: FitsHeader, index: number): HduKind {
  if (index === 0) {
    const groups = header.boolean('GROUPS') === true && (header.number('NAXIS') === 0 || header.number('NAXIS1') === 0);
    return groups ? 'groups' : 'primary';
  }
  const xt = (header.string('XTENSION') ?? '').trim().toUpperCase();
  if (xt === 'IMAGE' || xt === 'IUEIMAGE') return 'image';
  if (xt === 'TABLE') return 'table';
  if (xt === 'BINTABLE' || xt === 'A3DTABLE') return header.boolean('ZIMAGE') === true ? 'compimage' : 'bintable';
  return 'nonstandard';
}

/**
 * Reads one HDU's header at `offset` and works out its geometry (`index` 0 is the primary). Throws the typed
 * errors of a bad header; `truncated` says whether the data unit runs past the end of `bytes`.
 *
 * @example
 * ```ts
 * const hdu = readHdu(bytes, 0, 0);
 * hdu.dataOffset + hdu.dataBytes; // where the primary's data end
 * ```
 */
export function readHdu(bytes: Uint8Array, offset: number, index: number): FitsHdu {
  const { header, dataOffset } = parseHeader(bytes, offset);
  const bitpix = header.number('BITPIX');
  if (!isBitpix(bitpix)) {
    throw new FitsError('fits/invalid-header', `HDU ${index}: BITPIX = ${String(header.get('BITPIX'))} is not one of 8, 16, 32, 64, -32, -64`);
  }
  const naxis = requireInt(header, 'NAXIS', offset);
  if (naxis > 999) throw new FitsError('fits/invalid-header', `HDU ${index}: NAXIS = ${naxis} is above 999`);
  const naxes: number[] = [];
  for (let i = 1; i <= naxis; i += 1) naxes.push(requireInt(header, `NAXIS${i}`, offset));
  const kind = kindOf(header, index);
  // NOTE: a negative PCOUNT or GCOUNT made the data unit end before it began, and the scan loop forever.
  const pcount = index === 0 && kind !== 'groups' ? 0 : optionalInt(header, 'PCOUNT', 0, offset);
  const gcount = index === 0 && kind !== 'groups' ? 1 : optionalInt(header, 'GCOUNT', 1, offset);
  const counted = kind === 'groups' ? naxes.slice(1) : naxes;
  const elements = naxis === 0 ? 0 : counted.reduce((a, b) => a * b, 1);
  // NOTE: GCOUNT = 0 holds no data (and 0 × an overflowing Infinity would be NaN).
  const dataBytes = (naxis === 0 && pcount === 0) || gcount === 0 ? 0 : (Math.abs(bitpix) / 8) * gcount * (pcount + elements);

  let imageBitpix: Bitpix = bitpix;
  let axes: number[] = kind === 'primary' || kind === 'image' ? naxes : [];
  if (kind === 'compimage') {
    const zb = header.number('ZBITPIX');
    if (!isBitpix(zb)) throw new FitsError('fits/invalid-header', `HDU ${index}: ZBITPIX = ${String(header.get('ZBITPIX'))} is not a BITPIX`);
    imageBitpix = zb;
    const zn = requireInt(header, 'ZNAXIS', offset);
    if (zn > 999) throw new FitsError('fits/invalid-header', `HDU ${index}: ZNAXIS = ${zn} is above 999`);
    axes = [];
    for (let i = 1; i <= zn; i += 1) axes.push(requireInt(header, `ZNAXIS${i}`, offset));
  }
  const shape = [...axes].reverse();
  const extname = header.string('EXTNAME')?.trim();
  return Object.freeze({
    index,
    kind,
    header,
    headerOffset: offset,
    dataOffset,
    dataBytes,
    bitpix: imageBitpix,
    axes: Object.freeze(axes),
    shape: Object.freeze(shape),
    extname: extname === '' ? undefined : extname,
    extver: header.number('EXTVER', 1)!,
    truncated: dataOffset + dataBytes > bytes.length,
  });
}

/**
 * Finds every HDU of a FITS file by reading headers only. Stops at the end of the file, at a data unit that
 * runs past it (that HDU is marked `truncated`), or at trailing bytes that are not an extension header.
 * Throws `fits/not-fits` when the first card is not `SIMPLE = T`.
 *
 * @example
 * ```ts
 * const hdus = scanHdus(bytes);
 * hdus.map((h) => h.kind); // ['primary', 'compimage']
 * ```
 */
export function scanHdus(bytes: Uint8Array): FitsHdu[] {
  if (bytes.length === 0) throw new FitsError('fits/not-fits', 'the file is empty (0 bytes)');
  const first = String.fromCharCode(...bytes.subarray(0, Math.min(30, bytes.length)));
  if (!/^SIMPLE  = +T/.test(first)) {
    throw new FitsError('fits/not-fits', 'the data do not start with a FITS "SIMPLE = T" card', {
      hint: 'check that the file is FITS and not, say, an HTML error page or another compressed format',
      details: { start: first.replace(/[^\x20-\x7e]/g, '.') },
    });
  }
  const hdus: FitsHdu[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (hdus.length > 0) {
      const start = String.fromCharCode(...bytes.subarray(offset, offset + 9));
      if (start !== 'XTENSION=') break; // NOTE: trailing padding or junk after the last HDU, as astropy tolerates
      if (offset + BLOCK_SIZE > bytes.length) break;
    }
    const hdu = readHdu(bytes, offset, hdus.length);
    hdus.push(hdu);
    if (hdu.truncated) break;
    offset = hdu.dataOffset + Math.ceil(hdu.dataBytes / BLOCK_SIZE) * BLOCK_SIZE;
  }
  return hdus;
}
