/**
 * The file names the pipeline can decode, recognised by extension.
 */

/**
 * Extensions of image files Kenobi reads (lower case, with the dot).
 *
 * @example
 * ```ts
 * IMAGE_EXTENSIONS.includes('.fits.gz'); // true
 * ```
 */
export const IMAGE_EXTENSIONS = Object.freeze(['.png', '.jpg', '.jpeg', '.fits', '.fit', '.fts', '.fits.gz', '.fits.fz', '.fz', '.npy'] as const);

/**
 * The decoder an image file name calls for.
 *
 * @example
 * ```ts
 * imageFileKind('a/b.FITS.gz'); // 'fits'
 * imageFileKind('notes.txt');   // undefined
 * ```
 */
export function imageFileKind(name: string): 'raster' | 'fits' | 'npy' | undefined {
  const n = name.toLowerCase();
  if (!IMAGE_EXTENSIONS.some((e) => n.endsWith(e))) return undefined;
  if (n.endsWith('.npy')) return 'npy';
  if (n.endsWith('.png') || n.endsWith('.jpg') || n.endsWith('.jpeg')) return 'raster';
  return 'fits';
}
