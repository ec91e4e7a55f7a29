/**
 * Test support: the deterministic "formula" tensors of the PyTorch parity fixtures, bit for bit the values of
 * scripts/fixtures/autodiff/formula.py (keep the two in step). Element i of the tensor named `name`:
 * seed = FNV-1a 32 of the name, h = fmix32((i · 0x9E3779B1 + seed) mod 2³²) (MurmurHash3's finaliser on a Weyl
 * sequence), u = (h >>> 8) / 2²⁴ (24 bits, exact in float32), v = float32(lo + (hi − lo) · u) with the
 * arithmetic in float64 and one rounding, so initial weights, inputs and dropout masks need no committed bytes.
 */

/** FNV-1a, 32 bits, over the UTF-16 code units of an ASCII name (= its UTF-8 bytes). */
function fnv1a32(name: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < name.length; k++) h = Math.imul(h ^ name.charCodeAt(k), 0x01000193) >>> 0;
  return h;
}

/** MurmurHash3's 32-bit finaliser. */
function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * u ∈ [0, 1) of elements 0..count−1 of `name` (24-bit values).
 *
 * @example
 * ```ts
 * formulaUnit('fc.weight', 2); // Float64Array [0.18672186…, 0.59664685…] (formula.py's unit('fc.weight', 2))
 * ```
 */
export function formulaUnit(name: string, count: number): Float64Array {
  const seed = fnv1a32(name);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = (fmix32((Math.imul(i, 0x9e3779b1) + seed) >>> 0) >>> 8) / 16777216;
  return out;
}

/**
 * The float32 tensor float32(lo + (hi − lo) · u_i), i over the product of `dims`.
 *
 * @example
 * ```ts
 * formulaUniform('x', [2, 2], -1, 1); // Float32Array [-0.62997556, 0.7598531, -0.51193154, 0.9831344]
 * ```
 */
export function formulaUniform(name: string, dims: readonly number[], lo: number, hi: number): Float32Array {
  const u = formulaUnit(name, dims.reduce((a, b) => a * b, 1));
  const out = new Float32Array(u.length);
  for (let i = 0; i < u.length; i++) out[i] = lo + (hi - lo) * u[i]!;
  return out;
}

/**
 * A formula dropout mask: element i is 1/(1 − rate) (as float32) when u(name, i) < 1 − rate, else 0 (the
 * masks of scripts/fixtures/autodiff/seeds_cnn.py, named `<layer>/mask/<step>`).
 *
 * @example
 * ```ts
 * formulaMask('dropout/mask/0', 4, 0.5); // e.g. Float32Array [2, 0, 0, 2]
 * ```
 */
export function formulaMask(name: string, count: number, rate: number): Float32Array {
  const keep = 1 - rate;
  const scale = Math.fround(1 / keep);
  return Float32Array.from(formulaUnit(name, count), (u) => (u < keep ? scale : 0));
}
