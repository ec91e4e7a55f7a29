/**
 * How much memory a FITS file may make the reader use (see the package README, "Limits"). Nothing is
 * allocated before the bytes it needs are known to be there, except where compression makes data grow; there
 * the growth is capped by what the headers declare, by the compressed size, and by `maxBytes`.
 */

/**
 * The most a tile-compressed image may expand: its pixels may take at most this many times the compressed
 * bytes actually present in its data unit (at least one block). NOTE: deflate's best ratio is about 1032:1;
 * RICE_1 reaches 128:1 to 205:1 on constant tiles; only PLIO_1 masks could legitimately go further.
 *
 * @example
 * ```ts
 * imageBytes <= MAX_EXPANSION * Math.max(compressedBytesPresent, 2880); // or fits/too-large
 * ```
 */
export const MAX_EXPANSION = 1100;

/**
 * The default cap on what a container may decompress to and on one decoded compressed image: 2 GiB (Node's
 * `fs.readFile` limit too). Lower it with `openFits(bytes, { maxBytes })` for untrusted input.
 *
 * @example
 * ```ts
 * openFits(bytes, { maxBytes: DEFAULT_MAX_BYTES / 8 });
 * ```
 */
export const DEFAULT_MAX_BYTES = 2 ** 31;

/**
 * The most header bytes, before END, that a compressed container may hold for one HDU (2,000 blocks, 72,000
 * cards): more is not a header but a decompression bomb.
 *
 * @example
 * ```ts
 * MAX_HEADER_BYTES / 80; // 72,000 cards
 * ```
 */
export const MAX_HEADER_BYTES = 2000 * 2880;

/**
 * The most bytes a compressed container may hold after the last HDU its headers declare (junk or padding the
 * reader ignores, as astropy does): 1 MiB.
 *
 * @example
 * ```ts
 * decompressed <= endOfLastHdu + MAX_TRAILING_BYTES; // or fits/too-large
 * ```
 */
export const MAX_TRAILING_BYTES = 1 << 20;
