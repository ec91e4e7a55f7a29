/**
 * Sorting dropped files into images: one FITS file, three FITS files of one object in g, r and i, or a
 * PNG/JPEG. Pure TypeScript over names, so it is tested in Node.
 */

/** The kinds of file the app reads. @example `IMAGE_FILE_KINDS; // ['fits', 'raster', 'onnx']` */
export const IMAGE_FILE_KINDS = Object.freeze(['fits', 'raster', 'onnx'] as const);
/** One of {@link IMAGE_FILE_KINDS}. @example `const k: ImageFileKind = 'fits';` */
export type ImageFileKind = (typeof IMAGE_FILE_KINDS)[number];

/** A file as the app sees it (a browser `File` or a test stand-in). */
export interface NamedFile {
  readonly name: string;
}

/** One image to classify: its id, and one file (a FITS band or PNG/JPEG) or three FITS bands. */
export interface ImageGroup<F extends NamedFile = NamedFile> {
  /** The name shown in the table: the file name, or the common stem of the bands. */
  readonly id: string;
  readonly kind: 'fits' | 'raster';
  readonly files: readonly F[];
  /** Band names of `files` (e.g. ['g', 'r', 'i']); empty for a single file. */
  readonly bands: readonly string[];
}

const FITS_NAME = /\.(fits|fit|fts)(\.gz|\.fz)?$|\.fz$/i;
const RASTER_NAME = /\.(png|jpe?g)$/i;
const BAND_IN_NAME = /^(.+)[_\-.]([gri])$/i;

/**
 * The kind of a file, by its name.
 *
 * @example
 * ```ts
 * fileKind('M51.fits'); // 'fits'
 * fileKind('cutout_r.fits.gz'); // 'fits'
 * fileKind('galaxy.JPG'); // 'raster'
 * fileKind('lens-finder.onnx'); // 'onnx'
 * fileKind('notes.txt'); // undefined
 * ```
 */
export function fileKind(name: string): ImageFileKind | undefined {
  if (FITS_NAME.test(name)) return 'fits';
  if (RASTER_NAME.test(name)) return 'raster';
  if (/\.onnx$/i.test(name)) return 'onnx';
  return undefined;
}

/**
 * The band letter (g, r or i) at the end of a FITS file's stem, and the stem without it.
 *
 * @example
 * ```ts
 * bandOf('obj42_g.fits');   // { stem: 'obj42', band: 'g' }
 * bandOf('obj42-I.fits.gz'); // { stem: 'obj42', band: 'i' }
 * bandOf('M51.fits');      // undefined
 * ```
 */
export function bandOf(name: string): { stem: string; band: string } | undefined {
  const stem = name.replace(FITS_NAME, '');
  const m = BAND_IN_NAME.exec(stem);
  if (!m) return undefined;
  return { stem: m[1]!, band: m[2]!.toLowerCase() };
}

/**
 * Groups dropped files into images: FITS files whose names differ only in a trailing g/r/i become one
 * three-band image; every other FITS, PNG or JPEG file is an image of its own. Other files are returned in
 * `ignored`.
 *
 * @example
 * ```ts
 * groupImageFiles([{ name: 'a_g.fits' }, { name: 'a_r.fits' }, { name: 'a_i.fits' }, { name: 'b.png' }]).groups;
 * // [{ id: 'a', kind: 'fits', bands: ['g', 'r', 'i'], files: [...] }, { id: 'b.png', kind: 'raster', bands: [], files: [...] }]
 * ```
 */
export function groupImageFiles<F extends NamedFile>(files: readonly F[]): { groups: ImageGroup<F>[]; ignored: F[] } {
  const groups: ImageGroup<F>[] = [];
  const ignored: F[] = [];
  const byStem = new Map<string, Map<string, F>>();
  for (const f of files) {
    const kind = fileKind(f.name);
    if (kind === 'fits') {
      const b = bandOf(f.name);
      if (b) {
        const bands = byStem.get(b.stem) ?? new Map<string, F>();
        if (!bands.has(b.band)) {
          bands.set(b.band, f);
          byStem.set(b.stem, bands);
          continue;
        }
      }
      groups.push({ id: f.name, kind: 'fits', files: [f], bands: [] });
    } else if (kind === 'raster') {
      groups.push({ id: f.name, kind: 'raster', files: [f], bands: [] });
    } else {
      ignored.push(f);
    }
  }
  for (const [stem, bands] of byStem) {
    if (['g', 'r', 'i'].every((b) => bands.has(b))) {
      groups.push({ id: stem, kind: 'fits', files: ['g', 'r', 'i'].map((b) => bands.get(b)!), bands: ['g', 'r', 'i'] });
    } else {
      for (const f of bands.values()) groups.push({ id: f.name, kind: 'fits', files: [f], bands: [] });
    }
  }
  return { groups, ignored };
}
