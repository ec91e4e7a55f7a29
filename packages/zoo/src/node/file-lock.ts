/**
 * Node-only. A lock file per sha256 so two processes fetching the same model do not write the same partial
 * file. Created with O_EXCL ('wx'); a lock whose process is gone, or older than `staleMs`, is broken.
 */
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LockTimeoutError } from '../zoo-errors.js';

/**
 * Takes the lock at `path`, waiting while another live process holds it; resolves to a release function.
 *
 * @example
 * ```ts
 * const release = await acquireLock('/cache/locks/2f06….lock');
 * try { … } finally { await release(); }
 * ```
 */
export async function acquireLock(path: string, options: { timeoutMs?: number; staleMs?: number; pollMs?: number } = {}): Promise<() => Promise<void>> {
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const staleMs = options.staleMs ?? 60 * 60_000;
  const pollMs = options.pollMs ?? 100;
  await mkdir(dirname(path), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      await handle.close();
      return async () => { await rm(path, { force: true }); };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (await isStale(path, staleMs)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) throw new LockTimeoutError(path, Date.now() - started);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function isStale(path: string, staleMs: number): Promise<boolean> {
  try {
    const [text, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    if (Date.now() - st.mtimeMs > staleMs) return true;
    const pid = (JSON.parse(text || '{}') as { pid?: number }).pid;
    if (typeof pid !== 'number') return Date.now() - st.mtimeMs > 5_000; // being written, or garbage
    try {
      process.kill(pid, 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  } catch {
    return false; // vanished between calls: the next open decides
  }
}
