/**
 * Compiles a `Sequential` plus its loss into ONE ONNX graph whose outputs are the loss and the gradient of
 * every trainable param (forward and backward as ONNX ops), so onnxruntime runs all the heavy math of a
 * training step in one call while optimizers stay in TypeScript. Pure: builds a ModelProto, runs nothing.
 */
import { GraphBuilder, type ModelProto } from '@kenobi/onnx';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import type { ELU } from '../layers/elu.js';
import type { ForwardContext, Layer } from '../layers/layer.js';
import type { LeakyReLU } from '../layers/leaky-relu.js';
import { LearnError } from '../learn-error.js';
import type { Loss } from '../losses/loss.js';
import type { Sequential } from '../model/sequential.js';
import { emitForward, graphOps, type MaskInput, type Op, type StatTensors } from './forward-graph.js';

/** What the graph reads and writes, by name, so the engine can bind arrays to it. */
export interface GradientGraphPlan {
  readonly model: ModelProto;
  /** Per entry of `model.params()`: the graph input holding it. */
  readonly paramInputs: readonly string[];
  /** Gradient outputs: index into `model.params()` and the output name. */
  readonly gradOutputs: readonly { readonly param: number; readonly name: string }[];
  /** Active dropout layers (forward order): layer index, mask input name ([N, width], 0 or 1/keep). */
  readonly masks: readonly MaskInput[];
  /** Batch norms using running statistics: layer index and the inputs for mean/var. */
  readonly runningInputs: readonly StatTensors[];
  /** Batch norms using batch statistics: layer index and the outputs with the batch mean and biased variance. */
  readonly batchStats: readonly StatTensors[];
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
  if (!(GRAPH_LOSSES as readonly string[]).includes(loss.name)) return `loss ${loss.name}`;
  return layersUnsupported(model);
}

/**
 * Why `model`'s layers cannot become ONNX ops, or undefined when they can.
 *
 * @example
 * ```ts
 * layersUnsupported(sequential([dense(2)], { inputs: 4, dtype: 'float64' })); // 'dtype float64 (...)'
 * ```
 */
export function layersUnsupported(model: Sequential): string | undefined {
  if (model.dtype !== 'float32') return `dtype ${model.dtype} (the ONNX graph is float32)`;
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
  const ops = graphOps(b);
  const { op, scalar, axes } = ops;
  const sumRows = (t: string): string => op('ReduceSum', [t, axes([0])], { keepdims: 0 });

  const fwd = emitForward(b, ops, model, ctx);
  const { paramInputs, paramIndex, masks, runningInputs, batchStats, saved } = fwd;
  const params = model.params();
  const pin = (layer: Layer, k: number): string => paramInputs[paramIndex.get(layer.params()[k]!)!]!;
  const h = fwd.output;

  // loss on the outputs
  const target = b.input('target', 'float32', ['N', model.outputs]);
  const scale = b.input('scale', 'float32', ['N', 1]);
  const [perElement, dPred] = lossTerms(loss, h, target, op, scalar);
  b.output(op('ReduceSum', [op('Mul', [perElement, scale])], { keepdims: 0 }, 'loss'), { dims: [] });
  let dy = op('Mul', [dPred, scale]);

  // backward
  const gradOutputs: { param: number; name: string }[] = [];
  const grad = (layer: Layer, k: number, value: string): void => {
    const index = paramIndex.get(layer.params()[k]!)!;
    const name = b.output(op('Identity', [value], {}, `g${index}`), { dims: [...params[index]!.shape] });
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
      dy = activationBackward(layer, s.input, s.output, dy, op, scalar, axes);
    }
    if (!needInput) break;
  }
  return { model: b.build(), paramInputs, gradOutputs, masks, runningInputs, batchStats, lossKind: loss.name as GraphLossKind };
}

function activationBackward(layer: Layer, x: string, y: string, dy: string, op: Op, scalar: (v: number) => string, axes: (a: readonly number[]) => string): string {
  const zero = (): string => scalar(0);
  switch (layer.type) {
    case 'relu': return op('Where', [op('Greater', [x, zero()]), dy, zero()]);
    case 'leakyRelu': return op('Where', [op('Greater', [x, zero()]), dy, op('Mul', [dy, scalar((layer as LeakyReLU).negativeSlope)])]);
    case 'elu': return op('Where', [op('Greater', [x, zero()]), dy, op('Mul', [dy, op('Add', [y, scalar((layer as ELU).alpha)])])]);
    case 'sigmoid': return op('Mul', [dy, op('Mul', [y, op('Sub', [scalar(1), y])])]);
    case 'tanh': return op('Mul', [dy, op('Sub', [scalar(1), op('Mul', [y, y])])]);
    case 'softmax': {
      const dot = op('ReduceSum', [op('Mul', [dy, y]), axes([1])], { keepdims: 1 });
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
