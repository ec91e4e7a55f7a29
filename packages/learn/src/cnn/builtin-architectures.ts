/**
 * The built-in image classifiers `kenobi train --arch <name>` knows: the seeds' CNN, LeNet-5 and small-width
 * Sequential versions of `@kenobi/onnx`'s classic architectures where Kenobi's layers exist (AlexNet without
 * its LRN layers, VGG-11, VGG-16; ResNet and GoogLeNet need residual and branch layers, which image models do
 * not have). Each ends in dense(1) + sigmoid for two classes, dense(K) + softmax for K. Pure.
 */
import type { InitializerSpec } from '../init/initializer.js';
import { dense as denseLayer } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { relu } from '../layers/relu.js';
import { sigmoid } from '../layers/sigmoid.js';
import { softmax } from '../layers/softmax.js';
import { tanh } from '../layers/tanh.js';
import { LearnError } from '../learn-error.js';
import { conv2d as convLayer, type Conv2dOptions } from './conv2d.js';
import { flatten } from './flatten.js';
import { imageModel, type ImageModel, type ImageModelLayer } from './image-model.js';
import { averagePooling2d, maxPooling2d } from './pooling2d.js';

/**
 * Names of the built-in architectures.
 *
 * @example
 * ```ts
 * BUILTIN_ARCHITECTURES; // ['seeds-cnn', 'lenet5', 'alexnet-small', 'vgg11-small', 'vgg16-small']
 * ```
 */
export const BUILTIN_ARCHITECTURES = Object.freeze(['seeds-cnn', 'lenet5', 'alexnet-small', 'vgg11-small', 'vgg16-small'] as const);
/** One of {@link BUILTIN_ARCHITECTURES}. @example `const a: BuiltinArchitecture = 'seeds-cnn';` */
export type BuiltinArchitecture = (typeof BUILTIN_ARCHITECTURES)[number];

/** Channel width of the `-small` variants: 1/8 of the original (AlexNet's 64 → 8 filters, VGG's 4096 → 512 units). */
const SMALL = 1 / 8;
const w = (c: number): number => Math.max(1, Math.round(c * SMALL));
const same = { padding: 'same' as const };

/**
 * The kernel initialiser of the architecture being built (undefined: each layer's Keras default, glorot-uniform).
 * NOTE: set and reset around one synchronous build in `builtinArchitecture`, so the bodies stay one-liners.
 */
let kernelInit: InitializerSpec | undefined;
const conv2d = (filters: number, size: number, o: Conv2dOptions = {}): ImageModelLayer => convLayer(filters, size, { ...o, ...(kernelInit ? { kernelInitializer: kernelInit } : {}) });
const dense = (units: number): ImageModelLayer => denseLayer(units, kernelInit ? { kernelInitializer: kernelInit } : {});

/** The feature layers (everything before the output dense) of each architecture. */
const BODIES: Readonly<Record<BuiltinArchitecture, () => ImageModelLayer[]>> = Object.freeze({
  // Dominguez-Sánchez et al. 2018 (the Galaxy Zoo "seeds" CNN); 2,332,513 params at 64×64×3 with one output
  'seeds-cnn': () => [
    conv2d(32, 6, same), relu(), dropout(0.5), conv2d(64, 5, same), relu(), maxPooling2d(2), dropout(0.25),
    conv2d(128, 2, same), relu(), maxPooling2d(2), dropout(0.25), conv2d(128, 3, same), relu(), dropout(0.25),
    flatten(), dense(64), relu(), dropout(0.5),
  ],
  // LeCun et al. 1998 as @kenobi/onnx's lenet5: tanh, average pools, 6-16 filters, 120-84 units
  lenet5: () => [
    conv2d(6, 5), tanh(), averagePooling2d(2), conv2d(16, 5), tanh(), averagePooling2d(2),
    flatten(), dense(120), tanh(), dense(84), tanh(),
  ],
  // torchvision's AlexNet at 1/8 width, 'same' padding, no LRN (image models have no LRN layer)
  'alexnet-small': () => [
    conv2d(w(64), 11, { strides: 4, padding: 'same' }), relu(), maxPooling2d(3, { strides: 2 }),
    conv2d(w(192), 5, same), relu(), maxPooling2d(3, { strides: 2 }),
    conv2d(w(384), 3, same), relu(), conv2d(w(256), 3, same), relu(), conv2d(w(256), 3, same), relu(), maxPooling2d(3, { strides: 2 }),
    flatten(), dropout(0.5), dense(w(4096)), relu(), dropout(0.5), dense(w(4096)), relu(),
  ],
  'vgg11-small': () => vgg([64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M']),
  'vgg16-small': () => vgg([64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M']),
});

function vgg(config: readonly (number | 'M')[]): ImageModelLayer[] {
  const layers: ImageModelLayer[] = [];
  for (const c of config) {
    if (c === 'M') layers.push(maxPooling2d(2));
    else layers.push(conv2d(w(c), 3, same), relu());
  }
  return [...layers, flatten(), dense(w(4096)), relu(), dropout(0.5), dense(w(4096)), relu(), dropout(0.5)];
}

/**
 * The output layers for `classes` classes: dense(1) + sigmoid for two, dense(K) + softmax for more.
 *
 * @example
 * ```ts
 * classifierOutput(2).map((l) => l.type); // ['dense', 'sigmoid']
 * ```
 */
export function classifierOutput(classes: number): ImageModelLayer[] {
  if (!(Number.isInteger(classes) && classes >= 2)) throw new LearnError('learn/single-class', `a classifier needs at least two classes, got ${classes}`);
  return classes === 2 ? [dense(1), sigmoid()] : [dense(classes), softmax()];
}

/**
 * A built-in architecture for inputs of Keras shape `inputShape` and `classes` classes (`learn/bad-argument`
 * for an unknown name; `learn/shape-mismatch` when the input is too small for its windows). Kernels are
 * Keras's glorot-uniform unless `kernelInitializer` says otherwise (e.g. `heUniform()` for ReLU networks).
 *
 * @example
 * ```ts
 * builtinArchitecture('seeds-cnn', { inputShape: [64, 64, 3], classes: 2, seed: 1 }).countParams(); // 2332513
 * ```
 */
export function builtinArchitecture(name: string, options: { readonly inputShape: readonly [number, number, number]; readonly classes: number; readonly seed?: number; readonly kernelInitializer?: InitializerSpec }): ImageModel {
  const body = BODIES[name as BuiltinArchitecture];
  if (!body) throw new LearnError('learn/bad-argument', `unknown architecture '${name}'`, { hint: `built in: ${BUILTIN_ARCHITECTURES.join(', ')}; or give a JSON layer list file` });
  kernelInit = options.kernelInitializer;
  try {
    return imageModel([...body(), ...classifierOutput(options.classes)], { inputShape: options.inputShape, seed: options.seed ?? 0, name: name.replace(/-/g, '_') });
  } finally {
    kernelInit = undefined;
  }
}

/**
 * Checks that a model's outputs fit a classifier of `classes` classes: one output (a sigmoid or a logit)
 * for two classes, or one per class. `learn/shape-mismatch` otherwise, saying what would fit.
 *
 * @example
 * ```ts
 * checkClassifierOutputs(model, 2); // 'binaryCrossEntropy' for dense(1) + sigmoid
 * ```
 */
export function checkClassifierOutputs(model: ImageModel, classes: number): 'binaryCrossEntropy' | 'categoricalCrossEntropy' {
  if (model.outputShape.length !== 1) throw new LearnError('learn/shape-mismatch', `the model ends in a ${model.outputShape.length}-d map [${model.outputShape.join(', ')}], not one value per class`, { hint: 'end with flatten() and dense(units)' });
  const k = model.outputs;
  if (classes === 2 && k === 1) {
    if (model.finalActivation === 'softmax') throw new LearnError('learn/shape-mismatch', 'a softmax over one output is always 1', { hint: 'end two-class models with dense(1) + sigmoid' });
    return 'binaryCrossEntropy';
  }
  if (k === classes && model.finalActivation !== 'sigmoid') return 'categoricalCrossEntropy';
  throw new LearnError('learn/shape-mismatch', `the model has ${k} output${k === 1 ? '' : 's'}${model.finalActivation ? ` (${model.finalActivation})` : ''}; the data have ${classes} classes`, {
    hint: classes === 2 ? 'end with {"type": "dense", "units": 1}, {"type": "sigmoid"} (or dense 2 + softmax)' : `end with {"type": "dense", "units": ${classes}}, {"type": "softmax"}`,
  });
}
