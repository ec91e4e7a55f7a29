/**
 * Node-only. What a dataset folder holds, following symbolic links: survey cutouts are often staged as links
 * to files elsewhere, and `readdir`'s entry types describe the link, not its target.
 */
import { statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether `entry` of folder `dir` is a file, or a link to one (a broken link is neither).
 *
 * @example
 * ```ts
 * (await readdir(dir, { withFileTypes: true })).filter((e) => isFileEntry(dir, e));
 * ```
 */
export function isFileEntry(dir: string, entry: Dirent): boolean {
  return entry.isFile() || (entry.isSymbolicLink() && targetIs(join(dir, entry.name), 'file'));
}

/**
 * Whether `entry` of folder `dir` is a folder, or a link to one.
 *
 * @example
 * ```ts
 * (await readdir(root, { withFileTypes: true })).filter((e) => isFolderEntry(root, e)); // the class folders
 * ```
 */
export function isFolderEntry(dir: string, entry: Dirent): boolean {
  return entry.isDirectory() || (entry.isSymbolicLink() && targetIs(join(dir, entry.name), 'folder'));
}

function targetIs(path: string, kind: 'file' | 'folder'): boolean {
  try {
    const s = statSync(path);
    return kind === 'file' ? s.isFile() : s.isDirectory();
  } catch {
    return false; // a broken link
  }
}
