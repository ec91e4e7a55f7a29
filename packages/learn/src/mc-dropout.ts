import { SeededRandom } from '@kenobi/core';
import type { Matrix } from './backend/matrix.js';
import { toMatrix, type MatrixInput } from './backend/matrix-view.js';
import { probabilities } from './heads/predict-proba.js';
import { LearnError } from './learn-error.js';
import type { Sequential } from './model/sequential.js';

/** Options of {@link mcDropout}. */
export interface McDropoutOptions {
  /** Stochastic passes. Default 30. */
  readonly samples?: number;
  /** Seeds the dropout masks. Default 0. */
  readonly seed?: number;
  /** Average 'probabilities' (default: sigmoid/softmax of the logits) or raw 'outputs' (regression). */
  readonly output?: 'probabilities' | 'outputs';
  readonly batchSize?: number;
}

/**
 * Monte-Carlo dropout: `samples` forward passes with dropout ACTIVE and batch norm in INFERENCE mode
 * (running statistics: the frozen-BN rule of FINDINGS.md), giving the mean and the standard deviation
 * (population, ddof = 0) of each output per sample.
 *
 * @example
 * ```ts
 * const { mean, std } = mcDropout(head, features, { samples: 30, seed: 1 });
 * mean.data[0]; // P(lens) for the first cutout; std.data[0] its spread
 * ```
 */
export function mcDropout(model: Sequential, input: MatrixInput, options: McDropoutOptions = {}): { mean: Matrix; std: Matrix } {
  const x = toMatrix(input);
  const samples = options.samples ?? 30;
  if (!(Number.isInteger(samples) && samples >= 1)) throw new LearnError('learn/bad-argument', `samples must be a positive integer, got ${samples}`);
  if (!model.layers.some((l) => l.type === 'dropout')) {
    throw new LearnError('learn/bad-argument', 'MC-dropout needs a model with dropout layers', { hint: 'build the head with mlpHead({ dropout: 0.3, ... })' });
  }
  const rng = new SeededRandom(options.seed ?? 0);
  const n = x.rows * model.outputs;
  const sum = new Float64Array(n), sumSq = new Float64Array(n);
  for (let s = 0; s < samples; s++) {
    let out = model.predict(x, { context: { training: false, dropout: true, rng }, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
    if ((options.output ?? 'probabilities') === 'probabilities') out = probabilities(out);
    for (let i = 0; i < n; i++) {
      sum[i] += out.data[i]!;
      sumSq[i] += out.data[i]! * out.data[i]!;
    }
  }
  const mean = new Float64Array(n), std = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mean[i] = sum[i]! / samples;
    std[i] = Math.sqrt(Math.max(0, sumSq[i]! / samples - mean[i]! * mean[i]!));
  }
  return { mean: { rows: x.rows, cols: model.outputs, data: mean }, std: { rows: x.rows, cols: model.outputs, data: std } };
}
