/**
 * WebAssembly SIMD kernels for one pass of a dense layer over many rows: the scores x·W + b of a block of rows,
 * then, once the caller has turned them into dL/dZ, the kernel's gradient xᵀ·dZ, while the block is still in the
 * cache. So each feature value is read from memory once per loss-and-gradient evaluation.
 * NOTE (issue #17): full-batch L-BFGS on a linear head evaluates the loss and gradient over every row, a few
 * matrix–vector products over 20,000 × 512 float32s. ONNX Runtime's Gemm runs them at a fraction of the
 * memory's speed (x·w with one output column uses 1 of MLAS's 16 SIMD lanes; 2.0–3.0 ms for x·w and 1.8–2.3 for
 * xᵀ·r on one AMD EPYC thread, where numpy's OpenBLAS takes 1.2–1.4 and 1.4–1.9), and reads x twice:
 * 5.5–6 ms per evaluation in all, against 3.6–5 ms with this pass (the loss in JavaScript included). The module is
 * assembled from `kernels/dense-kernels.wat` (instructions there) and embedded here; where WebAssembly or its
 * SIMD extension is missing (or a CSP forbids compiling it) the engine hands the evaluation to its fallback.
 * Rows pass through a scratch block of the module's memory (~256 KiB), so features stay ordinary typed arrays.
 */
import { embeddedKernels } from '@kenobi/core';

const KERNELS_BASE64 =
  'AGFzbQEAAAABCgFgBn9/f39/fwADAwIAAAUDAQAIBxYDA21lbQIABGRvdHMAAAVheHB5cwABCsgEAtACAgh/BHsgBEECdCENIAAhCCACIQwCQANAIAYgA08NASAIIA1qIQlBACEHIAEhCwJAA0AgByAFTw0B/QwAAAAAAAAAAAAAAAAAAAAAIQ79DAAAAAAAAAAAAAAAAAAAAAAhD/0MAAAAAAAAAAAAAAAAAAAAACEQ/QwAAAAAAAAAAAAAAAAAAAAAIREgCCEKA0AgDiAK/QAEACAL/QAEAP3mAf3kASEOIA8gCv0ABBAgC/0ABBD95gH95AEhDyAQIAr9AAQgIAv9AAQg/eYB/eQBIRAgESAK/QAEMCAL/QAEMP3mAf3kASERIApBwABqIQogC0HAAGohCyAKIAlJDQALIA4gD/3kASAQIBH95AH95AEhDiAMIA79HwAgDv0fAZIgDv0fAiAO/R8DkpI4AgAgDEEEaiEMIAdBAWohBwwACwsgCSEIIAZBAWohBgwACwsL8wECB38EeyAEQQJ0IQgCQANAIAcgBU8NAUEAIQYCQANAIAYgA08NASABIAcgA2wgBmpBAnRqIQwgDP0JAgAhDSAM/QkCBCEOIAz9CQIIIQ8gDP0JAgwhECAAIAYgCGxqIQkgAiAHIAhsaiEKIAogCGohCwNAIAogCv0ABAAgDSAJ/QAEAP3mASAOIAkgCGr9AAQA/eYB/eQBIA8gCSAIQQF0av0ABAD95gEgECAJIAhBA2xq/QAEAP3mAf3kAf3kAf3kAf0LBAAgCUEQaiEJIApBEGohCiAKIAtJDQALIAZBBGohBgwACwsgB0EBaiEHDAALCws=';

interface Kernels {
  readonly mem: WebAssembly.Memory;
  dots(x: number, wt: number, z: number, rows: number, stride: number, k: number): void;
  axpys(x: number, rt: number, gt: number, rows: number, stride: number, k: number): void;
}

/**
 * The embedded module: `denseKernels.use(false)` turns the kernels off (the engine then uses its fallback; tests
 * compare the two), `denseKernels.bytes()` is the module (checked against its `.wat`).
 *
 * @example
 * ```ts
 * denseKernels.use(false); // dense-kernel engines hand every evaluation to their fallback from here on
 * ```
 */
export const denseKernels = embeddedKernels(KERNELS_BASE64, (kernels: Kernels) => ({ kernels }));

/** Float32 values of a block the kernels read: ~256 KiB, so a block stays in the L2 cache between its two uses. */
const BLOCK_VALUES = 65536;

/** One block of rows as the pass hands it to the caller. @example `(b: DenseBlock) => b.dz.set(b.z)` */
export interface DenseBlock {
  /** The block's first row in x. */
  readonly start: number;
  readonly rows: number;
  /** The scores x·W + b of the block's rows, [rows, k] row-major. */
  readonly z: Float32Array;
  /** For the caller to fill with dL/dZ of the block's rows, [rows, k] row-major (zeros on entry). */
  readonly dz: Float32Array;
}

/** What the caller makes of a block: the factor that scales its dz (0: the block adds nothing). @example `const mean: DenseBlockCallback = (b) => { b.dz.fill(1); return 1 / rows; };` */
export type DenseBlockCallback = (block: DenseBlock) => number;

/**
 * One pass over the rows of `x` ([rows, d] float32, row-major) through a dense layer with `kernel` [d, k]
 * (Keras's layout) and `bias` [k]: for each block of rows the scores go to `onBlock`, which fills dL/dZ and
 * returns a factor for it (a block's share of the batch); the kernel's gradient Σ xᵀ·(factor·dZ) goes to
 * `gradKernel` [d, k] and the bias's Σ factor·dZ to `gradBias` (both overwritten).
 * Float32 arithmetic as ONNX Runtime's Gemm, in another summation order (results agree to ~1e-6 relative).
 * Returns false, touching nothing, where the kernels are not available.
 *
 * @example
 * ```ts
 * const done = denseKernelPass(x, 512, 1, kernel, bias, (b) => { b.dz.set(b.z); return 1 / rows; }, gradKernel, gradBias); // ½ mean z²
 * ```
 */
export function denseKernelPass(
  x: Float32Array, d: number, k: number, kernel: Float32Array, bias: Float32Array | undefined,
  onBlock: DenseBlockCallback, gradKernel: Float32Array, gradBias: Float32Array | undefined,
): boolean {
  const loaded = denseKernels.load();
  if (loaded === null) return false;
  const { kernels } = loaded;
  const rows = x.length / d;
  const stride = Math.ceil(d / 16) * 16;
  const block = Math.max(4, Math.min(1024, Math.floor(BLOCK_VALUES / stride) & ~3));
  // the module's memory: wt [k, stride] | gt [k, stride] | z [block, k] | rt [k, block] | x [block, stride]
  const WT = 0, GT = WT + k * stride, Z = GT + k * stride, RT = Z + block * k, X = RT + k * block, END = X + block * stride;
  const need = Math.ceil((END * 4) / 65536) - kernels.mem.buffer.byteLength / 65536;
  if (need > 0) kernels.mem.grow(need);
  const f32 = new Float32Array(kernels.mem.buffer);
  f32.fill(0, 0, END);
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) f32[WT + j * stride + i] = kernel[i * k + j]!;
  const z = f32.subarray(Z, Z + block * k);
  const dz = new Float32Array(block * k);
  const biasSums = new Float64Array(k);
  for (let start = 0; start < rows; start += block) {
    const n = Math.min(block, rows - start), n4 = (n + 3) & ~3;
    if (stride === d) f32.set(x.subarray(start * d, (start + n) * d), X);
    else for (let r = 0; r < n; r++) f32.set(x.subarray((start + r) * d, (start + r + 1) * d), X + r * stride);
    // the last block's rows past n, up to a multiple of 4, must be zeros (their dZ is zero too)
    if (n4 !== n) f32.fill(0, X + n * stride, X + n4 * stride);
    kernels.dots(X * 4, WT * 4, Z * 4, n, stride, k);
    if (bias) for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) z[r * k + j] = Math.fround(z[r * k + j]! + bias[j]!);
    const blockDz = dz.subarray(0, n * k);
    blockDz.fill(0);
    const factor = onBlock({ start, rows: n, z: z.subarray(0, n * k), dz: blockDz });
    if (factor === 0) continue;
    // dZ scaled (in float32, as a scaled loss's gradient would be) and transposed to [k, n4]
    for (let j = 0; j < k; j++) {
      const o = RT + j * n4;
      let s = 0;
      for (let r = 0; r < n; r++) {
        const v = Math.fround(blockDz[r * k + j]! * factor);
        f32[o + r] = v;
        s += v;
      }
      for (let r = n; r < n4; r++) f32[o + r] = 0;
      biasSums[j] += s;
    }
    kernels.axpys(X * 4, RT * 4, GT * 4, n4, stride, k);
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) gradKernel[i * k + j] = f32[GT + j * stride + i]!;
  if (gradBias) for (let j = 0; j < k; j++) gradBias[j] = biasSums[j]!;
  return true;
}
