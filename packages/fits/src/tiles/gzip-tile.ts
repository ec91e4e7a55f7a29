/**
 * GZIP_1 and GZIP_2 tiles: gzip (or zlib) streams of big-endian values; GZIP_2 has the bytes shuffled (all
 * most-significant bytes first), which compresses better.
 */
import { gunzipSync, unzlibSync } from 'fflate';
import { FitsError } from '../errors.js';

/**
 * Inflates one tile. CFITSIO writes gzip streams; a zlib stream is accepted too.
 *
 * @example
 * ```ts
 * const bytes = inflateTile(tileBytes); // big-endian values
 * ```
 */
export function inflateTile(data: Uint8Array): Uint8Array {
  try {
    return data[0] === 0x1f && data[1] === 0x8b ? gunzipSync(data) : unzlibSync(data);
  } catch (cause) {
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
