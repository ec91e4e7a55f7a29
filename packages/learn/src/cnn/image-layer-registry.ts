/**
 * Rebuilds image models from plain data (`ImageModelSpec`): checkpoints, `.kenobi` image files, workers.
 */
import type { InitializerSpec } from '../init/initializer.js';
import { createLayer } from '../io/layer-registry.js';
import { LAYER_TYPES, type LayerConfig, type LayerType } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';
import { Conv2D } from './conv2d.js';
import { Flatten } from './flatten.js';
import { GlobalAveragePooling2D } from './global-average-pooling2d.js';
import { IMAGE_LAYER_TYPES, type ImageLayer, type ImageLayerType } from './image-layer.js';
import { imageModel, type ImageModel, type ImageModelLayer, type ImageModelSpec } from './image-model.js';
import { Pooling2D } from './pooling2d.js';
import { SpatialDropout2D } from './spatial-dropout2d.js';

type Pair = readonly [number, number];

const get = <T>(c: LayerConfig, key: string, check: (v: unknown) => boolean, what: string): T => {
  const v = c[key];
  if (!check(v)) throw new LearnError('learn/bad-file', `layer config '${key}' should be ${what}, got ${JSON.stringify(v)}`);
  return v as T;
};
const isPair = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x));
const isNumber = (v: unknown): boolean => typeof v === 'number';

/**
 * An unbuilt layer from its type and `config()`.
 *
 * @example
 * ```ts
 * createImageLayer('maxPooling2d', { poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
 * ```
 */
export function createImageLayer(type: ImageLayerType, config: LayerConfig): ImageModelLayer {
  switch (type) {
    case 'conv2d':
      return new Conv2D(get<number>(config, 'filters', isNumber, 'a number'), get<Pair>(config, 'kernelSize', isPair, '[h, w]'), {
        strides: get<Pair>(config, 'strides', isPair, '[h, w]'),
        dilationRate: get<Pair>(config, 'dilationRate', isPair, '[h, w]'),
        padding: get(config, 'padding', (v) => v === 'valid' || v === 'same', "'valid' or 'same'"),
        groups: get<number>(config, 'groups', isNumber, 'a number'),
        useBias: config.useBias !== false,
        ...(config.kernelInitializer ? { kernelInitializer: config.kernelInitializer as InitializerSpec } : {}),
        ...(config.biasInitializer ? { biasInitializer: config.biasInitializer as InitializerSpec } : {}),
      });
    case 'maxPooling2d':
    case 'averagePooling2d':
      return new Pooling2D(type, get<Pair>(config, 'poolSize', isPair, '[h, w]'), {
        strides: get<Pair>(config, 'strides', isPair, '[h, w]'),
        padding: get(config, 'padding', (v) => v === 'valid' || v === 'same', "'valid' or 'same'"),
      });
    case 'globalAveragePooling2d':
      return new GlobalAveragePooling2D();
    case 'flatten':
      return new Flatten();
    case 'spatialDropout2d':
      return new SpatialDropout2D(get<number>(config, 'rate', isNumber, 'a number'));
    default:
      if ((LAYER_TYPES as readonly string[]).includes(type)) return createLayer(type as LayerType, config);
      throw new LearnError('learn/bad-file', `unknown layer type '${String(type)}'`, { hint: `known: ${[...IMAGE_LAYER_TYPES, ...LAYER_TYPES].join(', ')}` });
  }
}

/**
 * The model a spec describes (same seed: the same initial weights).
 *
 * @example
 * ```ts
 * const copy = imageModelFromSpec(model.spec());
 * copy.getWeights(); // equal to model's before training
 * ```
 */
export function imageModelFromSpec(spec: ImageModelSpec): ImageModel {
  if (!spec || !Array.isArray(spec.layers) || !Array.isArray(spec.inputShape)) throw new LearnError('learn/bad-file', 'an image model spec needs inputShape and layers');
  const layers = spec.layers.map((l) => {
    const layer = createImageLayer(l.type, l.config ?? {});
    layer.name = l.name;
    return layer;
  });
  const model = imageModel(layers, { inputShape: spec.inputShape, seed: spec.seed, name: spec.name });
  model.layers.forEach((l: ImageLayer, i) => (l.trainable = spec.layers[i]!.trainable !== false));
  return model;
}
