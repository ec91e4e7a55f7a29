/**
 * Keras's class names and default layer-name stems, for summaries that read like Keras's.
 */
import type { ImageLayerType } from './image-layer.js';

const KERAS: Readonly<Record<ImageLayerType, readonly [cls: string, stem: string]>> = Object.freeze({
  conv2d: ['Conv2D', 'conv2d'],
  maxPooling2d: ['MaxPooling2D', 'max_pooling2d'],
  averagePooling2d: ['AveragePooling2D', 'average_pooling2d'],
  globalAveragePooling2d: ['GlobalAveragePooling2D', 'global_average_pooling2d'],
  flatten: ['Flatten', 'flatten'],
  spatialDropout2d: ['SpatialDropout2D', 'spatial_dropout2d'],
  dense: ['Dense', 'dense'],
  relu: ['ReLU', 're_lu'],
  leakyRelu: ['LeakyReLU', 'leaky_re_lu'],
  elu: ['ELU', 'elu'],
  sigmoid: ['Activation', 'activation'],
  tanh: ['Activation', 'activation'],
  softmax: ['Softmax', 'softmax'],
  dropout: ['Dropout', 'dropout'],
  batchNormalization: ['BatchNormalization', 'batch_normalization'],
});

/**
 * Keras's class name of a layer type (what the summary prints in brackets).
 *
 * @example
 * ```ts
 * kerasClassName('maxPooling2d'); // 'MaxPooling2D'
 * kerasClassName('sigmoid');      // 'Activation' (Keras has no Sigmoid layer class)
 * ```
 */
export function kerasClassName(type: ImageLayerType): string {
  return KERAS[type][0];
}

/**
 * Keras's default names: the first layer of a kind gets the stem, the next ones `_1`, `_2`, ...
 *
 * @example
 * ```ts
 * const next = kerasNamer();
 * next('conv2d'); // 'conv2d'
 * next('conv2d'); // 'conv2d_1'
 * next('relu');   // 're_lu'
 * ```
 */
export function kerasNamer(): (type: ImageLayerType) => string {
  const seen = new Map<string, number>();
  return (type) => {
    const stem = KERAS[type][1];
    const n = seen.get(stem) ?? 0;
    seen.set(stem, n + 1);
    return n === 0 ? stem : `${stem}_${n}`;
  };
}
