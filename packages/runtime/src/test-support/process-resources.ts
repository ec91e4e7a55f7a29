/**
 * Test support (Node on Linux only, imported by tests and scripts/soak only): what the process holds, for
 * the leak soaks. RSS after a forced full GC, open file descriptors (`/proc/self/fd`), threads
 * (`/proc/self/task`) and Node's active resources (`process.getActiveResourcesInfo()`), plus the
 * least-squares slope used to say whether a curve is flat.
 */
import { existsSync, readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One reading of the process's resources. @example `{ rssMiB: 127.2, heapUsedMiB: 9.2, externalMiB: 2.5, fds: 32, threads: 13, active: {} }` */
export interface ResourceSample {
  /** Resident set size after a full GC, MiB. */
  readonly rssMiB: number;
  /** V8 heap in use after that GC, MiB. */
  readonly heapUsedMiB: number;
  /** Memory of ArrayBuffers and other objects outside the V8 heap (ORT tensors, WebAssembly memory), MiB. */
  readonly externalMiB: number;
  /** Open file descriptors. */
  readonly fds: number;
  /** Threads of the process (native ORT pools, libuv, V8). */
  readonly threads: number;
  /** `process.getActiveResourcesInfo()` counted by kind, e.g. `{ TTYWrap: 2 }`. */
  readonly active: Readonly<Record<string, number>>;
}

/** True where {@link sampleResources} can count descriptors and threads (Linux `/proc`). @example `if (!canSampleResources()) this.skip()` */
export function canSampleResources(): boolean {
  return existsSync('/proc/self/fd') && existsSync('/proc/self/task');
}

let gcFunction: (() => void) | undefined;

/**
 * A full-GC function: `globalThis.gc` under `--expose-gc`, else V8's own obtained by turning the flag on
 * at run time (mocha runs without the flag).
 *
 * @example
 * ```ts
 * fullGc()(); // collects everything unreachable before a reading
 * ```
 */
export function fullGc(): () => void {
  if (gcFunction) return gcFunction;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return (gcFunction = exposed);
  // NOTE: a fresh context created after the flag is set gets `gc`; the flag only adds that global.
  setFlagsFromString('--expose-gc');
  return (gcFunction = runInNewContext('gc') as () => void);
}

/**
 * Reads the process's resources after two full GCs and a turn of the event loop (so finalisers of
 * released native objects have run).
 *
 * @example
 * ```ts
 * const s = await sampleResources(); // { rssMiB: 182.4, fds: 27, threads: 13, active: { TTYWrap: 2 }, ... }
 * ```
 */
export async function sampleResources(): Promise<ResourceSample> {
  const gc = fullGc();
  gc();
  await new Promise((r) => setImmediate(r));
  gc();
  const m = process.memoryUsage();
  const active: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) active[kind] = (active[kind] ?? 0) + 1;
  return {
    rssMiB: m.rss / 2 ** 20,
    heapUsedMiB: m.heapUsed / 2 ** 20,
    externalMiB: m.external / 2 ** 20,
    fds: readdirSync('/proc/self/fd').length,
    threads: readdirSync('/proc/self/task').length,
    active,
  };
}

/**
 * The least-squares slope of `ys` against `xs` (units of y per unit of x).
 *
 * @example
 * ```ts
 * leastSquaresSlope([0, 100, 200], [50, 51, 52]); // 0.01
 * ```
 */
export function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2 || ys.length !== n) throw new RangeError(`need two or more (x, y) pairs of equal length, got ${xs.length} and ${ys.length}`);
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

/** The total count of active resources in a sample. @example `activeCount(s) // 3` */
export function activeCount(s: ResourceSample): number {
  return Object.values(s.active).reduce((a, b) => a + b, 0);
}
