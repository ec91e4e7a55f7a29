/**
 * Reading ORT's profiler output for the benchmarks: the kernels of a session's last `run`, each with its node,
 * op type and whether it belongs to the backward pass (nodes @kenobi/autodiff names `grad/…`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One kernel of the profiled run. @example `const k: ProfiledKernel = { node: 'grad/conv1/Gemm', op: 'Gemm', ms: 2.2, backward: true };` */
export interface ProfiledKernel {
  readonly node: string;
  readonly op: string;
  readonly ms: number;
  readonly backward: boolean;
}

/**
 * The kernels of the last `model_run` in the profile ORT wrote into `dir` (`profileFilePrefix` inside it), and
 * that run's own duration, in milliseconds.
 *
 * @example
 * ```ts
 * session.endProfiling();
 * const { runMs, kernels } = lastRunKernels(dir);
 * kernels.filter((k) => k.backward).reduce((a, k) => a + k.ms, 0); // backward kernel time
 * ```
 */
export function lastRunKernels(dir: string): { runMs: number; kernels: ProfiledKernel[] } {
  interface Event { cat: string; name: string; ts: number; dur: number; args?: { op_name?: string } }
  const file = readdirSync(dir).find((f) => f.endsWith('.json'));
  if (!file) throw new Error(`no ORT profile in ${dir}`);
  const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Event[];
  const last = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').at(-1);
  if (!last) throw new Error(`the ORT profile in ${dir} has no model_run`);
  const kernels = events
    .filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time') && e.ts >= last.ts)
    .map((e) => {
      const node = e.name.replace(/_kernel_time$/, '');
      return { node, op: e.args?.op_name ?? '?', ms: e.dur / 1000, backward: node.startsWith('grad/') };
    });
  return { runMs: last.dur / 1000, kernels };
}

/**
 * Milliseconds summed by `key` over `kernels`, largest first.
 *
 * @example
 * ```ts
 * sumBy(kernels, (k) => `${k.backward ? 'B' : 'F'} ${k.op}`); // [['B Gemm', 70.1], ['F Conv', 68.3], ...]
 * ```
 */
export function sumBy(kernels: readonly ProfiledKernel[], key: (k: ProfiledKernel) => string): [string, number][] {
  const sums = new Map<string, number>();
  for (const k of kernels) sums.set(key(k), (sums.get(key(k)) ?? 0) + k.ms);
  return [...sums].sort((p, q) => q[1] - p[1]);
}
