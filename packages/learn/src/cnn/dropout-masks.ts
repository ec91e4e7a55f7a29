/**
 * Dropout masks drawn in TypeScript from the step's seeded generator and fed to the training graph, or
 * supplied by the caller for a step.
 */
import type { SeededRandom } from '@kenobi/core';
import { LearnError } from '../learn-error.js';
import type { MaskPort } from './image-graph.js';
import { fillMaskWasm } from './mask-kernels.js';

/**
 * Fills `mask` with 1/(1 − rate) (kept) or 0. The step's generator seeds a local xoshiro128** (the algorithm
 * of `SeededRandom`) whose 32-bit outputs each give two 16-bit draws: value i is kept when its draw is below
 * round((1 − rate)·65536), so the keep probability is exact for rates that are multiples of 2⁻¹⁶ (0.5, 0.25,
 * 0.125...) and within 7.7e-6 of 1 − rate otherwise.
 * NOTE: the seeds' CNN draws ~8.4 million mask values per batch of 32 at 64×64; one `SeededRandom` call per
 * value took ~30 ns on this 2-core machine under load (4 M values: 110–135 ms), this loop ~9 ns (35–45 ms), and
 * the same loop in WebAssembly (`mask-kernels.ts`, used where available; the JavaScript below otherwise) less.
 *
 * @example
 * ```ts
 * const m = new Float32Array(6);
 * fillDropoutMask(m, 0.5, new SeededRandom(1)); // e.g. [2, 0, 0, 2, 2, 0]
 * ```
 */
export function fillDropoutMask(mask: Float32Array, rate: number, rng: SeededRandom): void {
  let s0 = rng.nextUint32() | 0, s1 = rng.nextUint32() | 0, s2 = rng.nextUint32() | 0, s3 = rng.nextUint32() | 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const keep = 1 - rate;
  const threshold = Math.round(keep * 65536);
  const scale = Math.fround(1 / keep);
  if (fillMaskWasm(mask, [s0, s1, s2, s3], threshold, new Uint32Array(Float32Array.of(scale).buffer)[0]!)) return;
  const n = mask.length;
  let i = 0;
  while (i < n) {
    const m5 = Math.imul(s1, 5);
    const r = Math.imul((m5 << 7) | (m5 >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    mask[i++] = (r & 0xffff) < threshold ? scale : 0;
    if (i < n) mask[i++] = r >>> 16 < threshold ? scale : 0;
  }
}

/**
 * Dropout masks for one step given by the caller instead of drawn: mask input name (`<layer>/mask`, see
 * `ImageTrainer.dropoutMasks`) → [n, ...dims] values, 0 or 1/(1 − rate) as the layer scales kept values.
 *
 * @example
 * ```ts
 * const masks: SuppliedMasks = { 'dropout/mask': new Float32Array(8 * 32 * 16 * 16).fill(2) };
 * ```
 */
export type SuppliedMasks = Readonly<Record<string, Float32Array>>;

/**
 * The step's masks in port order from `given`, which must name every port of the graph and nothing else
 * (`learn/bad-argument`) with n × (per-sample size) values each (`learn/shape-mismatch`).
 * NOTE: all or none: drawing some masks and taking others would shift the draws of the rest, so a run with
 * some masks supplied would match neither the seeded run nor the supplier's.
 *
 * @example
 * ```ts
 * suppliedMasks({ 'dropout/mask': new Float32Array(4 * 64).fill(2) }, [{ layer: 5, name: 'dropout/mask', dims: [64], rate: 0.5 }], 4);
 * ```
 */
export function suppliedMasks(given: SuppliedMasks, ports: readonly MaskPort[], n: number): Float32Array[] {
  const names = ports.map((p) => p.name);
  const unknown = Object.keys(given).filter((k) => !names.includes(k));
  const missing = names.filter((k) => !(k in given));
  if (unknown.length > 0 || missing.length > 0) {
    throw new LearnError('learn/bad-argument', `supplied dropout masks must be exactly the graph's: ${[...missing.map((k) => `missing '${k}'`), ...unknown.map((k) => `unknown '${k}'`)].join(', ')}`, { hint: `the graph's masks: ${names.join(', ') || 'none'}` });
  }
  return ports.map((p) => {
    const mask = given[p.name]!;
    const want = n * p.dims.reduce((a, b) => a * b, 1);
    if (!(mask instanceof Float32Array) || mask.length !== want) {
      throw new LearnError('learn/shape-mismatch', `dropout mask '${p.name}' needs ${want} float32 values ([${[n, ...p.dims].join(', ')}]), got ${mask instanceof Float32Array ? mask.length : typeof mask}`);
    }
    return mask;
  });
}

/**
 * Draws the step's masks in port order with {@link fillDropoutMask} from `rng` into reused buffers (one per port
 * in `buffers`, grown to max(n, batchSize) samples), returning views of n samples each.
 *
 * @example
 * ```ts
 * const masks = drawDropoutMasks(plan.masks, 32, 32, stepRandom(seed, 'dropout', epoch, batch), new Map());
 * ```
 */
export function drawDropoutMasks(ports: readonly MaskPort[], n: number, batchSize: number, rng: SeededRandom, buffers: Map<string, Float32Array>): Float32Array[] {
  return ports.map((m) => {
    const per = m.dims.reduce((a, b) => a * b, 1);
    let buffer = buffers.get(m.name);
    if (!buffer || buffer.length < n * per) buffers.set(m.name, (buffer = new Float32Array(Math.max(n, batchSize) * per)));
    const mask = buffer.subarray(0, n * per);
    fillDropoutMask(mask, m.rate, rng);
    return mask;
  });
}
