/**
 * A WebAssembly SIMD kernel for Adam(W) on float32 params (no AMSGrad, no coupled L2): the update in float32
 * arithmetic, four elements at a time, as PyTorch computes a float32 tensor's update on the CPU; `adamGeneral`
 * in adam-step.ts does the same operations in JavaScript (each rounded with Math.fround), so the two agree bit
 * for bit. NOTE (issue #17): float32 lanes are what make it fast (~1.4 ns per parameter; float64 intermediates
 * in f64x2 took twice that), Adam being a quarter of an MLP head's training step. The module is assembled from
 * `kernels/adam-kernels.wat` (`node scripts/wasm/embed-wat.mjs packages/learn/kernels/adam-kernels.wat
 * packages/learn/src/optim/adam-kernels.ts`, with a `wabt` that resolves from the .wat's folder) and embedded
 * here; where WebAssembly or its SIMD extension is missing (or a CSP forbids compiling it) the caller keeps its
 * JavaScript loop. Data pass through a 128 KiB scratch memory in chunks, so params and optimizer state stay
 * ordinary typed arrays.
 */
import { embeddedKernels } from '@kenobi/core';

const KERNELS_BASE64 =
  'AGFzbQEAAAABEQFgDX9/f39/fX19fX19fX0AAwIBAAUDAQADBw4CA21lbQIABGFkYW0AAAqoAwGlAwMEfwx7BH0gDEMAAIA/XCEQIAX9EyERIAb9EyESIAf9EyETIAj9EyEUIAn9EyEVIAr9EyEWIAv9EyEXIAz9EyEYIARBAnYhDgJAIA0gDk8NAANAIA1BBHQhDyABIA9q/QAEACEZIBEgAiAPav0ABAD95gEgEiAZ/eYB/eQBIRogAiAPaiAa/QsEACATIAMgD2r9AAQA/eYBIBQgGf3mASAZ/eYB/eQBIRsgAyAPaiAb/QsEACAAIA9q/QAEACEcIBAEQCAcIBj95gEhHAsgACAPaiAcIBUgGv3mASAb/eMBIBb95wEgF/3kAf3nAf3lAf0LBAAgDUEBaiENIA0gDkkNAAsLIA5BAnQhDQJAIA0gBE8NAANAIA1BAnQhDyABIA9qKgIAIR0gBSACIA9qKgIAlCAGIB2UkiEeIAIgD2ogHjgCACAHIAMgD2oqAgCUIAggHZQgHZSSIR8gAyAPaiAfOAIAIAAgD2oqAgAhICAQBEAgICAMlCEgCyAAIA9qICAgCSAelCAfkSAKlSALkpWTOAIAIA1BAWohDSANIARJDQALCws=';

interface Kernels {
  readonly mem: WebAssembly.Memory;
  adam(w: number, g: number, m: number, v: number, n: number, b1: number, c1: number, b2: number, c2: number, step: number, bc2: number, eps: number, shrink: number): void;
}

/** Elements per chunk: four float32 arrays of it fill the first 128 KiB of the module's memory. */
const CHUNK = 8192;
const W = 0, G = CHUNK, M = 2 * CHUNK, V = 3 * CHUNK;

/**
 * The embedded module: `adamKernels.use(false)` switches the Adam(W) update to the JavaScript loop (tests and benchmarks
 * compare the two), `adamKernels.bytes()` is the module (checked against its `.wat`).
 *
 * @example
 * ```ts
 * adamKernels.use(false); // JavaScript from here on; adamKernels.use(true) turns the kernels back on where they run
 * ```
 */
export const adamKernels = embeddedKernels(KERNELS_BASE64, (kernels: Kernels) => ({ kernels, f32: new Float32Array(kernels.mem.buffer) }));
const load = (): { kernels: Kernels; f32: Float32Array } | null => adamKernels.load();

/** Adam's per-step constants, as adam-step.ts computes them. @example `const c: AdamKernelConstants = { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 1e-2, bc2Sqrt: 0.0316 };` */
export interface AdamKernelConstants {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** lr / (1 − β₁ᵗ). */
  readonly stepSize: number;
  /** √(1 − β₂ᵗ). */
  readonly bc2Sqrt: number;
}

/**
 * One Adam(W) update of float32 `w` with gradient `g` and moments `m`, `v` (all the same length) in the SIMD
 * kernel, in float32 arithmetic: w₀ = w·shrink (AdamW's decoupled decay; 1 for Adam), m ← β₁m + (1 − β₁)g,
 * v ← β₂v + ((1 − β₂)g)g, w ← w₀ − (step·m) / (√v / bc2 + ε), each constant rounded to float32 first.
 * Returns false, touching nothing, where the kernel is not available.
 *
 * @example
 * ```ts
 * const updated = adamSimd32(w, g, m, v, { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 1e-2, bc2Sqrt: 0.0316 }); // false: update in JavaScript
 * ```
 */
export function adamSimd32(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, c: AdamKernelConstants, shrink = 1): boolean {
  const k = load();
  if (k === null) return false;
  const { kernels, f32 } = k;
  const b1 = c.beta1, c1 = 1 - c.beta1, b2 = c.beta2, c2 = 1 - c.beta2;
  for (let s = 0; s < w.length; s += CHUNK) {
    const e = Math.min(w.length, s + CHUNK), n = e - s;
    f32.set(w.subarray(s, e), W);
    f32.set(g.subarray(s, e), G);
    f32.set(m.subarray(s, e), M);
    f32.set(v.subarray(s, e), V);
    kernels.adam(W * 4, G * 4, M * 4, V * 4, n, b1, c1, b2, c2, c.stepSize, c.bc2Sqrt, c.eps, shrink);
    w.set(f32.subarray(W, W + n), s);
    m.set(f32.subarray(M, M + n), s);
    v.set(f32.subarray(V, V + n), s);
  }
  return true;
}
