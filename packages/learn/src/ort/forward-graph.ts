/**
 * The forward half shared by the gradient and inference graphs: the ONNX ops of each built-in layer, with
 * params, dropout masks and batch-norm running statistics as graph inputs. Pure: it only adds nodes.
 */
import { floatAttr, type AttributeValue, type GraphBuilder } from '@kenobi/onnx';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import type { ELU } from '../layers/elu.js';
import type { ForwardContext, Layer } from '../layers/layer.js';
import type { LeakyReLU } from '../layers/leaky-relu.js';
import { LearnError } from '../learn-error.js';
import type { Sequential } from '../model/sequential.js';

/** Adds one node and returns its (first) output; `name` pins the output tensor's name. */
export type Op = (type: string, inputs: readonly string[], attrs?: Record<string, AttributeValue | undefined>, name?: string) => string;

/** A layer's tensors that backward needs. */
export interface SavedLayer {
  readonly input: string;
  readonly output: string;
  readonly extra?: Readonly<Record<string, string>>;
}

/** A dropout mask input: layer index, input name ([N, width] float32: 0 or 1/(1 − rate)), rate. */
export interface MaskInput { readonly layer: number; readonly name: string; readonly rate: number }
/** Batch-norm statistics by layer index: graph input (running) or output (batch) names. */
export interface StatTensors { readonly layer: number; readonly mean: string; readonly variance: string }

/** What {@link emitForward} added. */
export interface ForwardGraph {
  readonly output: string;
  readonly saved: readonly SavedLayer[];
  /** Per entry of `model.params()`: the graph input holding it. */
  readonly paramInputs: readonly string[];
  readonly paramIndex: ReadonlyMap<unknown, number>;
  readonly masks: readonly MaskInput[];
  readonly runningInputs: readonly StatTensors[];
  readonly batchStats: readonly StatTensors[];
}

/** Small helpers bound to a builder. */
export interface GraphOps {
  readonly op: Op;
  readonly scalar: (v: number) => string;
  readonly axes: (a: readonly number[]) => string;
}

/**
 * Ops helpers for `b`: a generic node, a float scalar constant, an int64 axes constant.
 *
 * @example
 * ```ts
 * const { op, scalar } = graphOps(b);
 * const y = op('Mul', [x, scalar(2)]);
 * ```
 */
export function graphOps(b: GraphBuilder): GraphOps {
  return {
    op: (type, inputs, attrs = {}, name) => b.node(type, inputs, attrs, name === undefined ? {} : { name })[0]!,
    scalar: (v) => b.constant([v], []),
    axes: (a) => b.constant(a, [a.length], { dtype: 'int64' }),
  };
}

/**
 * Adds input `x` [N, inputs], the params as inputs `p0…`, and every layer's forward ops for the modes of
 * `ctx` (dropout active or not, batch or running statistics per batch norm).
 *
 * @example
 * ```ts
 * const fwd = emitForward(b, graphOps(b), model, { training: false });
 * b.output(fwd.output);
 * ```
 */
export function emitForward(b: GraphBuilder, ops: GraphOps, model: Sequential, ctx: ForwardContext): ForwardGraph {
  const { op, scalar } = ops;
  const x = b.input('x', 'float32', ['N', model.inputs]);
  const params = model.params();
  const paramInputs = params.map((p, i) => b.input(`p${i}`, 'float32', [...p.shape]));
  const paramIndex = new Map<unknown, number>(params.map((p, i) => [p, i]));
  const pin = (layer: Layer, k: number): string => paramInputs[paramIndex.get(layer.params()[k]!)!]!;
  const masks: MaskInput[] = [];
  const runningInputs: StatTensors[] = [];
  const batchStats: StatTensors[] = [];
  const saved: SavedLayer[] = [];
  let h = x;
  model.layers.forEach((layer, li) => {
    const input = h;
    let extra: Record<string, string> | undefined;
    if (layer instanceof Dense) {
      h = layer.outputs === 1 ? singleOutputDense(layer, h, pin, ops) : layer.useBias ? op('Gemm', [h, pin(layer, 0), pin(layer, 1)]) : op('MatMul', [h, pin(layer, 0)]);
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
        batchStats.push({
          layer: li,
          mean: b.output(op('Identity', [mean], {}, `bn_mean${li}`), { dims: [layer.inputs] }),
          variance: b.output(op('Identity', [variance], {}, `bn_var${li}`), { dims: [layer.inputs] }),
        });
      } else {
        mean = b.input(`running_mean${li}`, 'float32', [layer.inputs]);
        variance = b.input(`running_var${li}`, 'float32', [layer.inputs]);
        runningInputs.push({ layer: li, mean, variance });
      }
      const inv = op('Reciprocal', [op('Sqrt', [op('Add', [variance, scalar(layer.epsilon)])])]);
      const xhat = op('Mul', [op('Sub', [h, mean]), inv]);
      h = op('Add', [op('Mul', [xhat, gamma]), beta]);
      extra = { xhat, inv, ...(batch ? { batch: '1' } : {}) };
    } else {
      h = activation(layer, h, op);
    }
    saved.push({ input, output: h, ...(extra ? { extra } : {}) });
  });
  return { output: h, saved, paramInputs, paramIndex, masks, runningInputs, batchStats };
}

/**
 * x·W + b for a one-column W as the row vector Wᵀ·xᵀ: [1, N] has the layout of [N, 1], so both Reshapes are
 * free. NOTE: MLAS runs this shape (M = 1, N = rows, K = inputs) ~2× faster than x·W (M = rows, N = 1: the
 * kernel pads N to 16 columns); on 20,000 × 512, 5.3 against 11–12.6 ms of CPU per call, which is a third
 * of a linear head's L-BFGS evaluation. A Transpose instead of the Reshapes would be folded back by ORT's
 * transpose optimiser.
 */
function singleOutputDense(layer: Dense, x: string, pin: (layer: Layer, k: number) => string, ops: GraphOps): string {
  const { op, axes } = ops;
  const wRow = op('Reshape', [pin(layer, 0), axes([1, -1])]);
  const row = op('Gemm', layer.useBias ? [wRow, x, pin(layer, 1)] : [wRow, x], { transB: 1 });
  return op('Reshape', [row, axes([-1, 1])]);
}

function activation(layer: Layer, x: string, op: Op): string {
  switch (layer.type) {
    case 'relu': return op('Relu', [x]);
    case 'leakyRelu': return op('LeakyRelu', [x], { alpha: floatAttr((layer as LeakyReLU).negativeSlope) });
    case 'elu': return op('Elu', [x], { alpha: floatAttr((layer as ELU).alpha) });
    case 'sigmoid': return op('Sigmoid', [x]);
    case 'tanh': return op('Tanh', [x]);
    case 'softmax': return op('Softmax', [x], { axis: 1 });
    default: throw new LearnError('learn/bad-argument', `no ONNX form for layer ${layer.type}`);
  }
}
