/**
 * Node-only. Crash-safe file writes: a temporary file in the same folder, fsync, rename, fsync of the
 * folder. A reader (or a resumed run) sees either the old file or the whole new one, never a torn one.
 */
import { appendFileSync, closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` atomically.
 *
 * @example
 * ```ts
 * writeFileAtomic('feats/part-00000.npy', writeNpy(x, [n, d]));
 * ```
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  const fd = openSync(tmp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  syncDirectory(dirname(path));
}

/**
 * Appends one line and fsyncs it (the progress journal).
 *
 * @example
 * ```ts
 * appendLineDurably('feats/journal.jsonl', JSON.stringify({ part: 3, rows: 512 }));
 * ```
 */
export function appendLineDurably(path: string, line: string): void {
  appendFileSync(path, `${line}\n`);
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // NOTE: some file systems refuse fsync on a directory; the rename itself is still atomic.
  }
}
