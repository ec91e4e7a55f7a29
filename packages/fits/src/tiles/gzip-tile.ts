/**
 * GZIP_1 and GZIP_2 tiles: gzip (or zlib) streams of big-endian values; GZIP_2 has the bytes shuffled (all
 * most-significant bytes first), which compresses better.
 */
import { gunzipSync, unzlibSync } from 'fflate';
import { FitsError } from '../errors.js';
import { inflateBounded } from '../container/inflate-stream.js';

/**
 * Tiles up to this many compressed bytes inflate in one call into a buffer of the allowed size (fast: most
 * tiles are a row of a few kB); larger ones stream, so that a bomb stops at its first piece. NOTE: inflating
 * into a fixed buffer drops what overflows it but still runs to the end of the stream, so its time is that of
 * up to ~1032 × 32 kB of output, as for any honest 32 kB of deflate.
 */
const ONE_CALL_MAX = 32 * 1024;

/**
 * Inflates one tile and refuses (`fits/corrupt-tile`) a tile that grows beyond `maxBytes` (what its pixels
 * can take) without ever holding more than `maxBytes` + 1 bytes of it: a gzip trailer that claims more is
 * refused at once, a small tile inflates into a buffer of that size, a large one streams and stops at the
 * first piece beyond it. CFITSIO writes gzip streams; a zlib stream is accepted too.
 *
 * @example
 * ```ts
 * const bytes = inflateTile(tileBytes, 8 * pixels); // big-endian values
 * ```
 */
export function inflateTile(data: Uint8Array, maxBytes: number): Uint8Array {
  const tooLarge = (): FitsError =>
    new FitsError('fits/corrupt-tile', `a GZIP tile of ${data.length} bytes inflates to more than the ${maxBytes} bytes its pixels can take`, { details: { maxBytes } });
  const gzip = data[0] === 0x1f && data[1] === 0x8b;
  try {
    if (gzip && data.length >= 18) {
      const n = data.length;
      const claimed = (data[n - 4]! | (data[n - 3]! << 8) | (data[n - 2]! << 16) | (data[n - 1]! << 24)) >>> 0;
      if (claimed > maxBytes) throw tooLarge();
    }
    if (data.length > ONE_CALL_MAX) return inflateBounded(data, maxBytes, tooLarge);
    const out = new Uint8Array(maxBytes + 1);
    const raw = gzip ? gunzipSync(data, { out }) : unzlibSync(data, { out });
    if (raw.length > maxBytes) throw tooLarge();
    return raw;
  } catch (cause) {
    if (cause instanceof FitsError) throw cause;
    throw new FitsError('fits/corrupt-tile', `a GZIP tile of ${data.length} bytes does not inflate: ${String((cause as Error).message ?? cause)}`, { cause });
  }
}

/**
 * Undoes GZIP_2's byte shuffle: `width`-byte values stored as all first bytes, then all second bytes, ...
 *
 * @example
 * ```ts
 * unshuffle(Uint8Array.of(0, 0, 1, 2), 2); // Uint8Array [0, 1, 0, 2]
 * ```
 */
export function unshuffle(bytes: Uint8Array, width: number): Uint8Array {
  const n = Math.floor(bytes.length / width);
  const out = new Uint8Array(n * width);
  for (let b = 0; b < width; b += 1) {
    const base = b * n;
    for (let i = 0; i < n; i += 1) out[i * width + b] = bytes[base + i]!;
  }
  return out;
}
