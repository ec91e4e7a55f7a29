import type { SeededRandom } from '@kenobi/core';
import type { FloatArray } from '../backend/matrix.js';
import { LearnError } from '../learn-error.js';

/**
 * How a variance-scaling initialiser counts the fan: inputs, outputs, or their mean.
 *
 * @example
 * ```ts
 * import { FAN_MODES } from '@kenobi/learn';
 * FAN_MODES; // ['fanIn', 'fanOut', 'fanAvg']
 * ```
 */
export const FAN_MODES = Object.freeze(['fanIn', 'fanOut', 'fanAvg'] as const);
/** One of {@link FAN_MODES}. */
export type FanMode = (typeof FAN_MODES)[number];

/**
 * The distributions an initialiser draws from.
 * - `normal`: plain Gaussian, std = sqrt(scale / fan) (PyTorch `kaiming_normal_` / `xavier_normal_`).
 * - `truncatedNormal`: Keras's `VarianceScaling(distribution='truncated_normal')`: a Gaussian cut at ±2σ
 *   (values outside are redrawn) whose σ is divided by 0.87962566103423978 so the variance stays scale / fan.
 * - `uniform`: U(−l, l) with l = sqrt(3 · scale / fan) (PyTorch and Keras agree).
 *
 * @example
 * ```ts
 * import { INIT_DISTRIBUTIONS } from '@kenobi/learn';
 * INIT_DISTRIBUTIONS; // ['normal', 'truncatedNormal', 'uniform']
 * ```
 */
export const INIT_DISTRIBUTIONS = Object.freeze(['normal', 'truncatedNormal', 'uniform'] as const);
/** One of {@link INIT_DISTRIBUTIONS}. */
export type InitDistribution = (typeof INIT_DISTRIBUTIONS)[number];

/**
 * A serialisable initialiser description: `zeros`, `ones`, `constant` or a variance-scaling draw.
 *
 * @example
 * ```ts
 * const spec: InitializerSpec = { kind: 'varianceScaling', scale: 2, mode: 'fanIn', distribution: 'normal' };
 * ```
 */
export type InitializerSpec =
  | { readonly kind: 'zeros' }
  | { readonly kind: 'ones' }
  | { readonly kind: 'constant'; readonly value: number }
  | {
      readonly kind: 'varianceScaling';
      readonly scale: number;
      readonly mode: FanMode;
      readonly distribution: InitDistribution;
    };

const TRUNCATED_STD_CORRECTION = 0.87962566103423978;

/**
 * Fills `out` according to `spec` for a weight of shape [fanIn, fanOut], drawing from `rng`.
 *
 * @example
 * ```ts
 * import { SeededRandom } from '@kenobi/core';
 * const w = new Float32Array(512 * 256);
 * initialize(heNormal(), w, 512, 256, new SeededRandom(1)); // std ≈ sqrt(2/512)
 * ```
 */
export function initialize(spec: InitializerSpec, out: FloatArray, fanIn: number, fanOut: number, rng: SeededRandom): void {
  switch (spec.kind) {
    case 'zeros':
      out.fill(0);
      return;
    case 'ones':
      out.fill(1);
      return;
    case 'constant':
      out.fill(spec.value);
      return;
    case 'varianceScaling': {
      const fan = spec.mode === 'fanIn' ? fanIn : spec.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
      if (!(fan > 0) || !(spec.scale > 0)) {
        throw new LearnError('learn/bad-argument', `variance scaling needs a positive fan and scale (fan ${fan}, scale ${spec.scale})`);
      }
      const variance = spec.scale / fan;
      if (spec.distribution === 'uniform') {
        const limit = Math.sqrt(3 * variance);
        for (let i = 0; i < out.length; i++) out[i] = rng.uniformIn(-limit, limit);
      } else if (spec.distribution === 'normal') {
        const std = Math.sqrt(variance);
        for (let i = 0; i < out.length; i++) out[i] = std * rng.normal();
      } else {
        const std = Math.sqrt(variance) / TRUNCATED_STD_CORRECTION;
        for (let i = 0; i < out.length; i++) {
          let z = rng.normal();
          while (z < -2 || z > 2) z = rng.normal();
          out[i] = std * z;
        }
      }
      return;
    }
  }
}
