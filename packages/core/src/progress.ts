/**
 * Progress of long work (downloads, extraction, training), reported as plain events so that Node renders a
 * bar on a TTY and the browser app renders its own. Producers call `onProgress` at most a few times a second.
 *
 * @example
 * ```ts
 * import type { ProgressEvent } from '@kenobi/core';
 * const onProgress = (e: ProgressEvent) => console.log(`${e.phase}: ${e.done}/${e.total ?? '?'} ${e.unit}`);
 * onProgress({ phase: 'download', done: 1024, total: 4096, unit: 'bytes' }); // download: 1024/4096 bytes
 * ```
 */
export interface ProgressEvent {
  /** What is being done: 'download', 'extract', 'train', ... */
  readonly phase: string;
  /** Units done so far. */
  readonly done: number;
  /** Units in all, when known. */
  readonly total?: number;
  /** 'bytes', 'images', 'epochs', ... */
  readonly unit: string;
  /** Optional one-line detail (file name, current loss). */
  readonly detail?: string;
}

/** A callback that receives progress events. */
export type ProgressCallback = (event: ProgressEvent) => void;

/**
 * Wraps a callback so it fires at most every `intervalMs`, plus always on the last event (done === total).
 *
 * @example
 * ```ts
 * const report = throttleProgress((e) => render(e), 100);
 * for (let i = 1; i <= n; i++) report({ phase: 'extract', done: i, total: n, unit: 'images' });
 * ```
 */
export function throttleProgress(callback: ProgressCallback | undefined, intervalMs = 100): ProgressCallback {
  if (!callback) return () => {};
  let last = -Infinity;
  return (event) => {
    const now = Date.now();
    if (now - last >= intervalMs || (event.total !== undefined && event.done >= event.total)) {
      last = now;
      callback(event);
    }
  };
}
