/**
 * Resident memory against rows processed, for the scale benchmark: a sample at every `step` rows (RSS now and
 * the process's peak so far), reduced to a table and a slope in bytes per row. Under `node --expose-gc` each
 * sample follows a full collection, so RSS is what is live (garbage that V8 has not collected yet does not
 * look like a leak); the peak is the process's own, garbage included (what a cluster's memory limit sees).
 */

/** One sample. */
export interface RssSample {
  readonly rows: number;
  readonly seconds: number;
  readonly rssMB: number;
  readonly peakMB: number;
}

/** Samples RSS when `rows` crosses each multiple of `step`. */
export class RssTrace {
  readonly samples: RssSample[] = [];
  readonly #t0 = performance.now();
  #next: number;
  constructor(readonly step: number) {
    this.#next = step;
  }

  /** Records a sample when `rows` reached the next step (or `force`). */
  at(rows: number, force = false): void {
    if (!force && rows < this.#next) return;
    while (this.#next <= rows) this.#next += this.step;
    (globalThis as { gc?: () => void }).gc?.();
    this.samples.push({
      rows, seconds: (performance.now() - this.#t0) / 1000,
      rssMB: process.memoryUsage().rss / 2 ** 20, peakMB: process.resourceUsage().maxRSS / 1024,
    });
  }

  /** Least-squares slope of RSS over rows, in bytes per row, from the second half of the samples (after warm-up). */
  slopeBytesPerRow(): number {
    const s = this.samples.slice(Math.floor(this.samples.length / 2));
    if (s.length < 2) return 0;
    const mx = s.reduce((a, p) => a + p.rows, 0) / s.length, my = s.reduce((a, p) => a + p.rssMB, 0) / s.length;
    const num = s.reduce((a, p) => a + (p.rows - mx) * (p.rssMB - my), 0), den = s.reduce((a, p) => a + (p.rows - mx) ** 2, 0);
    return den === 0 ? 0 : (num / den) * 2 ** 20;
  }

  /** Markdown rows: rows, seconds, rows/s since the previous sample, RSS, peak. */
  table(picks = 6): string[] {
    const idx = new Set(Array.from({ length: picks }, (_, k) => Math.round((k * (this.samples.length - 1)) / Math.max(1, picks - 1))));
    const gc = (globalThis as { gc?: unknown }).gc !== undefined;
    const out = [`| rows | seconds | rows/s (interval) | RSS${gc ? ' after a full GC' : ''} (MB) | peak RSS (MB) |`, '| --- | --- | --- | --- | --- |'];
    let prev: RssSample | undefined;
    this.samples.forEach((s, i) => {
      if (idx.has(i)) {
        const rate = prev ? (s.rows - prev.rows) / Math.max(1e-9, s.seconds - prev.seconds) : s.rows / Math.max(1e-9, s.seconds);
        out.push(`| ${s.rows.toLocaleString('en')} | ${s.seconds.toFixed(1)} | ${Math.round(rate).toLocaleString('en')} | ${s.rssMB.toFixed(0)} | ${s.peakMB.toFixed(0)} |`);
        prev = s;
      }
    });
    return out;
  }
}
