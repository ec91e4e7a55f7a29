/**
 * Test support (Node on Linux only, imported by tests and scripts/soak only): the leak soak. Runs a step many
 * times, reads the process's resources every few steps (see `process-resources.ts`) and summarises the
 * curve: RSS growth after warm-up, the least-squares slope over the second half, and how far descriptors,
 * threads and Node's active resources move after warm-up (`spread`) and rise and stay (`rise`: a leak-free
 * loop gives 0).
 */
import { activeCount, leastSquaresSlope, sampleResources, type ResourceSample } from './process-resources.js';

/** Options of {@link runSoak}. @example `{ batches: 250, warmup: 100, every: 10 }` */
export interface SoakOptions {
  /** Steps in all (a multiple of `every`). */
  readonly batches: number;
  /** A reading every this many steps (default 10). */
  readonly every?: number;
  /** Steps before the curve counts (a multiple of `every`, below `batches`). */
  readonly warmup: number;
  /** Called with each reading as it is taken (batch 0 is the reading before the first step). */
  readonly onReading?: (r: SoakReading) => void;
}

/** A reading after `batch` steps. @example `{ batch: 100, sample: { rssMiB: 126.5, fds: 30, threads: 13, ... } }` */
export interface SoakReading {
  readonly batch: number;
  readonly sample: ResourceSample;
}

/** What a soak measured. @example `{ rssGrowthMiB: 0.8, slopePer1000: { rssMiB: 0.2, ... }, spread: { fds: 0, threads: 0, active: 0 }, rise: { ... }, ... }` */
export interface SoakSummary {
  readonly readings: readonly SoakReading[];
  /** Wall time of the steps and readings. */
  readonly seconds: number;
  /** Max RSS over readings at or after `warmup`, minus the reading at `warmup`, MiB. */
  readonly rssGrowthMiB: number;
  /** Least-squares slopes over the readings of the second half, per 1,000 steps. */
  readonly slopePer1000: { readonly rssMiB: number; readonly heapUsedMiB: number; readonly externalMiB: number; readonly fds: number; readonly threads: number };
  /** max − min over readings at or after `warmup` (0 = exactly flat). */
  readonly spread: { readonly fds: number; readonly threads: number; readonly active: number };
  /**
   * The most a count stayed above the reading at `warmup` over two readings in a row (0 = never). A leak
   * only adds and stays; `spread` also moves when something else's thread or descriptor ends during the soak
   * or lives for a moment (seen in mocha only: +3 threads and +2 or 3 descriptors in one reading, then gone;
   * source not identified).
   */
  readonly rise: { readonly fds: number; readonly threads: number; readonly active: number };
  /** The reading at `warmup`, the baseline of the summary. */
  readonly base: ResourceSample;
}

/**
 * Runs `step(1)` … `step(batches)` with readings between them and summarises the curve.
 *
 * @example
 * ```ts
 * const s = await runSoak(async () => { const x = await createSession(m); await x.dispose(); }, { batches: 150, warmup: 30 });
 * s.rssGrowthMiB; // 0.4
 * s.spread;       // { fds: 0, threads: 0, active: 0 }
 * ```
 */
export async function runSoak(step: (batch: number) => Promise<void>, options: SoakOptions): Promise<SoakSummary> {
  const { batches, warmup } = options;
  const every = options.every ?? 10;
  if (!(Number.isInteger(batches) && Number.isInteger(every) && every > 0 && batches % every === 0 && warmup % every === 0 && warmup >= 0 && warmup < batches)) {
    throw new RangeError(`need 0 <= warmup (${warmup}) < batches (${batches}), both multiples of every (${every})`);
  }
  const readings: SoakReading[] = [];
  const read = async (batch: number): Promise<void> => {
    const r = { batch, sample: await sampleResources() };
    readings.push(r);
    options.onReading?.(r);
  };
  await read(0);
  const t0 = performance.now();
  for (let i = 1; i <= batches; i++) {
    await step(i);
    if (i % every === 0) await read(i);
  }
  const seconds = (performance.now() - t0) / 1000;
  const settled = readings.filter((r) => r.batch >= warmup);
  const half = readings.filter((r) => r.batch >= batches / 2);
  const slope = (pick: (s: ResourceSample) => number): number => 1000 * leastSquaresSlope(half.map((r) => r.batch), half.map((r) => pick(r.sample)));
  const spread = (pick: (s: ResourceSample) => number): number => {
    const v = settled.map((r) => pick(r.sample));
    return Math.max(...v) - Math.min(...v);
  };
  const base = settled[0]!.sample;
  const rise = (pick: (s: ResourceSample) => number): number => {
    let most = 0;
    for (let i = 1; i < settled.length; i++) most = Math.max(most, Math.min(pick(settled[i - 1]!.sample), pick(settled[i]!.sample)) - pick(base));
    return most;
  };
  return {
    readings,
    seconds,
    rssGrowthMiB: Math.max(...settled.map((r) => r.sample.rssMiB)) - base.rssMiB,
    slopePer1000: { rssMiB: slope((s) => s.rssMiB), heapUsedMiB: slope((s) => s.heapUsedMiB), externalMiB: slope((s) => s.externalMiB), fds: slope((s) => s.fds), threads: slope((s) => s.threads) },
    spread: { fds: spread((s) => s.fds), threads: spread((s) => s.threads), active: spread(activeCount) },
    rise: { fds: rise((s) => s.fds), threads: rise((s) => s.threads), active: rise(activeCount) },
    base,
  };
}

/**
 * The broken bounds of a soak, as sentences (empty when it passes): RSS growth and slope × batches below
 * `rssMiB`; descriptors, threads and active resources never above the warm-up reading two readings in a row.
 *
 * @example
 * ```ts
 * soakFailures(summary, { rssMiB: 20 }); // [] or ['threads rose after warm-up (by 140)', ...]
 * ```
 */
export function soakFailures(s: SoakSummary, bounds: { readonly rssMiB: number }): string[] {
  const batches = s.readings.at(-1)!.batch;
  const failures: string[] = [];
  if (!(s.rssGrowthMiB < bounds.rssMiB)) failures.push(`rss grew ${s.rssGrowthMiB.toFixed(2)} MiB >= ${bounds.rssMiB}`);
  const projected = (s.slopePer1000.rssMiB * batches) / 1000;
  if (!(projected < bounds.rssMiB)) failures.push(`rss slope x ${batches} batches = ${projected.toFixed(2)} MiB >= ${bounds.rssMiB}`);
  for (const what of ['fds', 'threads', 'active'] as const) if (s.rise[what] !== 0) failures.push(`${what} rose after warm-up (by ${s.rise[what]})`);
  return failures;
}
