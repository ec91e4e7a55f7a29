/**
 * Seeded weight initialisers: He/Kaiming, Glorot/Xavier and LeCun, each normal or uniform, plus constants.
 */
import type { SeededRandom } from '@kenobi/core';

/**
 * The named initialisers.
 *
 * @example
 * ```ts
 * WEIGHT_INITS; // ['he-normal', 'he-uniform', 'glorot-normal', 'glorot-uniform', 'lecun-normal', 'lecun-uniform', 'zeros', 'ones']
 * ```
 */
export const WEIGHT_INITS = Object.freeze([
  'he-normal',
  'he-uniform',
  'glorot-normal',
  'glorot-uniform',
  'lecun-normal',
  'lecun-uniform',
  'zeros',
  'ones',
] as const);

/**
 * One of {@link WEIGHT_INITS}.
 *
 * @example
 * ```ts
 * b.conv(x, { outChannels: 8, kernel: 3, init: 'lecun-uniform' satisfies WeightInitName });
 * ```
 */
export type WeightInitName = (typeof WEIGHT_INITS)[number];

/**
 * How to fill a weight: a named scheme, a plain normal with a given standard deviation, a uniform in
 * [-limit, limit), or a constant.
 *
 * @example
 * ```ts
 * b.dense(x, { units: 10, init: { normal: 0.01 } }); // torchvision's VGG classifier init
 * ```
 */
export type WeightInit = WeightInitName | { normal: number } | { uniform: number } | { constant: number };

/**
 * Fan-in and fan-out of a weight (PyTorch's convention: Conv [O, I/g, kH, kW] → in = I/g·kH·kW, out = O·kH·kW).
 *
 * @example
 * ```ts
 * const fans: Fans = { fanIn: 3 * 7 * 7, fanOut: 64 * 7 * 7 }; // ResNet conv1
 * ```
 */
export interface Fans {
  fanIn: number;
  fanOut: number;
}

/**
 * Fill `out` in place with the initialiser, drawing from `rng` (so the same seed gives the same bytes).
 * Normal draws are plain (not truncated), as PyTorch's `kaiming_normal_`/`xavier_normal_`.
 *
 * | scheme | distribution |
 * | --- | --- |
 * | he-normal / he-uniform | N(0, 2/fanIn) / U(±√(6/fanIn)) |
 * | glorot-normal / glorot-uniform | N(0, 2/(fanIn+fanOut)) / U(±√(6/(fanIn+fanOut))) |
 * | lecun-normal / lecun-uniform | N(0, 1/fanIn) / U(±√(3/fanIn)) |
 *
 * @example
 * ```ts
 * const w = new Float32Array(64 * 3 * 3 * 3);
 * fillWeights(w, 'he-normal', { fanIn: 27, fanOut: 576 }, new SeededRandom(1)); // std ≈ 0.272
 * ```
 */
export function fillWeights(out: Float32Array, init: WeightInit, fans: Fans, rng: SeededRandom): Float32Array {
  const spec = resolve(init, fans);
  if (spec.kind === 'constant') return out.fill(spec.value);
  if (spec.kind === 'normal') {
    for (let i = 0; i < out.length; i++) out[i] = rng.normal() * spec.value;
  } else {
    const span = 2 * spec.value;
    for (let i = 0; i < out.length; i++) out[i] = rng.uniform() * span - spec.value;
  }
  return out;
}

function resolve(init: WeightInit, { fanIn, fanOut }: Fans): { kind: 'normal' | 'uniform' | 'constant'; value: number } {
  if (typeof init !== 'string') {
    if ('normal' in init) return { kind: 'normal', value: init.normal };
    if ('uniform' in init) return { kind: 'uniform', value: init.uniform };
    return { kind: 'constant', value: init.constant };
  }
  switch (init) {
    case 'he-normal': return { kind: 'normal', value: Math.sqrt(2 / fanIn) };
    case 'he-uniform': return { kind: 'uniform', value: Math.sqrt(6 / fanIn) };
    case 'glorot-normal': return { kind: 'normal', value: Math.sqrt(2 / (fanIn + fanOut)) };
    case 'glorot-uniform': return { kind: 'uniform', value: Math.sqrt(6 / (fanIn + fanOut)) };
    case 'lecun-normal': return { kind: 'normal', value: Math.sqrt(1 / fanIn) };
    case 'lecun-uniform': return { kind: 'uniform', value: Math.sqrt(3 / fanIn) };
    case 'zeros': return { kind: 'constant', value: 0 };
    case 'ones': return { kind: 'constant', value: 1 };
  }
}
