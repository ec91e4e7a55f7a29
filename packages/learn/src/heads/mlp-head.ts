import { heUniform, glorotUniform } from '../init/variance-scaling.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { elu } from '../layers/elu.js';
import type { Layer } from '../layers/layer.js';
import { leakyRelu } from '../layers/leaky-relu.js';
import { relu } from '../layers/relu.js';
import { tanh } from '../layers/tanh.js';
import { LearnError } from '../learn-error.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { headOutputs, type HeadOptions } from './head-options.js';

/**
 * Hidden activations an MLP head can use.
 *
 * @example
 * ```ts
 * import { MLP_ACTIVATIONS } from '@kenobi/learn';
 * MLP_ACTIVATIONS; // ['relu', 'leakyRelu', 'elu', 'tanh']
 * ```
 */
export const MLP_ACTIVATIONS = Object.freeze(['relu', 'leakyRelu', 'elu', 'tanh'] as const);
/** One of {@link MLP_ACTIVATIONS}. */
export type MlpActivation = (typeof MLP_ACTIVATIONS)[number];

/** Options of {@link mlpHead}. */
export interface MlpHeadOptions extends HeadOptions {
  /** Hidden widths, e.g. 256 or [512, 128]. */
  readonly hidden: number | readonly number[];
  /** Dropout rate after each hidden block (0 = none). Default 0. */
  readonly dropout?: number;
  /** Batch norm between each hidden dense and its activation. Default false. */
  readonly bn?: boolean;
  /** Default 'relu'. */
  readonly activation?: MlpActivation;
}

function activationLayer(a: MlpActivation): Layer {
  switch (a) {
    case 'relu':
      return relu();
    case 'leakyRelu':
      return leakyRelu();
    case 'elu':
      return elu();
    case 'tanh':
      return tanh();
  }
}

/**
 * A multi-layer perceptron head: for each hidden width, dense → [batch norm] → activation → [dropout];
 * then a dense output layer (logits, see `linearHead`). Hidden kernels start He-uniform for the ReLU family
 * and Glorot-uniform for tanh; the output layer Glorot-uniform.
 *
 * @example
 * ```ts
 * const head = mlpHead({ inputs: 2048, hidden: 256, dropout: 0.5, bn: true, classes: 2, seed: 0 });
 * console.log(head.summary()); // dense_1 → batch_normalization_1 → relu_1 → dropout_1 → logits
 * ```
 */
export function mlpHead(options: MlpHeadOptions): Sequential {
  const hidden = typeof options.hidden === 'number' ? [options.hidden] : [...options.hidden];
  if (hidden.length === 0) throw new LearnError('learn/bad-argument', 'mlpHead needs at least one hidden width (use linearHead for none)');
  const activation = options.activation ?? 'relu';
  if (!MLP_ACTIVATIONS.includes(activation)) throw new LearnError('learn/bad-argument', `unknown activation '${activation}'`, { hint: `one of ${MLP_ACTIVATIONS.join(', ')}` });
  const rate = options.dropout ?? 0;
  const layers: Layer[] = [];
  for (const width of hidden) {
    layers.push(dense(width, { kernelInitializer: activation === 'tanh' ? glorotUniform() : heUniform() }));
    if (options.bn) layers.push(batchNormalization());
    layers.push(activationLayer(activation));
    if (rate > 0) layers.push(dropout(rate));
  }
  const out = dense(headOutputs(options));
  out.name = 'logits';
  layers.push(out);
  return sequential(layers, options);
}
