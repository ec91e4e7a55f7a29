/**
 * Test support (imported by tests only): what MC-dropout must average to. For a head with one dropout layer,
 * right before its output dense layer, each output is linear in the dropout mask, so over masks
 * m_j ~ Bernoulli(keep) scaled by 1/keep:
 *   E[y_k]   = Σ_j h_j W_jk + b_k             (the deterministic output: inverted dropout keeps the mean)
 *   Var[y_k] = (1 − keep)/keep · Σ_j (h_j W_jk)²
 * where h is the input of that dropout layer (inference mode before it).
 */
import { matrix } from '../backend/matrix.js';
import type { Dense } from '../layers/dense.js';
import type { Dropout } from '../layers/dropout.js';
import { LearnError } from '../learn-error.js';
import type { Sequential } from '../model/sequential.js';

/** Per-row, per-output mean and standard deviation of MC-dropout, row-major `[rows, outputs]`. @example `{ mean: Float64Array [0.41, ...], sd: Float64Array [0.60, ...] }` */
export interface DropoutMoments {
  readonly mean: Float64Array;
  readonly sd: Float64Array;
}

/**
 * The exact mean and standard deviation of `head`'s raw outputs over dropout masks, for `rows` rows of `x`.
 *
 * @example
 * ```ts
 * const { mean, sd } = dropoutMoments(mlpHead({ inputs: 6, hidden: 16, dropout: 0.3, seed: 1 }), x, 50);
 * mean[0]; // = head.predict(x).data[0]; sd[0] > 0
 * ```
 */
export function dropoutMoments(head: Sequential, x: ArrayLike<number>, rows: number): DropoutMoments {
  const d = head.layers.length - 2;
  const drop = head.layers[d], out = head.layers[d + 1];
  if (drop?.type !== 'dropout' || out?.type !== 'dense' || head.layers.slice(0, d).some((l) => l.type === 'dropout')) {
    throw new LearnError('learn/bad-argument', 'dropoutMoments needs a head with one dropout layer, right before its output dense layer');
  }
  let h = matrix(rows, head.inputs, x, head.dtype);
  for (const layer of head.layers.slice(0, d)) h = layer.forward(h, { training: false });
  const keep = 1 - (drop as Dropout).rate;
  const [kernel, bias] = (out as Dense).params();
  const units = (out as Dense).units, inputs = h.cols;
  const mean = new Float64Array(rows * units), sd = new Float64Array(rows * units);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < units; k++) {
      let m = bias ? bias.value[k]! : 0, v = 0;
      for (let j = 0; j < inputs; j++) {
        const t = h.data[r * inputs + j]! * kernel!.value[j * units + k]!;
        m += t;
        v += t * t;
      }
      mean[r * units + k] = m;
      sd[r * units + k] = Math.sqrt(((1 - keep) / keep) * v);
    }
  }
  return { mean, sd };
}
