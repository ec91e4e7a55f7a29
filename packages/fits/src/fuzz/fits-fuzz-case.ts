/**
 * One fuzz case for `@kenobi/fits`: open the bytes (any container), list the HDUs, read every header, decode
 * every HDU (images whole, raw, by plane and under both BLANK policies; tables and groups are asked for an image
 * too, which must fail typed; tables are read column by column) and check that no decoded array is larger
 * than the file's size justifies. A
 * typed {@link FitsError} is a correct answer; anything else thrown escapes to the caller as a finding.
 * Not part of the package's API.
 */
import { FitsError } from '../errors.js';
import type { FitsErrorCode } from '../errors.js';
import { openFits } from '../fits-file.js';
import type { FitsFile } from '../fits-file.js';
import type { OpenFitsOptions } from '../fits-file.js';
import { MAX_EXPANSION } from '../limits.js';
import type { FitsTableColumn } from '../table/table-column.js';

/**
 * How one case ended: every HDU decoded, or the first typed error met (others may have decoded).
 *
 * @example
 * ```ts
 * const o: FitsCaseOutcome = { kind: 'typed-error', code: 'fits/truncated' };
 * ```
 */
export type FitsCaseOutcome = { readonly kind: 'decoded' } | { readonly kind: 'typed-error'; readonly code: FitsErrorCode };

/**
 * A misbehaviour of the reader that is not an exception of its own (a decoded array larger than the file can
 * justify): thrown out of {@link runFitsCase}.
 *
 * @example
 * ```ts
 * throw new FuzzFinding('HDU 1 (compimage): readImage of 10 GB from a 9 kB file');
 * ```
 */
export class FuzzFinding extends Error {
  override readonly name = 'FuzzFinding';
}

/** Bytes a decoded column takes (typed arrays' bytes; 2 per string character; 8 per array or string). */
function columnBytes(c: FitsTableColumn): number {
  if (ArrayBuffer.isView(c.data)) return c.data.byteLength;
  let n = 0;
  for (const v of c.data as readonly (string | ArrayBufferView)[]) n += 8 + (typeof v === 'string' ? 2 * v.length : v.byteLength);
  return n;
}

/**
 * Runs `op`; a FitsError is recorded (except `fits/not-image` from an HDU that holds none: that is the right
 * answer there), anything else propagates.
 */
function attempt(codes: FitsErrorCode[], noImage: boolean, op: () => void): void {
  try {
    op();
  } catch (e) {
    if (!(e instanceof FitsError)) throw e;
    if (!(noImage && e.code === 'fits/not-image')) codes.push(e.code);
  }
}

/** The most bytes a decoded image of this file may take (see the package README, "Limits"). */
function budget(fits: FitsFile, compressed: boolean): number {
  // NOTE: scaling widens at most 4× (uint8 → float32); a compressed image may expand MAX_EXPANSION× its
  // compressed bytes (which are fewer than the file's).
  return 4 * (compressed ? MAX_EXPANSION * Math.max(fits.bytes.length, 2880) : fits.bytes.length);
}

/**
 * Decodes everything in `bytes`. Returns the outcome; throws {@link FuzzFinding} or the reader's own untyped
 * error when the reader misbehaves.
 *
 * @example
 * ```ts
 * runFitsCase(mutated.bytes, { decoders: nodeDecoders }); // { kind: 'typed-error', code: 'fits/truncated' }
 * ```
 */
export function runFitsCase(bytes: Uint8Array, options: OpenFitsOptions = {}): FitsCaseOutcome {
  let fits: FitsFile;
  try {
    fits = openFits(bytes, options);
  } catch (e) {
    if (e instanceof FitsError) return { kind: 'typed-error', code: e.code };
    throw e;
  }
  if (options.maxBytes !== undefined && fits.bytes.length > options.maxBytes) {
    throw new FuzzFinding(`the container decompressed to ${fits.bytes.length} bytes, above maxBytes ${options.maxBytes}`);
  }
  const codes: FitsErrorCode[] = [];
  const images = new Set(fits.imageHdus());
  for (const hdu of fits.hdus) {
    hdu.header.keywords();
    hdu.header.toRecord();
    const noImage = !images.has(hdu);
    const limit = budget(fits, hdu.kind === 'compimage');
    const check = (n: number, what: string): void => {
      if (n > limit) throw new FuzzFinding(`HDU ${hdu.index} (${hdu.kind}): ${what} of ${n} bytes from a ${fits.bytes.length}-byte file`);
    };
    attempt(codes, noImage, () => check(fits.readImage(hdu.index).data.data.byteLength, 'readImage'));
    attempt(codes, noImage, () => check(fits.readImage(hdu.index, { blank: 'astropy' }).data.data.byteLength, 'readImage (astropy)'));
    attempt(codes, noImage, () => check(fits.readRaw(hdu.index).data.byteLength, 'readRaw'));
    if (hdu.shape.length > 2) {
      attempt(codes, noImage, () => check(fits.readImage(hdu.index, { plane: 0 }).data.data.byteLength, 'plane 0'));
    }
    if (hdu.kind === 'table' || hdu.kind === 'bintable') {
      // NOTE: a decoded table column takes at most 8 bytes per byte read (B scaled to float64; a string 2 per
      // character); each column is decoded apart, so each is checked against twice the image budget.
      attempt(codes, false, () => {
        const t = fits.readTable(hdu.index);
        for (const c of t.columns) attempt(codes, false, () => check(columnBytes(t.column(c.number)) / 2, `column ${c.number}`));
      });
    }
  }
  return codes.length === 0 ? { kind: 'decoded' } : { kind: 'typed-error', code: codes[0]! };
}
