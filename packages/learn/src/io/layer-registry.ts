import type { InitializerSpec } from '../init/initializer.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { ELU } from '../layers/elu.js';
import { LAYER_TYPES, type Layer, type LayerConfig, type LayerType } from '../layers/layer.js';
import { LeakyReLU } from '../layers/leaky-relu.js';
import { ReLU } from '../layers/relu.js';
import { Sigmoid } from '../layers/sigmoid.js';
import { Softmax } from '../layers/softmax.js';
import { Tanh } from '../layers/tanh.js';
import { LearnError } from '../learn-error.js';

const num = (c: LayerConfig, k: string): number => {
  const v = c[k];
  if (typeof v !== 'number') throw new LearnError('learn/bad-file', `layer config '${k}' should be a number, got ${JSON.stringify(v)}`);
  return v;
};

/**
 * Rebuilds an (unbuilt) layer from its `type` and `config()`; used by `loadModel`.
 *
 * @example
 * ```ts
 * const l = createLayer('dense', { units: 10, useBias: true, kernelInitializer: { kind: 'zeros' }, biasInitializer: { kind: 'zeros' } });
 * ```
 */
export function createLayer(type: LayerType, config: LayerConfig): Layer {
  switch (type) {
    case 'dense':
      return new Dense(num(config, 'units'), {
        useBias: config.useBias !== false,
        ...(config.kernelInitializer ? { kernelInitializer: config.kernelInitializer as InitializerSpec } : {}),
        ...(config.biasInitializer ? { biasInitializer: config.biasInitializer as InitializerSpec } : {}),
      });
    case 'relu':
      return new ReLU();
    case 'leakyRelu':
      return new LeakyReLU(num(config, 'negativeSlope'));
    case 'elu':
      return new ELU(num(config, 'alpha'));
    case 'sigmoid':
      return new Sigmoid();
    case 'tanh':
      return new Tanh();
    case 'softmax':
      return new Softmax();
    case 'dropout':
      return new Dropout(num(config, 'rate'));
    case 'batchNormalization':
      return new BatchNormalization({
        momentum: num(config, 'momentum'),
        epsilon: num(config, 'epsilon'),
        ...(typeof config.training === 'boolean' ? { training: config.training } : {}),
      });
    default:
      throw new LearnError('learn/bad-file', `unknown layer type '${String(type)}'`, { hint: `known: ${LAYER_TYPES.join(', ')}` });
  }
}

/**
 * The output width and the stored weight count (params and buffers) of a layer of `type` with `config`
 * built on `inputs` features, computed from the config alone so a loader can check them against the file
 * before building anything; undefined for a config that is not valid.
 *
 * @example
 * ```ts
 * layerWeights('dense', { units: 10, useBias: true }, 64); // { outputs: 10, weights: 650 }
 * layerWeights('batchNormalization', {}, 10);              // { outputs: 10, weights: 40 } (gamma, beta, mean, variance)
 * ```
 */
export function layerWeights(type: LayerType, config: LayerConfig, inputs: number): { outputs: number; weights: number } | undefined {
  if (type === 'dense') {
    const units = config.units;
    if (typeof units !== 'number' || !Number.isSafeInteger(units) || units < 1) return undefined;
    return { outputs: units, weights: inputs * units + (config.useBias !== false ? units : 0) };
  }
  if (type === 'batchNormalization') return { outputs: inputs, weights: 4 * inputs };
  return { outputs: inputs, weights: 0 };
}
