/**
 * Test support: the deterministic "formula" tensors of the PyTorch parity fixtures, bit for bit the values of
 * scripts/fixtures/autodiff/formula.py (keep the two in step). Element i of the tensor named `name`:
 * seed = FNV-1a 32 of the name, h = fmix32((i · 0x9E3779B1 + seed) mod 2³²) (MurmurHash3's finaliser on a Weyl
 * sequence), u = (h >>> 8) / 2²⁴ (24 bits, exact in float32), v = float32(lo + (hi − lo) · u) with the
 * arithmetic in float64 and one rounding, so initial weights, inputs and dropout masks need no committed bytes.
 */
/**
 * u ∈ [0, 1) of elements 0..count−1 of `name` (24-bit values).
 *
 * @example
 * ```ts
 * formulaUnit('fc.weight', 2); // Float64Array [0.18672186…, 0.59664685…] (formula.py's unit('fc.weight', 2))
 * ```
 */
export declare function formulaUnit(name: string, count: number): Float64Array;
/**
 * The float32 tensor float32(lo + (hi − lo) · u_i), i over the product of `dims`.
 *
 * @example
 * ```ts
 * formulaUniform('x', [2, 2], -1, 1); // Float32Array [-0.62997556, 0.7598531, -0.51193154, 0.9831344]
 * ```
 */
export declare function formulaUniform(name: string, dims: readonly number[], lo: number, hi: number): Float32Array;
/**
 * A formula dropout mask: element i is 1/(1 − rate) (as float32) when u(name, i) < 1 − rate, else 0 (the
 * masks of scripts/fixtures/autodiff/seeds_cnn.py, named `<layer>/mask/<step>`).
 *
 * @example
 * ```ts
 * formulaMask('dropout/mask/0', 4, 0.5); // e.g. Float32Array [2, 0, 0, 2]
 * ```
 */
export declare function formulaMask(name: string, count: number, rate: number): Float32Array;
//# sourceMappingURL=formula.d.ts.map