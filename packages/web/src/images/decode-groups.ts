/**
 * Decoding every dropped image, each on its own: a file that cannot be decoded (or hangs, or kills the
 * decoder) gives that image an error and the others are decoded. Pure TypeScript, tested in Node.
 */
import type { DecodedImage } from './decode-image-file.js';
import type { ImageGroup } from './image-files.js';

/**
 * A dropped file as decoding needs it (a browser `File`, or a test stand-in).
 *
 * @example
 * ```ts
 * const f: DroppedFile = { name: 'M51.fits', arrayBuffer: async () => bytes.buffer };
 * ```
 */
export interface DroppedFile {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * One image after decoding: its pixels, or why there are none.
 *
 * @example
 * ```ts
 * const l: LoadedImage<File> = { group, error: 'bad.fits: fits/not-fits: the file is empty (0 bytes)' };
 * ```
 */
export interface LoadedImage<F extends DroppedFile = DroppedFile> {
  readonly group: ImageGroup<F>;
  readonly decoded?: DecodedImage;
  readonly error?: string;
}

/**
 * Reads and decodes each group with `decode`; a failure is kept on its image, never thrown.
 *
 * @example
 * ```ts
 * const images = await decodeGroups(groups, (c, b, n) => decoder.decode(c, b, n));
 * images.filter((i) => i.error).length; // the files that failed, each with its reason
 * ```
 */
export async function decodeGroups<F extends DroppedFile>(groups: readonly ImageGroup<F>[],
  decode: (contents: Uint8Array[], bandNames: readonly string[], names: readonly string[]) => Promise<DecodedImage>): Promise<LoadedImage<F>[]> {
  return Promise.all(groups.map(async (group): Promise<LoadedImage<F>> => {
    try {
      const contents = await Promise.all(group.files.map(async (f) => new Uint8Array(await f.arrayBuffer())));
      return { group, decoded: await decode(contents, group.bands, group.files.map((f) => f.name)) };
    } catch (e) {
      return { group, error: e instanceof Error ? e.message : String(e) };
    }
  }));
}
