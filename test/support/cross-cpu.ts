/**
 * Test support: tolerances for numbers that ONNX Runtime computed on one CPU and a test checks on another.
 *
 * ORT's MLAS picks its fp32 GEMM/Conv kernels by CPU features (AVX2, AVX-512, AMX), and they accumulate in
 * different orders, so fp32 outputs differ in the last bits between machines: measured on the tiny feature
 * model of the numpy fixture, AVX2 (QEMU `-cpu Haswell`) against AVX-512: 1.8e-7 relative at most. int8 models
 * are not a tolerance question: MLAS's u8s8 kernels without VNNI sum pairs of products in saturating int16
 * (vpmaddubsw), with VNNI they accumulate exactly, and the logits then differ by many quantisation steps on some
 * images (see `test/zoo/int8-golden.ts`).
 */
import { expect } from 'chai';

/**
 * Relative tolerance for fp32 values from an ORT run compared across CPUs: 16 float32 ulps (2⁻¹⁹ ≈ 1.9e-6),
 * ten times the largest difference measured between AVX2 and AVX-512 kernels, far below any real error
 * (a wrong normalisation, channel order or weight moves features by 1e-3 or more).
 */
export const FP32_CROSS_CPU_RTOL = 2 ** -19;

/**
 * Asserts |actual − expected| ≤ atol + rtol·|expected| element-wise, naming the first element that breaks it.
 *
 * @example
 * ```ts
 * expectAllClose(features, golden, { rtol: FP32_CROSS_CPU_RTOL, atol: 1e-7, what: 'first row' });
 * ```
 */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, o: { rtol: number; atol?: number; what?: string }): void {
  expect(actual.length, `${o.what ?? 'values'}: length`).to.equal(expected.length);
  const atol = o.atol ?? 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    const bound = atol + o.rtol * Math.abs(e);
    if (!(Math.abs(a - e) <= bound)) {
      expect.fail(`${o.what ?? 'values'}[${i}]: ${a} vs ${e} (|Δ| ${Math.abs(a - e).toExponential(2)} > ${bound.toExponential(2)} = ${atol} + ${o.rtol.toExponential(2)}·|expected|)`);
    }
  }
}
