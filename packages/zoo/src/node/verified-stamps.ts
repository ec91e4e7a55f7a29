/**
 * Node-only. Remembers which files' sha256 was checked, by (path, size, mtime, inode), so a 500 MB model is
 * hashed once, not on every run; any write to the file changes its stamp and forces a new check.
 * `kenobi models verify` ignores stamps and hashes everything.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileSha256 } from './file-sha256.js';

interface Stamp { readonly size: number; readonly mtimeMs: number; readonly ino: number }

/**
 * Result of checking one file against its pinned sha256.
 *
 * @example
 * ```ts
 * const r: CheckResult = { ok: false, actual: 'ab12…', hashed: true };
 * ```
 */
export interface CheckResult { readonly ok: boolean; readonly actual: string | undefined; readonly hashed: boolean }

async function readStamps(stampPath: string): Promise<Record<string, Stamp>> {
  try {
    return JSON.parse(await readFile(stampPath, 'utf8')) as Record<string, Stamp>;
  } catch {
    return {};
  }
}

/**
 * True when the file's sha256 equals `sha256`: from a matching stamp, else by hashing it (then stamping it).
 * `force` always hashes.
 *
 * @example
 * ```ts
 * const r = await checkFile('/cache/blobs/2f06….onnx', '2f06…', '/cache/verified/2f06….json');
 * r.ok; // true
 * ```
 */
export async function checkFile(path: string, sha256: string, stampPath: string, force = false): Promise<CheckResult> {
  const st = await stat(path);
  const stamps = await readStamps(stampPath);
  const s = stamps[path];
  if (!force && s && s.size === st.size && s.mtimeMs === st.mtimeMs && s.ino === st.ino) return { ok: true, actual: sha256, hashed: false };
  const actual = await fileSha256(path);
  if (actual === sha256) await writeStamp(path, stampPath);
  return { ok: actual === sha256, actual, hashed: true };
}

/**
 * Records that `path` was just checked (call right after a verified write).
 *
 * @example
 * ```ts
 * await writeStamp('/cache/blobs/2f06….onnx', '/cache/verified/2f06….json');
 * ```
 */
export async function writeStamp(path: string, stampPath: string): Promise<void> {
  const st = await stat(path);
  const stamps = await readStamps(stampPath);
  stamps[path] = { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
  await mkdir(dirname(stampPath), { recursive: true });
  const tmp = `${stampPath}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, JSON.stringify(stamps));
  await rename(tmp, stampPath);
}
