/**
 * A WebAssembly SIMD kernel for SGD on float32 params: the update in float32 arithmetic, four elements at a
 * time, as PyTorch computes a float32 tensor's update on the CPU; `sgdFloat32` in sgd-step.ts does the same
 * operations in JavaScript (each rounded with Math.fround), so the two agree bit for bit.
 * NOTE (issue #13 §5): the JavaScript loop took 32 ms per step for ResNet-18 layer4's 8.9 M parameters with
 * momentum (3.6 ns each, a tenth of the step; PyTorch's update: 6 ms on 2 threads). The module is assembled
 * from `kernels/sgd-kernels.wat` (instructions there) and embedded here; where WebAssembly or its SIMD
 * extension is missing (or a CSP forbids compiling it) the caller keeps its JavaScript loop. Data pass through
 * a 96 KiB scratch memory in chunks, so params and optimizer state stay ordinary typed arrays.
 */
import { embeddedKernels } from '@kenobi/core';

const KERNELS_BASE64 =
  'AGFzbQEAAAABDQFgCX9/f399fX19fwADAgEABQMBAAIHDQIDbWVtAgADc2dkAAAKhgMBgwMDBn8HewN9IAhBAXEhCyAIQQJxIQwgCEEEcSENIAdDAAAAAFwhDiAE/RMhDyAF/RMhECAG/RMhESAH/RMhEiADQXxxQQJ0IQoCQCAJIApPDQADQCAAIAlq/QAEACEVIAEgCWr9AAQAIRMgDgRAIBMgEiAV/eYB/eQBIRMLIAsEQCAMBEAgEyEUBSAQIAIgCWr9AAQA/eYBIBEgE/3mAf3kASEUCyACIAlqIBT9CwQAIA0EQCATIBAgFP3mAf3kASETBSAUIRMLCyAAIAlqIBUgDyAT/eYB/eUB/QsEACAJQRBqIQkgCSAKSQ0ACwsgA0ECdCEKAkAgCSAKTw0AA0AgACAJaioCACEYIAEgCWoqAgAhFiAOBEAgFiAHIBiUkiEWCyALBEAgDARAIBYhFwUgBSACIAlqKgIAlCAGIBaUkiEXCyACIAlqIBc4AgAgDQRAIBYgBSAXlJIhFgUgFyEWCwsgACAJaiAYIAQgFpSTOAIAIAlBBGohCSAJIApJDQALCws=';

interface Kernels {
  readonly mem: WebAssembly.Memory;
  sgd(w: number, g: number, b: number, n: number, lr: number, mu: number, keep: number, wd: number, flags: number): void;
}

/** Elements per chunk: three float32 arrays of it fill the first 96 KiB of the module's memory. */
const CHUNK = 8192;
const W = 0, G = CHUNK, B = 2 * CHUNK;

/**
 * The embedded module: `sgdKernels.use(false)` switches the SGD update to the JavaScript loop (tests and benchmarks
 * compare the two), `sgdKernels.bytes()` is the module (checked against its `.wat`).
 *
 * @example
 * ```ts
 * sgdKernels.use(false); // JavaScript from here on; sgdKernels.use(true) turns the kernels back on where they run
 * ```
 */
export const sgdKernels = embeddedKernels(KERNELS_BASE64, (kernels: Kernels) => ({ kernels, f32: new Float32Array(kernels.mem.buffer) }));
const load = (): { kernels: Kernels; f32: Float32Array } | null => sgdKernels.load();

/** One SGD update's float32 constants and switches, as sgd-step.ts resolves them. @example `const c: SgdKernelConstants = { lr: 0.01, momentum: 0.9, keep: 1, weightDecay: 0, first: false, nesterov: false };` */
export interface SgdKernelConstants {
  readonly lr: number;
  readonly momentum: number;
  /** 1 − dampening. */
  readonly keep: number;
  readonly weightDecay: number;
  /** The param's first step with momentum: b ← d. */
  readonly first: boolean;
  readonly nesterov: boolean;
}

/**
 * One SGD update of float32 `w` with gradient `g` and momentum buffer `b` (all the same length; `b` unused
 * without momentum) in the SIMD kernel, in float32 arithmetic: d = g + wd·w; with momentum b ← d (first step)
 * or μb + keep·d, d ← d + μb (Nesterov) or b; w ← w − lr·d, each constant rounded to float32 first.
 * Returns false, touching nothing, where the kernel is not available.
 *
 * @example
 * ```ts
 * const updated = sgdSimd32(w, g, b, { lr: 0.01, momentum: 0.9, keep: 1, weightDecay: 0, first: false, nesterov: false }); // false: update in JavaScript
 * ```
 */
export function sgdSimd32(w: Float32Array, g: Float32Array, b: Float32Array, c: SgdKernelConstants): boolean {
  const k = load();
  if (k === null) return false;
  const { kernels, f32 } = k;
  const momentum = c.momentum !== 0;
  const flags = (momentum ? 1 : 0) | (c.first ? 2 : 0) | (c.nesterov ? 4 : 0);
  for (let s = 0; s < w.length; s += CHUNK) {
    const e = Math.min(w.length, s + CHUNK), n = e - s;
    f32.set(w.subarray(s, e), W);
    f32.set(g.subarray(s, e), G);
    if (momentum && !c.first) f32.set(b.subarray(s, e), B);
    kernels.sgd(W * 4, G * 4, B * 4, n, c.lr, c.momentum, c.keep, c.weightDecay, flags);
    w.set(f32.subarray(W, W + n), s);
    if (momentum) b.set(f32.subarray(B, B + n), s);
  }
  return true;
}
