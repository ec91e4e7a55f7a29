/**
 * Node-only. Downloads one pinned file with Node's fetch into a partial file: resumes with HTTP Range,
 * retries transient failures, aborts when no data arrives for `timeoutMs`, reports progress, and checks size
 * and sha256 before the caller renames the partial file into the cache. The partial file survives failures
 * so the next call resumes; it is deleted when its bytes are wrong.
 */
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { throttleProgress, type ProgressCallback } from '@kenobi/core';
import { ChecksumError, DownloadInterruptedError, DownloadTimeoutError, HttpError } from '../zoo-errors.js';
import { fileSha256 } from './file-sha256.js';

/**
 * How to download.
 *
 * @example
 * ```ts
 * const o: DownloadOptions = { timeoutMs: 30_000, retries: 3, onProgress: (e) => console.log(e.done) };
 * ```
 */
export interface DownloadOptions {
  /** Abort an attempt when no bytes arrive for this long (default 60 s, or KENOBI_DOWNLOAD_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** Extra attempts after a dropped connection, timeout or 5xx/429 (default 3). */
  readonly retries?: number;
  /** First back-off delay; doubles per attempt (default 500 ms). */
  readonly retryDelayMs?: number;
  readonly onProgress?: ProgressCallback;
  /** The fetch to use (default globalThis.fetch). */
  readonly fetch?: typeof fetch;
}

/**
 * What a finished download reports.
 *
 * @example
 * ```ts
 * const r: DownloadReport = { attempts: 2, resumedFrom: 13000, bytes: 26454 };
 * ```
 */
export interface DownloadReport { readonly attempts: number; readonly resumedFrom: number; readonly bytes: number }

class RetryableError extends Error {
  constructor(message: string, readonly timeout = false, readonly httpStatus?: number, readonly statusText?: string) { super(message); }
}

/**
 * Downloads `file.url` into `partialPath` until it holds exactly `file.size` bytes with `file.sha256`.
 * Throws HttpError, DownloadTimeoutError or ChecksumError (the partial file is then deleted).
 *
 * @example
 * ```ts
 * await downloadToPartial({ name: 'mnist-8.onnx', url, sha256, size: 26454 }, '/cache/partial/2f06….part', { retries: 2 });
 * ```
 */
export async function downloadToPartial(
  file: { readonly name: string; readonly url: string; readonly sha256: string; readonly size: number },
  partialPath: string,
  options: DownloadOptions = {},
): Promise<DownloadReport> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const retries = options.retries ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const progress = throttleProgress(options.onProgress, 100);
  await mkdir(dirname(partialPath), { recursive: true });

  let attempts = 0;
  let resumedFrom = -1;
  let lastError: RetryableError | undefined;
  let have = 0;
  while (attempts <= retries) {
    attempts++;
    have = await sizeOf(partialPath);
    if (have > file.size) { await rm(partialPath, { force: true }); have = 0; }
    if (resumedFrom < 0) resumedFrom = have;
    try {
      if (have < file.size) await attempt(doFetch, file, partialPath, have, timeoutMs, progress);
      lastError = undefined;
      break;
    } catch (e) {
      if (!(e instanceof RetryableError)) throw e;
      lastError = e;
      if (attempts <= retries) await new Promise((r) => setTimeout(r, retryDelayMs * 2 ** (attempts - 1)));
    }
  }
  if (lastError) {
    if (lastError.timeout) throw new DownloadTimeoutError(file.url, timeoutMs, await sizeOf(partialPath), attempts);
    if (lastError.httpStatus !== undefined) throw new HttpError(file.url, lastError.httpStatus, lastError.statusText ?? '', attempts);
    throw new DownloadInterruptedError(file.url, lastError.message, await sizeOf(partialPath), file.size, attempts);
  }
  const size = await sizeOf(partialPath);
  const actual = size === file.size ? await fileSha256(partialPath) : `(size ${size}, expected ${file.size})`;
  if (actual !== file.sha256) {
    await rm(partialPath, { force: true });
    throw new ChecksumError(file.name, file.sha256, actual, file.url);
  }
  return { attempts, resumedFrom: Math.max(0, resumedFrom), bytes: size };
}

async function attempt(
  doFetch: typeof fetch,
  file: { readonly name: string; readonly url: string; readonly size: number },
  partialPath: string,
  have: number,
  timeoutMs: number,
  progress: ProgressCallback,
): Promise<void> {
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeoutMs);
  };
  arm();
  let response: Response;
  try {
    response = await doFetch(file.url, {
      headers: have > 0 ? { Range: `bytes=${have}-` } : {},
      signal: controller.signal,
      redirect: 'follow',
    });
  } catch (e) {
    clearTimeout(timer);
    throw new RetryableError(`request failed: ${(e as Error).message}`, timedOut);
  }
  // A server that ignores Range answers 200 with the whole file: start over. 416: our partial is stale.
  let offset = have;
  if (response.status === 200 || response.status === 416) offset = 0;
  if (response.status === 416) {
    clearTimeout(timer);
    await rm(partialPath, { force: true });
    throw new RetryableError('range not satisfiable; restarting');
  }
  if (response.status !== 200 && response.status !== 206) {
    clearTimeout(timer);
    await response.body?.cancel().catch(() => {});
    const transient = response.status >= 500 || response.status === 429 || response.status === 408;
    if (transient) throw new RetryableError(`HTTP ${response.status}`, false, response.status, response.statusText);
    throw new HttpError(file.url, response.status, response.statusText, 1);
  }
  const handle = await open(partialPath, offset === 0 ? 'w' : 'a');
  let done = offset;
  try {
    if (!response.body) throw new RetryableError('empty response body');
    const reader = response.body.getReader();
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        throw new RetryableError(`connection dropped after ${done} of ${file.size} bytes: ${(e as Error).message}`, timedOut);
      }
      if (chunk.done) break;
      arm();
      await handle.write(chunk.value);
      done += chunk.value.byteLength;
      progress({ phase: 'download', done, total: file.size, unit: 'bytes', detail: file.name });
      if (done > file.size) break;
    }
    if (done < file.size) throw new RetryableError(`connection closed after ${done} of ${file.size} bytes`);
    await handle.sync();
  } finally {
    clearTimeout(timer);
    await handle.close();
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
