/**
 * Renders `ProgressEvent`s for a terminal: a bar with rate and ETA on a TTY (redrawn in place), and nothing
 * otherwise unless `verbose`, so logs of batch jobs stay clean. Every long CLI command uses this one renderer.
 */
import type { ProgressCallback, ProgressEvent } from '@kenobi/core';

/**
 * Makes a progress callback that draws on `stream` (normally stderr).
 *
 * @example
 * ```ts
 * const onProgress = progressBar(process.stderr);
 * onProgress({ phase: 'extract', done: 512, total: 1221, unit: 'images' });
 * // extract  [##########..............]  512/1221 images  41.9%  88.1 images/s  ETA 8s
 * onProgress.finish();
 * ```
 */
export function progressBar(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  options: { verbose?: boolean; intervalMs?: number } = {},
): ProgressCallback & { finish(): void } {
  const tty = stream.isTTY === true;
  const interval = options.intervalMs ?? (tty ? 100 : 5000);
  const started = new Map<string, number>();
  let lastDraw = 0;
  let drawn = false;
  let lastEvent: ProgressEvent | undefined;

  const draw = (e: ProgressEvent, force: boolean): void => {
    const now = Date.now();
    if (!started.has(e.phase)) started.set(e.phase, now);
    lastEvent = e;
    const complete = e.total !== undefined && e.done >= e.total;
    if (!force && !complete && now - lastDraw < interval) return;
    lastDraw = now;
    const line = formatProgress(e, (now - started.get(e.phase)!) / 1000, tty ? (stream.columns ?? 100) : 100);
    if (tty) {
      stream.write(`\r\x1b[2K${line}`);
      drawn = true;
      if (complete) { stream.write('\n'); drawn = false; }
    } else if (options.verbose || complete) {
      stream.write(`${line}\n`);
    }
  };
  const callback = ((e: ProgressEvent) => draw(e, false)) as ProgressCallback & { finish(): void };
  callback.finish = () => {
    if (tty && drawn && lastEvent) { draw(lastEvent, true); stream.write('\n'); drawn = false; }
  };
  return callback;
}

/**
 * One progress line: phase, bar (when the total is known), counts, percentage, rate and ETA.
 *
 * @example
 * ```ts
 * formatProgress({ phase: 'download', done: 5e6, total: 1e7, unit: 'bytes' }, 2, 100);
 * // 'download  [############............]  4.8/9.5 MiB  50.0%  2.4 MiB/s  ETA 2s'
 * ```
 */
export function formatProgress(e: ProgressEvent, elapsedSeconds: number, columns: number): string {
  const fmt = (n: number): string => (e.unit === 'bytes' ? mib(n) : `${Math.round(n)}`);
  const rate = elapsedSeconds > 0 ? e.done / elapsedSeconds : 0;
  const rateText = rate > 0 ? `${e.unit === 'bytes' ? `${mib(rate)}/s` : `${rate.toFixed(1)} ${e.unit}/s`}` : '';
  const parts = [e.phase];
  if (e.total !== undefined && e.total > 0) {
    const frac = Math.min(1, e.done / e.total);
    const width = Math.max(10, Math.min(30, columns - 70));
    const filled = Math.round(frac * width);
    parts.push(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`);
    parts.push(`${fmt(e.done)}/${fmt(e.total)}${e.unit === 'bytes' ? '' : ` ${e.unit}`}`, `${(100 * frac).toFixed(1)}%`);
    if (rateText) parts.push(rateText);
    if (rate > 0 && frac < 1) parts.push(`ETA ${formatDuration((e.total - e.done) / rate)}`);
  } else {
    parts.push(`${fmt(e.done)}${e.unit === 'bytes' ? '' : ` ${e.unit}`}`);
    if (rateText) parts.push(rateText);
  }
  if (e.detail) parts.push(e.detail);
  return parts.join('  ').slice(0, Math.max(20, columns - 1));
}

function mib(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

/**
 * A duration for a person: `45s`, `4m10s`, `1h20m` ('?' when not finite).
 *
 * @example
 * ```ts
 * formatDuration(250); // '4m10s'
 * ```
 */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
