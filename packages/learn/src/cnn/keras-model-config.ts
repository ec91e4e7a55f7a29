/**
 * Keras's model configuration as a Kenobi layer list: what `model.to_json()` writes (Keras 2 / tf.keras and
 * Keras 3), a `config.json` from inside a `.keras` archive, or a TensorFlow.js `model.json` (its
 * `modelTopology`). A Sequential model, or a Functional one whose layers form one chain, of the layers Kenobi
 * has: Conv2D, Dense, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, Flatten, Dropout,
 * SpatialDropout2D, BatchNormalization, Activation, ReLU, LeakyReLU, ELU, Softmax, InputLayer.
 *
 * Keras's meaning is kept: BatchNormalization's `momentum` is the running statistics' decay (0.99 → Kenobi's
 * PyTorch-style 0.01) and its `epsilon` defaults to 1e-3; initialisers (GlorotUniform, HeNormal, ...,
 * VarianceScaling) become the same draws (not the same numbers: Kenobi's generator is seeded by `--seed`).
 * Whatever would change what the network computes or optimises and Kenobi cannot honour (a regulariser, a
 * constraint, a frozen layer, a branch, an initialiser it does not have) is a `learn/bad-file` error naming the layer and the
 * key, never dropped in silence. Pure.
 */
import type { InitializerSpec } from '../init/initializer.js';
import { LearnError } from '../learn-error.js';

type Json = Readonly<Record<string, unknown>>;
/** A Kenobi layer-list entry (`{ type, ...options }`) as `imageModelFromLayerList` reads it. */
export type LayerSpec = Readonly<Record<string, unknown>>;

/** What {@link layerListFromKeras} returns: the layers, and the input shape [h, w, c] when the config has one. */
export interface KerasLayerList {
  readonly inputShape?: readonly [number, number, number];
  readonly layers: readonly LayerSpec[];
}

/** Keys that name, place or serialise a layer without changing what it computes. */
const NEUTRAL = new Set(['name', 'dtype', 'autocast', 'batch_size', 'build_config', 'registered_name', 'module', 'shared_object_id', 'seed', 'input_dim']);

/** Settings of Conv2D and Dense that change the objective or the weights (regularisers, constraints, LoRA, quantisation): only null is honoured. */
const NO_EXTRAS = ['kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint', 'lora_rank', 'lora_alpha', 'quantization_config'];

/** Keras activation names → Kenobi's activation option (the same names), 'linear' for none. */
const ACTIVATIONS = new Set(['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'leaky_relu']);

/** Keras initialiser classes → Kenobi's specs (Keras's normal draws are truncated at ±2σ). */
const INITIALIZERS: Readonly<Record<string, InitializerSpec>> = Object.freeze({
  GlorotUniform: { kind: 'varianceScaling', scale: 1, mode: 'fanAvg', distribution: 'uniform' },
  GlorotNormal: { kind: 'varianceScaling', scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal' },
  HeUniform: { kind: 'varianceScaling', scale: 2, mode: 'fanIn', distribution: 'uniform' },
  HeNormal: { kind: 'varianceScaling', scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' },
  LecunUniform: { kind: 'varianceScaling', scale: 1, mode: 'fanIn', distribution: 'uniform' },
  LecunNormal: { kind: 'varianceScaling', scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' },
  Zeros: { kind: 'zeros' },
  Ones: { kind: 'ones' },
});
/** Keras's snake_case initialiser strings ('he_normal') → class names. */
const INITIALIZER_STRINGS: Readonly<Record<string, string>> = Object.freeze({
  glorot_uniform: 'GlorotUniform', glorot_normal: 'GlorotNormal', he_uniform: 'HeUniform', he_normal: 'HeNormal',
  lecun_uniform: 'LecunUniform', lecun_normal: 'LecunNormal', zeros: 'Zeros', ones: 'Ones',
});

/**
 * Whether `json` is a Keras model configuration (rather than a Kenobi layer list).
 *
 * @example
 * ```ts
 * isKerasModelConfig(JSON.parse(model_to_json_text)); // true
 * isKerasModelConfig([{ type: 'conv2d', filters: 8, kernelSize: 3 }]); // false
 * ```
 */
export function isKerasModelConfig(json: unknown): boolean {
  if (!isObject(json)) return false;
  if (isObject(json['modelTopology'])) return true;
  return typeof json['class_name'] === 'string' && isObject(json['config']);
}

/**
 * Translates a Keras model configuration into a Kenobi layer list (see the file comment for what is read and
 * what is refused). Errors: `learn/bad-file` naming the layer (`layer 3 'conv2d_1' (Conv2D)`) and the key.
 *
 * @example
 * ```ts
 * // Python: open('net.json', 'w').write(model.to_json())
 * const { inputShape, layers } = layerListFromKeras(JSON.parse(readFileSync('net.json', 'utf8')));
 * const model = imageModelFromLayerList({ inputShape, layers }, { inputShape: [64, 64, 3], seed: 0 });
 * ```
 */
export function layerListFromKeras(json: unknown): KerasLayerList {
  let root = json as Json;
  if (isObject(root['modelTopology'])) root = root['modelTopology'] as Json;
  if (isObject(root['model_config'])) root = root['model_config'] as Json; // TF.js topology written by tfjs-converter
  const cls = root['class_name'];
  const config = root['config'];
  if ((cls !== 'Sequential' && cls !== 'Functional' && cls !== 'Model') || !isObject(config)) {
    throw new LearnError('learn/bad-file', `a Keras model configuration of class ${JSON.stringify(cls)}: Kenobi reads Sequential models (and Functional ones that are one chain of layers)`);
  }
  const list = (config as Json)['layers'];
  if (!Array.isArray(list) || list.length === 0) throw new LearnError('learn/bad-file', 'the Keras model configuration has no layers');
  if (cls !== 'Sequential') checkChain(list);
  const formats = new Set(list.map((l) => (isObject(l) && isObject(l['config']) ? (l['config'] as Json)['data_format'] : undefined)).filter((f) => f !== undefined && f !== null));
  if ([...formats].some((f) => f !== 'channels_last' && f !== 'channels_first') || formats.size > 1) {
    throw new LearnError('learn/bad-file', `the Keras layers mix data formats ${[...formats].map((f) => JSON.stringify(f)).join(' and ')}`, { hint: 'one of channels_last or channels_first for the whole model' });
  }
  // NOTE: channels_first (Theano's order, as in the seeds' Keras 1 code) trains the same network: only the
  // order of Flatten's outputs differs, a permutation of the next Dense's rows, which training from scratch
  // does not see. Shapes are read as [c, h, w] then.
  const channelsFirst = formats.has('channels_first');
  let inputShape: [number, number, number] | undefined;
  const fromBuild = shapeOf((config as Json)['build_input_shape'], channelsFirst);
  if (fromBuild) inputShape = fromBuild;
  const layers: LayerSpec[] = [];
  list.forEach((item, i) => {
    if (!isObject(item) || typeof item['class_name'] !== 'string' || !isObject(item['config'])) {
      throw new LearnError('learn/bad-file', `layer ${i + 1} of the Keras configuration is not {"class_name": ..., "config": {...}}`);
    }
    const c = item['config'] as Json;
    const where = `layer ${i + 1} '${String(c['name'] ?? item['name'] ?? '?')}' (${item['class_name']})`;
    const shape = shapeOf(c['batch_input_shape'] ?? c['batch_shape'], channelsFirst) ?? shapeOf(withBatch(c['input_shape']), channelsFirst);
    if (shape) inputShape = shape;
    const spec = layerFromKeras(item['class_name'], c, where, channelsFirst);
    if (spec) layers.push(spec);
  });
  if (layers.length === 0) throw new LearnError('learn/bad-file', 'the Keras model configuration has only an input layer');
  return { ...(inputShape ? { inputShape } : {}), layers };
}

function layerFromKeras(cls: string, c: Json, where: string, channelsFirst: boolean): LayerSpec | undefined {
  const used = new Set<string>();
  const take = (key: string): unknown => {
    used.add(key);
    return c[key];
  };
  /** A key that may only hold its default (the values listed); anything else cannot be honoured. */
  const only = (key: string, ...ok: unknown[]): void => {
    const v = take(key);
    if (v !== undefined && !ok.some((o) => JSON.stringify(o) === JSON.stringify(v))) {
      throw new LearnError('learn/bad-file', `${where}: ${key} = ${JSON.stringify(v)} is not supported`, { hint: `Kenobi supports ${ok.map((o) => JSON.stringify(o)).join(' or ')} here; change the model or export it to ONNX and fine-tune that` });
    }
  };
  only('trainable', true);
  take('data_format'); // one format for the whole model, checked by the caller
  const dtype = take('dtype');
  const dtypeName = isObject(dtype) ? (dtype['config'] as Json | undefined)?.['name'] : dtype;
  if (dtypeName !== undefined && dtypeName !== null && dtypeName !== 'float32') {
    throw new LearnError('learn/bad-file', `${where}: dtype ${JSON.stringify(dtypeName)} is not supported`, { hint: 'Kenobi trains in float32' });
  }
  for (const k of ['batch_input_shape', 'batch_shape', 'input_shape', 'sparse', 'ragged']) take(k);
  let spec: Record<string, unknown> | undefined;
  const activation = (): string | undefined => {
    const a = take('activation');
    if (a === undefined || a === 'linear') return undefined;
    if (typeof a !== 'string' || !ACTIVATIONS.has(a)) throw new LearnError('learn/bad-file', `${where}: activation ${JSON.stringify(a)} is not supported`, { hint: `Kenobi has ${[...ACTIVATIONS].join(', ')}` });
    return a;
  };
  const noExtras = (...keys: string[]): void => { for (const k of keys) only(k, null); };
  const init = (key: string): InitializerSpec | undefined => kerasInitializer(take(key), `${where}: ${key}`);
  switch (cls) {
    case 'InputLayer':
      take('input_tensor');
      return checkRest(c, used, where);
    case 'Conv2D':
    case 'Convolution2D': {
      noExtras(...NO_EXTRAS);
      spec = { type: 'conv2d', filters: take('filters'), kernelSize: tuple(take('kernel_size')), strides: tuple(take('strides')), padding: take('padding'), dilationRate: tuple(take('dilation_rate')), groups: take('groups'), useBias: take('use_bias'), activation: activation(), kernelInitializer: init('kernel_initializer'), biasInitializer: init('bias_initializer') };
      break;
    }
    case 'Dense':
      noExtras(...NO_EXTRAS);
      spec = { type: 'dense', units: take('units'), useBias: take('use_bias'), activation: activation(), kernelInitializer: init('kernel_initializer'), biasInitializer: init('bias_initializer') };
      break;
    case 'MaxPooling2D':
    case 'MaxPool2D':
    case 'AveragePooling2D':
    case 'AvgPool2D': {
      const pool = tuple(take('pool_size')) ?? 2;
      const strides = tuple(take('strides'));
      spec = { type: cls.startsWith('Max') ? 'maxPooling2d' : 'averagePooling2d', poolSize: pool, strides: strides ?? undefined, padding: take('padding') };
      break;
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalAvgPool2D':
      only('keepdims', false);
      spec = { type: 'globalAveragePooling2d' };
      break;
    case 'Flatten':
      spec = { type: 'flatten' };
      break;
    case 'Dropout':
      only('noise_shape', null);
      spec = { type: 'dropout', rate: take('rate') };
      break;
    case 'SpatialDropout2D':
      only('noise_shape', null);
      spec = { type: 'spatialDropout2d', rate: take('rate') };
      break;
    case 'BatchNormalization': {
      if (channelsFirst) only('axis', 1, [1]);
      else only('axis', -1, 3, [-1], [3]);
      only('center', true);
      only('scale', true);
      only('renorm', false);
      only('synchronized', false);
      noExtras('beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint', 'renorm_clipping');
      for (const [key, kind] of [['beta_initializer', 'zeros'], ['gamma_initializer', 'ones']] as const) {
        if ((init(key)?.kind ?? kind) !== kind) throw new LearnError('learn/bad-file', `${where}: ${key} must be ${kind === 'zeros' ? 'Zeros' : 'Ones'} (Keras's default)`);
      }
      for (const k of ['moving_mean_initializer', 'moving_variance_initializer', 'renorm_momentum', 'fused', 'virtual_batch_size', 'adjustment']) take(k);
      const momentum = take('momentum') ?? 0.99;
      if (typeof momentum !== 'number' || !(momentum >= 0 && momentum < 1)) throw new LearnError('learn/bad-file', `${where}: momentum must be a number in [0, 1), got ${JSON.stringify(momentum)}`);
      // Keras: moving = momentum·moving + (1 − momentum)·batch; Kenobi (PyTorch): moving = (1 − m)·moving + m·batch
      spec = { type: 'batchNormalization', momentum: 1 - momentum, epsilon: take('epsilon') ?? 1e-3 };
      break;
    }
    case 'Activation': {
      const a = activation();
      if (a === undefined) return checkRest(c, used, where);
      spec = { type: a === 'leaky_relu' ? 'leakyRelu' : a };
      if (a === 'leaky_relu') spec['negativeSlope'] = 0.2; // keras.activations.leaky_relu's default
      break;
    }
    case 'ReLU':
      only('max_value', null);
      only('negative_slope', 0);
      only('threshold', 0);
      spec = { type: 'relu' };
      break;
    case 'LeakyReLU': {
      const slope = take('negative_slope') ?? take('alpha') ?? 0.3; // Keras 3 / Keras 2 name; Keras's default 0.3
      take('alpha');
      spec = { type: 'leakyRelu', negativeSlope: slope };
      break;
    }
    case 'ELU':
      spec = { type: 'elu', alpha: take('alpha') ?? 1 };
      break;
    case 'Softmax':
      only('axis', -1, [-1]);
      spec = { type: 'softmax' };
      break;
    default:
      if (/^(Rescaling|Normalization|Resizing|CenterCrop)$/.test(cls)) {
        throw new LearnError('learn/bad-file', `${where}: Kenobi prepares the inputs itself and has no ${cls} layer`, { hint: 'remove it from the model: kenobi train scales pixels to [0, 1] (--input-size, --stretch, --standardize featurewise)' });
      }
      if (/^Random[A-Z]/.test(cls)) {
        throw new LearnError('learn/bad-file', `${where}: augmentation layers are not part of a Kenobi model`, { hint: 'remove it and use kenobi train --augment (dihedral, flip, rotate, shift, zoom)' });
      }
      throw new LearnError('learn/bad-file', `${where}: Kenobi has no ${cls} layer`, {
        hint: 'image models have Conv2D, Dense, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, Flatten, Dropout, SpatialDropout2D, BatchNormalization and activations; for other networks export the Keras model to ONNX (tf2onnx) and use kenobi finetune',
      });
  }
  checkRest(c, used, where);
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined && v !== null));
}

/** Any key left that is not neutral is one Kenobi would silently ignore: refused. */
function checkRest(c: Json, used: ReadonlySet<string>, where: string): undefined {
  const rest = Object.keys(c).filter((k) => !used.has(k) && !NEUTRAL.has(k));
  if (rest.length) throw new LearnError('learn/bad-file', `${where}: unknown setting${rest.length > 1 ? 's' : ''} ${rest.map((k) => `'${k}'`).join(', ')}`, { hint: 'Kenobi refuses settings it cannot honour rather than ignore them' });
  return undefined;
}

/**
 * A Keras initialiser (`"he_normal"`, `{"class_name": "HeNormal", "config": {...}}`) as Kenobi's spec;
 * `learn/bad-file` naming `where` for one Kenobi does not have.
 *
 * @example
 * ```ts
 * kerasInitializer('he_normal', 'layer 1'); // { kind: 'varianceScaling', scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' }
 * ```
 */
export function kerasInitializer(v: unknown, where: string): InitializerSpec | undefined {
  if (v === undefined || v === null) return undefined;
  let cls: string | undefined, config: Json = {};
  if (typeof v === 'string') cls = INITIALIZER_STRINGS[v] ?? v;
  else if (isObject(v) && typeof v['class_name'] === 'string') {
    cls = v['class_name'];
    config = isObject(v['config']) ? (v['config'] as Json) : {};
  }
  if (cls && Object.hasOwn(INITIALIZERS, cls)) return INITIALIZERS[cls];
  if (cls === 'Constant' && typeof config['value'] === 'number') return { kind: 'constant', value: config['value'] };
  if (cls === 'VarianceScaling') {
    const mode = ({ fan_in: 'fanIn', fan_out: 'fanOut', fan_avg: 'fanAvg' } as const)[String(config['mode'] ?? 'fan_in') as 'fan_in'];
    const distribution = ({ truncated_normal: 'truncatedNormal', normal: 'truncatedNormal', untruncated_normal: 'normal', uniform: 'uniform' } as const)[String(config['distribution'] ?? 'truncated_normal') as 'uniform'];
    const scale = config['scale'] ?? 1;
    if (mode && distribution && typeof scale === 'number' && scale > 0) return { kind: 'varianceScaling', scale, mode, distribution };
  }
  throw new LearnError('learn/bad-file', `${where} ${JSON.stringify(v)} is not supported`, { hint: `Kenobi has ${[...Object.keys(INITIALIZERS), 'Constant', 'VarianceScaling'].join(', ')}` });
}

/** Chains only: each layer's one input is the layer before it. */
function checkChain(list: readonly unknown[]): void {
  let previous: string | undefined;
  list.forEach((item, i) => {
    const o = item as Json;
    const name = String(o['name'] ?? (o['config'] as Json | undefined)?.['name']);
    const inbound = inboundNames(o['inbound_nodes']);
    const ok = previous === undefined ? inbound.length === 0 : inbound.length === 1 && inbound[0] === previous;
    if (!ok) {
      throw new LearnError('learn/bad-file', `layer ${i + 1} '${name}' (${String(o['class_name'])}) takes ${inbound.length ? inbound.map((n) => `'${n}'`).join(', ') : 'no input'}: Kenobi's image models are one chain of layers`, {
        hint: 'for networks with branches or residual joins, export the Keras model to ONNX (tf2onnx) and use kenobi finetune',
      });
    }
    previous = name;
  });
}

/** The layer names a node list reads: Keras 2 `[[["conv2d", 0, 0, {}]]]`, Keras 3 `[{"args": [{"config": {"keras_history": ["conv2d", 0, 0]}}]}]`. */
function inboundNames(nodes: unknown): string[] {
  if (!Array.isArray(nodes)) return [];
  const names: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string' && typeof v[1] === 'number') names.push(v[0]);
      else v.forEach(visit);
    } else if (isObject(v)) {
      const history = (v['config'] as Json | undefined)?.['keras_history'];
      if (Array.isArray(history) && typeof history[0] === 'string') names.push(history[0]);
      else Object.values(v).forEach(visit);
    }
  };
  nodes.forEach(visit);
  return names;
}

/** A Keras tuple: a list, a number, or the `{"class_name": "__tuple__", "items": [...]}` of saved metadata. */
function tuple(v: unknown): unknown {
  if (isObject(v) && Array.isArray(v['items'])) return tuple(v['items']);
  if (Array.isArray(v) && v.length === 2 && v[0] === v[1]) return v[0];
  return v;
}

/** [h, w, c] of a batch shape [null, h, w, c] ([null, c, h, w] when channels first). */
function shapeOf(v: unknown, channelsFirst: boolean): [number, number, number] | undefined {
  const s = tuple(isObject(v) && Array.isArray(v['items']) ? v['items'] : v);
  if (!Array.isArray(s) || s.length !== 4) return undefined;
  const [h, w, c] = channelsFirst ? [s[2], s[3], s[1]] : [s[1], s[2], s[3]];
  return [h, w, c].every((d) => Number.isInteger(d) && (d as number) > 0) ? [h as number, w as number, c as number] : undefined;
}

function withBatch(v: unknown): unknown {
  return Array.isArray(v) && v.length === 3 ? [null, ...v] : undefined;
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
