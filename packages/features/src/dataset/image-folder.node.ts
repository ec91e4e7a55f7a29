/**
 * Node-only. A flat folder of images (no class folders): unlabelled items, what `kenobi extract`, `predict`
 * and `cluster` read from a folder of survey cutouts.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FeaturesError } from '../features-error.js';
import type { Dataset, DatasetItem } from './dataset.js';
import { isFileEntry } from './folder-entries.node.js';
import { imageFileKind } from './image-extensions.js';

/**
 * Loads the images (PNG, JPEG, FITS, `.npy`) directly in `root`, in sorted order, without labels; the id of an
 * item is its file name. A folder with neither images nor class folders is `features/bad-dataset`.
 *
 * @example
 * ```ts
 * const ds = await loadImageFolder('cutouts/'); // cutouts/obj1.png, cutouts/obj2.fits
 * ds.items[0].id; ds.classNames; // 'obj1.png', []
 * ```
 */
export async function loadImageFolder(root: string): Promise<Dataset> {
  const dir = resolve(root);
  const files = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => isFileEntry(dir, e) && !e.name.startsWith('.') && imageFileKind(e.name) !== undefined).map((e) => e.name).sort();
  if (files.length === 0) {
    throw new FeaturesError('features/bad-dataset', `${dir} has no images and no class folders`, {
      hint: 'PNG, JPEG, FITS and .npy files are read, directly in the folder (unlabelled) or as <dir>/<class>/<image>; or pass a catalog CSV',
    });
  }
  const items: DatasetItem[] = files.map((f, i) => ({ row: i + 1, id: f, source: { kind: 'file', path: join(dir, f) } }));
  return { kind: 'image-folder', source: dir, items, classNames: [], targetNames: [], bandNames: [] };
}
