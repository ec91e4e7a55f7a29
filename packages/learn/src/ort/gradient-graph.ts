/**
 * Compiles a `Sequential` plus its loss into ONE ONNX graph whose outputs are the loss and the gradient of
 * every trainable param (forward and backward as ONNX ops), so onnxruntime runs all the heavy math of a
 * training step in one call while optimizers stay in TypeScript. Pure: builds a ModelProto, runs nothing.
 */
import { GraphBuilder, type ModelProto } from '@kenobi/onnx';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { ELU } from '../layers/elu.js';
import type { ForwardContext, Layer } from '../layers/layer.js';
import { LeakyReLU } from '../layers/leaky-relu.js';
import { LearnError } from '../learn-error.js';
import type { Loss } from '../losses/loss.js';
import type { Sequential } from '../model/sequential.js';

/** What the graph reads and writes, by name, so the engine can bind arrays to it. */
export interface GradientGraphPlan {
  readonly model: ModelProto;
  /** Per entry of `model.params()`: the graph input holding it. */
  readonly paramInputs: readonly string[];
  /** Gradient outputs: index into `model.params()` and the output name. */
  readonly gradOutputs: readonly { readonly param: number; readonly name: string }[];
  /** Active dropout layers (forward order): layer index, mask input name ([N, width], 0 or 1/keep). */
  readonly masks: readonly { readonly layer: number; readonly name: string; readonly rate: number }[];
  /** Batch norms using running statistics: layer index and the inputs for mean/var. */
  readonly runningInputs: readonly { readonly layer: number; readonly mean: string; readonly variance: string }[];
  /** Batch norms using batch statistics: layer index and the outputs with the batch mean and biased variance. */
  readonly batchStats: readonly { readonly layer: number; readonly mean: string; readonly variance: string }[];
  /** Kind of the per-row target the loss reads (`target`: [N, outputs] float32). */
  readonly lossKind: GraphLossKind;
}

/** The losses the graph can hold. */
export const GRAPH_LOSSES = Object.freeze(['binaryCrossEntropy', 'categoricalCrossEntropy', 'meanSquaredError', 'meanAbsoluteError', 'huber'] as const);
/** One of {@link GRAPH_LOSSES}. */
export type GraphLossKind = (typeof GRAPH_LOSSES)[number];

const SUPPORTED_LAYERS = new Set(['dense', 'relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'softmax', 'dropout', 'batchNormalization']);

/**
 * Why `model` + `loss` cannot be compiled, or undefined when they can.
 *
 * @example
 * ```ts
 * gradientGraphUnsupported(model, binaryCrossEntropy()); // undefined for any stack of built-in layers
 * ```
 */
export function gradientGraphUnsupported(model: Sequential, loss: Loss): string | undefined {
  if (model.dtype !== 'float32') return `dtype ${model.dtype} (the ONNX graph is float32)`;
  if (!(GRAPH_LOSSES as readonly string[]).includes(loss.name)) return `loss ${loss.name}`;
  const bad = model.layers.find((l) => !SUPPORTED_LAYERS.has(l.type));
  return bad ? `layer type ${bad.type}` : undefined;
}

/** Which layers are in training mode, for a given call: the part of the graph that depends on the call. */
export function modeSignature(model: Sequential, ctx: ForwardContext): string {
  return model.layers.map((l) => {
    if (l instanceof Dropout) return (ctx.dropout ?? ctx.training) && l.rate > 0 ? 'D' : 'd';
    if (l instanceof BatchNormalization) return `${(l.training ?? ctx.training) ? 'B' : 'b'}${l.trainable ? 't' : 'f'}`;
    return l.trainable ? 't' : 'f';
  }).join('');
}

/**
 * Builds the training graph of `model` + `loss` for the modes of `ctx`. Inputs: `x` [N, inputs], `target`
 * [N, outputs] (probabilities for categorical cross-entropy, already label-smoothed), `scale` [N, 1]
 * (wᵢ / the loss's denominator), the params, dropout masks and running statistics; outputs: `loss` (scalar),
 * the gradients and batch-norm batch statistics.
 *
 * @example
 * ```ts
 * const plan = buildGradientGraph(model, binaryCrossEntropy(), { training: true });
 * const bytes = encodeModel(plan.model);
 * ```
 */
export function buildGradientGraph(model: Sequential, loss: Loss, ctx: ForwardContext): GradientGraphPlan {
  const why = gradientGraphUnsupported(model, loss);
  if (why) throw new LearnError('learn/bad-argument', `cannot compile this model into an ONNX gradient graph: ${why}`);
  const b = new GraphBuilder({ name: 'kenobi_gradient', opset: 17 });
  const op = (type: string, inputs: readonly string[], attrs: Record<string, number | number[] | undefined> = {}): string => b.node(type, inputs, attrs)[0]!;
  const scalar = (v: number): string => b.constant([v], []);
  const axes = (a: number[]): string => b.constant(a, [a.length], { dtype: 'int64' });
  const sumRows = (t: string): string => op('ReduceSum', [t, axes([0])], { keepdims: 0 });

  const x = b.input('x', 'float32', ['N', model.inputs]);
  const params = model.params();
  const paramInputs = params.map((p, i) => b.input(`p${i}`, 'float32', [...p.shape]));
  const indexOf = new Map(params.map((p, i) => [p, i]));
  const pin = (layer: Layer, k: number): string => paramInputs[indexOf.get(layer.params()[k]!)!]!;
  const masks: { layer: number; name: string; rate: number }[] = [];
  const runningInputs: { layer: number; mean: string; variance: string }[] = [];
  const batchStats: { layer: number; mean: string; variance: string }[] = [];

  // forward: remember what backward needs per layer
  interface Saved { input: string; output: string; extra?: Record<string, string> }
  const saved: Saved[] = [];
  let h = x;
  model.layers.forEach((layer, li) => {
    const input = h;
    let extra: Record<string, string> | undefined;
    if (layer instanceof Dense) {
      h = layer.useBias ? op('Gemm', [h, pin(layer, 0), pin(layer, 1)]) : op('MatMul', [h, pin(layer, 0)]);
    } else if (layer instanceof Dropout) {
      if ((ctx.dropout ?? ctx.training) && layer.rate > 0) {
        const m = b.input(`mask${li}`, 'float32', ['N', layer.inputs]);
        masks.push({ layer: li, name: m, rate: layer.rate });
        h = op('Mul', [h, m]);
        extra = { mask: m };
      }
    } else if (layer instanceof BatchNormalization) {
      const gamma = pin(layer, 0), beta = pin(layer, 1);
      let mean: string, variance: string;
      const batch = layer.training ?? ctx.training;
      if (batch) {
        mean = op('ReduceMean', [h], { axes: [0], keepdims: 0 });
        const centred = op('Sub', [h, mean]);
        variance = op('ReduceMean', [op('Mul', [centred, centred])], { axes: [0], keepdims: 0 });
        batchStats.push({ layer: li, mean: b.output(b.identity(mean, { name: `bn_mean${li}` }), { dims: [layer.inputs] }), variance: b.output(b.identity(variance, { name: `bn_var${li}` }), { dims: [layer.inputs] }) });
      } else {
        mean = b.input(`running_mean${li}`, 'float32', [layer.inputs]);
        variance = b.input(`running_var${li}`, 'float32', [layer.inputs]);
        runningInputs.push({ layer: li, mean, variance });
      }
      const inv = op('Reciprocal', [op('Sqrt', [op('Add', [variance, scalar(layer.epsilon)])])]);
      const xhat = op('Mul', [op('Sub', [h, mean]), inv]);
      h = op('Add', [op('Mul', [xhat, gamma]), beta]);
      extra = { xhat, inv, batch: batch ? '1' : '' };
    } else {
      h = activation(layer, h, op, scalar);
    }
    saved.push({ input, output: h, ...(extra ? { extra } : {}) });
  });

  // loss on the outputs
  const target = b.input('target', 'float32', ['N', model.outputs]);
  const scale = b.input('scale', 'float32', ['N', 1]);
  const [perElement, dPred] = lossTerms(loss, h, target, op, scalar);
  b.output(op('ReduceSum', [op('Mul', [perElement, scale])], { keepdims: 0 }), { dims: [] });
  const lossName = b.shapeOf('loss') ? 'loss' : renameLast(b, 'loss');
  let dy = op('Mul', [dPred, scale]);

  // backward
  const gradOutputs: { param: number; name: string }[] = [];
  const grad = (layer: Layer, k: number, value: string): void => {
    const index = indexOf.get(layer.params()[k]!)!;
    const name = b.output(b.identity(value, { name: `g${index}` }), { dims: [...params[index]!.shape] });
    gradOutputs.push({ param: index, name });
  };
  for (let li = model.layers.length - 1; li >= 0; li--) {
    const layer = model.layers[li]!;
    const s = saved[li]!;
    const needInput = li > 0 && model.layers.slice(0, li).some((l) => l.trainable && l.params().length > 0);
    if (layer instanceof Dense) {
      if (layer.trainable) {
        grad(layer, 0, op('Gemm', [s.input, dy], { transA: 1 }));
        if (layer.useBias) grad(layer, 1, sumRows(dy));
      }
      if (needInput) dy = op('Gemm', [dy, pin(layer, 0)], { transB: 1 });
    } else if (layer instanceof Dropout) {
      if (s.extra) dy = op('Mul', [dy, s.extra['mask']!]);
    } else if (layer instanceof BatchNormalization) {
      const { xhat, inv, batch } = s.extra as Record<string, string>;
      const dyXhat = op('Mul', [dy, xhat!]);
      if (layer.trainable) {
        grad(layer, 0, sumRows(dyXhat));
        grad(layer, 1, sumRows(dy));
      }
      if (needInput) {
        const k = op('Mul', [pin(layer, 0), inv!]);
        if (batch) {
          const meanDy = op('ReduceMean', [dy], { axes: [0], keepdims: 1 });
          const meanDyXhat = op('ReduceMean', [dyXhat], { axes: [0], keepdims: 1 });
          dy = op('Mul', [op('Sub', [op('Sub', [dy, meanDy]), op('Mul', [xhat!, meanDyXhat])]), k]);
        } else {
          dy = op('Mul', [dy, k]);
        }
      }
    } else if (needInput) {
      dy = activationBackward(layer, s.input, s.output, dy, op, scalar);
    }
    if (!needInput) break;
  }
  return { model: b.build(), paramInputs, gradOutputs, masks, runningInputs, batchStats, lossKind: loss.name as GraphLossKind, ...(lossName ? {} : {}) };
}

type Op = (type: string, inputs: readonly string[], attrs?: Record<string, number | number[] | undefined>) => string;

function activation(layer: Layer, x: string, op: Op, scalar: (v: number) => string): string {
  switch (layer.type) {
    case 'relu': return op('Relu', [x]);
    case 'leakyRelu': return op('LeakyRelu', [x], { alpha: floatOf((layer as LeakyReLU).negativeSlope) });
    case 'elu': return op('Elu', [x], { alpha: floatOf((layer as ELU).alpha) });
    case 'sigmoid': return op('Sigmoid', [x]);
    case 'tanh': return op('Tanh', [x]);
    case 'softmax': return op('Softmax', [x], { axis: 1 });
    default: void scalar; throw new LearnError('learn/bad-argument', `no ONNX forward for layer ${layer.type}`);
  }
}

function activationBackward(layer: Layer, x: string, y: string, dy: string, op: Op, scalar: (v: number) => string): string {
  const zero = (): string => scalar(0);
  switch (layer.type) {
    case 'relu': return op('Where', [op('Greater', [x, zero()]), dy, zero()]);
    case 'leakyRelu': return op('Where', [op('Greater', [x, zero()]), dy, op('Mul', [dy, scalar((layer as LeakyReLU).negativeSlope)])]);
    case 'elu': return op('Where', [op('Greater', [x, zero()]), dy, op('Mul', [dy, op('Add', [y, scalar((layer as ELU).alpha)])])]);
    case 'sigmoid': return op('Mul', [dy, op('Mul', [y, op('Sub', [scalar(1), y])])]);
    case 'tanh': return op('Mul', [dy, op('Sub', [scalar(1), op('Mul', [y, y])])]);
    case 'softmax': {
      const dot = op('ReduceSum', [op('Mul', [dy, y]), op('Constant', [], { value_ints: undefined })], { keepdims: 1 });
      return op('Mul', [y, op('Sub', [dy, dot])]);
    }
    default: throw new LearnError('learn/bad-argument', `no ONNX backward for layer ${layer.type}`);
  }
}

/** [per-element loss (summed after scaling), dLoss/dPred before scaling]. */
function lossTerms(loss: Loss, p: string, t: string, op: Op, scalar: (v: number) => string): [string, string] {
  switch (loss.name) {
    case 'binaryCrossEntropy': {
      const l = op('Add', [op('Sub', [op('Relu', [p]), op('Mul', [p, t])]), op('Softplus', [op('Neg', [op('Abs', [p])])])]);
      return [l, op('Sub', [op('Sigmoid', [p]), t])];
    }
    case 'categoricalCrossEntropy': {
      const l = op('Neg', [op('Mul', [t, op('LogSoftmax', [p], { axis: 1 })])]);
      return [l, op('Sub', [op('Softmax', [p], { axis: 1 }), t])];
    }
    case 'meanSquaredError': {
      const d = op('Sub', [p, t]);
      return [op('Mul', [d, d]), op('Mul', [d, scalar(2)])];
    }
    case 'meanAbsoluteError': {
      const d = op('Sub', [p, t]);
      return [op('Abs', [d]), op('Sign', [d])];
    }
    case 'huber': {
      const delta = Number(loss.config()['delta'] ?? 1);
      const d = op('Sub', [p, t]);
      const c = op('Clip', [d, scalar(-delta), scalar(delta)]);
      const a = op('Abs', [d]), ac = op('Abs', [c]);
      return [op('Mul', [ac, op('Sub', [a, op('Mul', [ac, scalar(0.5)])])]), c];
    }
    default: throw new LearnError('learn/bad-argument', `no ONNX form for loss ${loss.name}`);
  }
}

function floatOf(v: number): number {
  return v;
}

function renameLast(_b: GraphBuilder, _name: string): string {
  return '';
}
