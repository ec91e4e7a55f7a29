/**
 * Image models from a JSON layer list (what `kenobi train --arch net.json` reads): one object per layer,
 * `{ "type": "conv2d", "filters": 32, "kernelSize": 3, "padding": "same" }`, with the options of the
 * matching factory (`conv2d`, `maxPooling2d`, `dense`, `dropout`, ...); conv2d and dense also take Keras's
 * `"activation": "relu"` (or sigmoid, tanh, softmax, elu, leaky_relu, linear), which adds that layer after them,
 * and `kernelInitializer` / `biasInitializer` as Keras names them (`"he_normal"`) or as Kenobi's specs. A Keras
 * `model.to_json()` file is read as Keras means it (`keras-model-config.ts`). Unknown layers, unknown or
 * mistyped options and windows that do not fit their input are typed errors naming the layer. Pure.
 */
import { FAN_MODES, INIT_DISTRIBUTIONS, type FanMode, type InitDistribution, type InitializerSpec } from '../init/initializer.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { elu } from '../layers/elu.js';
import { leakyRelu } from '../layers/leaky-relu.js';
import { relu } from '../layers/relu.js';
import { sigmoid } from '../layers/sigmoid.js';
import { softmax } from '../layers/softmax.js';
import { tanh } from '../layers/tanh.js';
import { LAYER_TYPES } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';
import { conv2d } from './conv2d.js';
import { flatten } from './flatten.js';
import { globalAveragePooling2d } from './global-average-pooling2d.js';
import { IMAGE_LAYER_TYPES } from './image-layer.js';
import { isKerasModelConfig, kerasInitializer, layerListFromKeras } from './keras-model-config.js';
import { imageModel, type ImageModel, type ImageModelLayer } from './image-model.js';
import { maxPooling2d, averagePooling2d } from './pooling2d.js';
import { spatialDropout2d } from './spatial-dropout2d.js';

type Json = Readonly<Record<string, unknown>>;

/** The options each layer type takes in a layer list (besides `type`). */
const OPTIONS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  conv2d: ['filters', 'kernelSize', 'strides', 'padding', 'dilationRate', 'groups', 'useBias', 'activation', 'kernelInitializer', 'biasInitializer'],
  maxPooling2d: ['poolSize', 'strides', 'padding'],
  averagePooling2d: ['poolSize', 'strides', 'padding'],
  globalAveragePooling2d: [], flatten: [], spatialDropout2d: ['rate'],
  dense: ['units', 'useBias', 'activation', 'kernelInitializer', 'biasInitializer'], dropout: ['rate'], batchNormalization: ['momentum', 'epsilon'],
  relu: [], leakyRelu: ['negativeSlope'], elu: ['alpha'], sigmoid: [], tanh: [], softmax: [],
});

/**
 * Keras's `activation` names (conv2d, dense) → the layer that follows; 'linear' adds none. `leaky_relu` has
 * Keras's slope 0.2 (`keras.activations.leaky_relu`); Kenobi's own name `leakyRelu` has the layer's 0.01.
 */
const ACTIVATIONS: Readonly<Record<string, (() => ImageModelLayer) | undefined>> = Object.freeze({
  linear: undefined, relu: () => relu(), sigmoid: () => sigmoid(), tanh: () => tanh(), softmax: () => softmax(), elu: () => elu(),
  leaky_relu: () => leakyRelu({ negativeSlope: 0.2 }), leakyRelu: () => leakyRelu(),
});

/** Keras's snake_case option names → the factories' (for the hint when a Keras name is used in a Kenobi list). */
const SNAKE: Readonly<Record<string, string>> = Object.freeze({
  kernel_size: 'kernelSize', pool_size: 'poolSize', dilation_rate: 'dilationRate', use_bias: 'useBias', negative_slope: 'negativeSlope',
  kernel_initializer: 'kernelInitializer', bias_initializer: 'biasInitializer',
});

function layersFrom(spec: unknown, at: number): ImageModelLayer[] {
  const layer = layerFrom(spec, at);
  const name = (spec as Json)['activation'];
  if (name === undefined) return [layer];
  const type = String((spec as Json)['type']);
  if (typeof name !== 'string' || !Object.hasOwn(ACTIVATIONS, name)) {
    throw new LearnError('learn/bad-file', `layer ${at + 1} (${type}): unknown activation ${JSON.stringify(name)}`, { hint: `Keras's names: ${Object.keys(ACTIVATIONS).join(', ')}` });
  }
  const activation = ACTIVATIONS[name];
  return activation ? [layer, activation()] : [layer];
}

function layerFrom(spec: unknown, at: number): ImageModelLayer {
  const where = `layer ${at + 1}`;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new LearnError('learn/bad-file', `${where} is ${JSON.stringify(spec)}, not an object like {"type": "conv2d", ...}`);
  const o = spec as Json;
  const type = o['type'];
  const known = [...IMAGE_LAYER_TYPES, ...LAYER_TYPES];
  if (typeof type !== 'string' || !(known as readonly string[]).includes(type)) {
    throw new LearnError('learn/bad-file', `${where}: unknown layer type ${JSON.stringify(type)}`, { hint: `known: ${known.join(', ')}` });
  }
  const allowed = OPTIONS[type]!;
  for (const key of Object.keys(o)) {
    if (key !== 'type' && !allowed.includes(key)) {
      const camel = SNAKE[key];
      const hint = camel && allowed.includes(camel)
        ? `'${camel}' in a Kenobi layer list (a Keras model.to_json() file is read with Keras's names)`
        : allowed.length ? `${type} takes ${allowed.join(', ')}` : `${type} takes no options`;
      throw new LearnError('learn/bad-file', `${where} (${type}): unknown option '${key}'`, { hint });
    }
  }
  const num = (key: string, required: boolean): number | undefined => {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new LearnError('learn/bad-file', `${where} (${type}): '${key}' must be a number, got ${JSON.stringify(v)}`);
    return v;
  };
  const size = (key: string, required: boolean): number | [number, number] | undefined => {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    const ok = (x: unknown): boolean => Number.isInteger(x) && (x as number) > 0;
    if (ok(v)) return v as number;
    if (Array.isArray(v) && v.length === 2 && v.every(ok)) return [v[0], v[1]];
    throw new LearnError('learn/bad-file', `${where} (${type}): '${key}' must be a positive integer or [h, w], got ${JSON.stringify(v)}`);
  };
  const padding = (): 'valid' | 'same' | undefined => {
    const v = o['padding'];
    if (v === undefined || v === 'valid' || v === 'same') return v;
    throw new LearnError('learn/bad-file', `${where} (${type}): 'padding' must be "valid" or "same", got ${JSON.stringify(v)}`);
  };
  const bool = (key: string): boolean | undefined => {
    const v = o[key];
    if (v === undefined || typeof v === 'boolean') return v;
    throw new LearnError('learn/bad-file', `${where} (${type}): '${key}' must be true or false, got ${JSON.stringify(v)}`);
  };
  const init = (key: string): InitializerSpec | undefined => {
    const v = o[key];
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'kind' in v) return initializerSpec(v as Json, `${where} (${type}): '${key}'`);
    return kerasInitializer(v, `${where} (${type}): '${key}'`);
  };
  const defined = <T extends object>(x: T): T => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) as T;
  let layer: ImageModelLayer;
  switch (type) {
    case 'conv2d':
      layer = conv2d(num('filters', true)!, size('kernelSize', true)!, defined({ strides: size('strides', false), padding: padding(), dilationRate: size('dilationRate', false), groups: num('groups', false), useBias: bool('useBias'), kernelInitializer: init('kernelInitializer'), biasInitializer: init('biasInitializer') }));
      break;
    case 'maxPooling2d':
    case 'averagePooling2d':
      layer = (type === 'maxPooling2d' ? maxPooling2d : averagePooling2d)(size('poolSize', false) ?? 2, defined({ strides: size('strides', false), padding: padding() }));
      break;
    case 'globalAveragePooling2d': layer = globalAveragePooling2d(); break;
    case 'flatten': layer = flatten(); break;
    case 'spatialDropout2d': layer = spatialDropout2d(num('rate', true)!); break;
    case 'dense': layer = dense(num('units', true)!, defined({ useBias: bool('useBias'), kernelInitializer: init('kernelInitializer'), biasInitializer: init('biasInitializer') })); break;
    case 'dropout': layer = dropout(num('rate', true)!); break;
    case 'batchNormalization': layer = batchNormalization(defined({ momentum: num('momentum', false), epsilon: num('epsilon', false) })); break;
    case 'leakyRelu': layer = leakyRelu(defined({ negativeSlope: num('negativeSlope', false) })); break;
    case 'elu': layer = elu(defined({ alpha: num('alpha', false) })); break;
    case 'relu': layer = relu(); break;
    case 'sigmoid': layer = sigmoid(); break;
    case 'tanh': layer = tanh(); break;
    default: layer = softmax();
  }
  return layer;
}

/** A Kenobi initialiser spec given as JSON, checked field by field. */
function initializerSpec(o: Json, where: string): InitializerSpec {
  const bad = (): never => { throw new LearnError('learn/bad-file', `${where} ${JSON.stringify(o)} is not an initialiser`, { hint: 'a Keras name ("he_normal") or {"kind": "varianceScaling", "scale": 2, "mode": "fanIn", "distribution": "normal"}' }); };
  const keys = Object.keys(o).sort().join(',');
  switch (o['kind']) {
    case 'zeros':
    case 'ones':
      return keys === 'kind' ? { kind: o['kind'] } : bad();
    case 'constant':
      return keys === 'kind,value' && typeof o['value'] === 'number' && Number.isFinite(o['value']) ? { kind: 'constant', value: o['value'] } : bad();
    case 'varianceScaling': {
      const { scale, mode, distribution } = o;
      const ok = keys === 'distribution,kind,mode,scale' && typeof scale === 'number' && scale > 0 && (FAN_MODES as readonly unknown[]).includes(mode) && (INIT_DISTRIBUTIONS as readonly unknown[]).includes(distribution);
      return ok ? { kind: 'varianceScaling', scale: scale as number, mode: mode as FanMode, distribution: distribution as InitDistribution } : bad();
    }
    default:
      return bad();
  }
}

/**
 * Builds the model a layer list describes for inputs of Keras shape `inputShape`. `json` is the list, or
 * `{ "inputShape": [h, w, c], "layers": [...] }` (an `inputShape` that differs from the data's is
 * `learn/shape-mismatch`), or a Keras model configuration (`model.to_json()`, see `layerListFromKeras`). Errors: `learn/bad-file` (not a list, unknown layer or option, bad value),
 * `learn/shape-mismatch` (a window that does not fit; raised by the layer as the shapes are inferred).
 *
 * @example
 * ```ts
 * const model = imageModelFromLayerList(JSON.parse(readFileSync('net.json', 'utf8')), { inputShape: [64, 64, 3], seed: 1 });
 * // net.json: [{"type":"conv2d","filters":16,"kernelSize":3,"padding":"same"},{"type":"relu"},{"type":"maxPooling2d"},
 * //            {"type":"flatten"},{"type":"dense","units":1},{"type":"sigmoid"}]
 * ```
 */
export function imageModelFromLayerList(json: unknown, options: { readonly inputShape: readonly [number, number, number]; readonly seed?: number; readonly name?: string }): ImageModel {
  const keras = isKerasModelConfig(json);
  if (keras) json = layerListFromKeras(json);
  let list: unknown = json;
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const o = json as Json;
    const declared = o['inputShape'];
    if (declared !== undefined) {
      const same = Array.isArray(declared) && declared.length === 3 && declared.every((v, i) => v === options.inputShape[i]);
      if (!same) {
        throw new LearnError('learn/shape-mismatch', `the ${keras ? 'Keras model' : 'layer list'} is for inputs ${JSON.stringify(declared)} (Keras [h, w, c]); the data give [${options.inputShape.join(', ')}]`, {
          hint: `match --input-size and the bands, or fix the ${keras ? "input layer's batch shape" : 'inputShape'} of the file`,
        });
      }
    }
    list = o['layers'];
  }
  if (!Array.isArray(list) || list.length === 0) throw new LearnError('learn/bad-file', 'a layer list is a non-empty JSON array of layers (or {"layers": [...]})');
  const layers = list.flatMap((l, i) => layersFrom(l, i));
  return imageModel(layers, { inputShape: options.inputShape, seed: options.seed ?? 0, ...(options.name ? { name: options.name } : {}) });
}
