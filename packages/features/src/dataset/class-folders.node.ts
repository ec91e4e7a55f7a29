/**
 * Node-only. A folder per class: `root/<class>/<image>`; the class is the folder name. A folder without class
 * folders is read as a flat folder of unlabelled images (`image-folder.node.ts`).
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FeaturesError } from '../features-error.js';
import type { Dataset, DatasetItem } from './dataset.js';
import { isFileEntry, isFolderEntry } from './folder-entries.node.js';
import { imageFileKind } from './image-extensions.js';
import { loadImageFolder } from './image-folder.node.js';

/**
 * Loads `root/<class>/<file>` images (PNG, JPEG, FITS, `.npy`), classes and files in sorted order. The id of
 * an item is `<class>/<file>`.
 *
 * @example
 * ```ts
 * const ds = await loadClassFolders('cutouts/'); // cutouts/lens/*.png, cutouts/nonlens/*.png
 * ds.classNames; // ['lens', 'nonlens']
 * ```
 */
export async function loadClassFolders(root: string): Promise<Dataset> {
  const dir = resolve(root);
  const entries = await readdir(dir, { withFileTypes: true });
  const classes = entries.filter((e) => isFolderEntry(dir, e) && !e.name.startsWith('.')).map((e) => e.name).sort();
  // NOTE: no class folders: the images in the folder itself, unlabelled
  if (classes.length === 0) return loadImageFolder(dir);
  const items: DatasetItem[] = [];
  for (const c of classes) {
    const files = (await readdir(join(dir, c), { withFileTypes: true }))
      .filter((e) => isFileEntry(join(dir, c), e) && imageFileKind(e.name) !== undefined).map((e) => e.name).sort();
    for (const f of files) items.push({ row: items.length + 1, id: `${c}/${f}`, source: { kind: 'file', path: join(dir, c, f) }, label: c });
  }
  if (items.length === 0) throw new FeaturesError('features/bad-dataset', `no images in the class folders of ${dir}`, { hint: 'PNG, JPEG, FITS and .npy files are read' });
  return { kind: 'class-folders', source: dir, items, classNames: classes.filter((c) => items.some((it) => it.label === c)), targetNames: [], bandNames: [] };
}
