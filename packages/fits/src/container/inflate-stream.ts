/**
 * Streaming inflate (gzip or zlib, through fflate's streaming classes, so it runs in the browser too): the
 * compressed bytes go in 16 kB at a time and each piece of output is handed to a callback, which may throw to
 * stop a decompression bomb long before its output would fill memory.
 */
import { Gunzip, Unzlib } from 'fflate';
import { FitsError } from '../errors.js';

/** Compressed bytes per push at most: deflate expands at most ~1032×, so one piece stays below ~17 MB. */
const MAX_STEP = 16 * 1024;
/** Compressed bytes per push at least (for small limits: a tile of a few hundred pixels). */
const MIN_STEP = 256;

/**
 * Inflates a gzip stream (one or more members; junk after a complete member is ignored, as gzip does) or a
 * zlib stream, calling `write` with each piece of output in order, `step` compressed bytes at a time (each
 * piece is at most ~1032 × `step`). Errors of the data themselves are thrown as they come from fflate (the
 * caller types them); errors thrown by `write` pass through.
 *
 * @example
 * ```ts
 * let n = 0;
 * inflateStream(gz, (chunk) => { n += chunk.length; if (n > limit) throw new FitsError('fits/too-large', '...'); });
 * ```
 */
export function inflateStream(data: Uint8Array, write: (chunk: Uint8Array) => void, step = MAX_STEP): void {
  const gzip = data[0] === 0x1f && data[1] === 0x8b;
  let total = 0;
  let stopped: unknown;
  const ondata = (chunk: Uint8Array): void => {
    total += chunk.length;
    try {
      write(chunk);
    } catch (e) {
      stopped = e;
      throw e;
    }
  };
  const stream = gzip ? new Gunzip(ondata) : new Unzlib(ondata);
  try {
    if (data.length === 0) stream.push(data, true);
    for (let at = 0; at < data.length; at += step) stream.push(data.subarray(at, at + step), at + step >= data.length);
  } catch (e) {
    if (stopped !== undefined || e instanceof FitsError) throw e;
    // NOTE: fflate's code 6 is a gzip header that does not parse; after output, it is junk after the last member.
    if (gzip && total > 0 && (e as { code?: number }).code === 6) return;
    throw e;
  }
}

/**
 * Inflates a whole gzip or zlib stream that must not grow beyond `maxBytes`; beyond it, `onTooLarge` gives the
 * error to throw (at once, before the rest is decompressed).
 *
 * @example
 * ```ts
 * const raw = inflateBounded(tile, 8 * pixels, () => new FitsError('fits/corrupt-tile', 'tile inflates beyond its pixels'));
 * ```
 */
export function inflateBounded(data: Uint8Array, maxBytes: number, onTooLarge: () => Error): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  // NOTE: a step small enough that one piece of output overshoots the limit by little (deflate: ≤ 1032×).
  const step = Math.min(MAX_STEP, Math.max(MIN_STEP, Math.ceil(maxBytes / 1024)));
  inflateStream(data, (chunk) => {
    total += chunk.length;
    if (total > maxBytes) throw onTooLarge();
    chunks.push(chunk);
  }, step);
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
