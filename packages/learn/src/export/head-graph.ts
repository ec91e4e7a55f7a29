/**
 * A trained `Sequential` head as ONNX nodes: each Dense becomes a Gemm (with a following inference-mode
 * BatchNormalization folded into it), activations their ONNX ops, and Dropout either nothing or, for
 * MC-dropout, a random mask (RandomUniformLike < keep, scaled by 1/keep) or a Dropout node with
 * `training_mode = true`.
 *
 * NOTE: ONNX Runtime's graph optimizer (EliminateDropout, already at level 'basic') removes Dropout nodes
 * even with `training_mode = true`, so at default session options such a model is deterministic. The
 * random-mask form survives every optimisation level (RandomUniformLike is never folded), on CPU and WASM.
 */
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { ELU } from '../layers/elu.js';
import type { Layer } from '../layers/layer.js';
import { LeakyReLU } from '../layers/leaky-relu.js';
import type { Sequential } from '../model/sequential.js';
import { ExportError } from './export-error.js';
import { boolScalar, floatAttribute, floatTensor, intAttribute, type GraphPart } from './onnx-parts.js';

/** Options of {@link appendHead}. */
export interface HeadGraphOptions {
  /** The [N, inputs] float tensor the head reads. */
  readonly input: string;
  /** Keep dropout random at inference (MC-dropout). Default false: dropout is left out. */
  readonly mcDropout?: boolean;
  /** The graph's default-domain opset (Dropout's `training_mode` needs ≥ 12). */
  readonly opset: number;
  /** How MC-dropout is written (default 'random-mask'; see the file note on 'dropout-node'). */
  readonly mcDropoutForm?: McDropoutForm;
}

/** What {@link appendHead} added. */
export interface HeadGraph {
  /** The head's raw output tensor (logits for the ready-made heads), [N, head.outputs]. */
  readonly output: string;
  /** The names of the nodes that make dropout random (empty without MC-dropout). */
  readonly dropoutNodes: readonly string[];
  /** The last layer's type, so the caller knows whether the output is already a probability. */
  readonly lastLayer: Layer['type'];
}

/**
 * How an exported head keeps dropout random: 'random-mask' (RandomUniformLike, survives ORT's optimizer) or
 * 'dropout-node' (Dropout with training_mode = true: random only when the session's graph optimisation is
 * 'disabled'; opset ≥ 12).
 *
 * @example
 * ```ts
 * MC_DROPOUT_FORMS.includes('random-mask'); // true
 * ```
 */
export const MC_DROPOUT_FORMS = Object.freeze(['random-mask', 'dropout-node'] as const);
/** One of {@link MC_DROPOUT_FORMS}. */
export type McDropoutForm = (typeof MC_DROPOUT_FORMS)[number];

interface PendingAffine {
  readonly base: string;
  readonly inputs: number;
  readonly units: number;
  /** [inputs, units] row-major (Keras layout), float64 so folds do not round twice. */
  readonly kernel: Float64Array;
  readonly bias: Float64Array;
}

/**
 * Appends `head`'s layers to `part`, reading `options.input`, in inference mode (batch norm uses its
 * running statistics; dropout is identity unless `mcDropout`).
 *
 * @example
 * ```ts
 * const part = new GraphPart('kenobi_head/', existingNames);
 * const { output } = appendHead(part, mlpHead({ inputs: 1024, hidden: 256, classes: 2 }), { input: 'features', opset: 13 });
 * // part.nodes: Gemm, Relu, Gemm; output [N, 1] logits
 * ```
 */
export function appendHead(part: GraphPart, head: Sequential, options: HeadGraphOptions): HeadGraph {
  let x = options.input;
  let pending: PendingAffine | undefined;
  const dropoutNodes: string[] = [];
  const flush = (): void => {
    if (!pending) return;
    const p = pending;
    const w = part.initializer(`${p.base}/kernel`, (n) => floatTensor(n, p.kernel, [p.inputs, p.units]));
    const b = part.initializer(`${p.base}/bias`, (n) => floatTensor(n, p.bias, [p.units]));
    x = part.add('Gemm', p.base, [x, w, b], [intAttribute('transA', 0), intAttribute('transB', 0)]);
    pending = undefined;
  };
  for (const layer of head.layers) {
    if (layer instanceof Dense) {
      flush();
      const [kernel, bias] = layer.params();
      pending = {
        base: layer.name,
        inputs: layer.inputs,
        units: layer.units,
        kernel: Float64Array.from(kernel!.value),
        bias: bias ? Float64Array.from(bias.value) : new Float64Array(layer.units),
      };
    } else if (layer instanceof BatchNormalization) {
      const { scale, shift } = batchNormAffine(layer);
      if (pending) {
        foldInto(pending, scale, shift);
      } else {
        const s = part.initializer(`${layer.name}/scale`, (n) => floatTensor(n, scale, [scale.length]));
        const t = part.initializer(`${layer.name}/shift`, (n) => floatTensor(n, shift, [shift.length]));
        x = part.add('Add', `${layer.name}/add`, [part.add('Mul', `${layer.name}/mul`, [x, s]), t]);
      }
    } else if (layer instanceof Dropout) {
      if (!options.mcDropout || layer.rate === 0) continue;
      flush();
      x = appendDropout(part, layer, x, options.opset, options.mcDropoutForm ?? 'random-mask', dropoutNodes);
    } else {
      flush();
      x = appendActivation(part, layer, x);
    }
  }
  flush();
  return { output: x, dropoutNodes, lastLayer: head.layers[head.layers.length - 1]!.type };
}

/** Inference-mode batch norm as y = x·scale + shift (running statistics). */
function batchNormAffine(layer: BatchNormalization): { scale: Float64Array; shift: Float64Array } {
  const [gamma, beta] = layer.params();
  const [mean, variance] = layer.buffers();
  const c = layer.inputs;
  const scale = new Float64Array(c), shift = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    scale[j] = gamma!.value[j]! / Math.sqrt(variance!.value[j]! + layer.epsilon);
    shift[j] = beta!.value[j]! - mean!.value[j]! * scale[j]!;
  }
  return { scale, shift };
}

/** (x·W + b)·s + t = x·(W·diag s) + (b·s + t). */
function foldInto(p: PendingAffine, scale: Float64Array, shift: Float64Array): void {
  for (let i = 0; i < p.inputs; i++) for (let j = 0; j < p.units; j++) p.kernel[i * p.units + j] = p.kernel[i * p.units + j]! * scale[j]!;
  for (let j = 0; j < p.units; j++) p.bias[j] = p.bias[j]! * scale[j]! + shift[j]!;
}

function appendActivation(part: GraphPart, layer: Layer, x: string): string {
  switch (layer.type) {
    case 'relu':
      return part.add('Relu', layer.name, [x]);
    case 'leakyRelu':
      return part.add('LeakyRelu', layer.name, [x], [floatAttribute('alpha', (layer as LeakyReLU).negativeSlope)]);
    case 'elu':
      return part.add('Elu', layer.name, [x], [floatAttribute('alpha', (layer as ELU).alpha)]);
    case 'sigmoid':
      return part.add('Sigmoid', layer.name, [x]);
    case 'tanh':
      return part.add('Tanh', layer.name, [x]);
    case 'softmax':
      // NOTE: axis 1 of a 2-D tensor means the same in every opset (the default changed to -1 in opset 13).
      return part.add('Softmax', layer.name, [x], [intAttribute('axis', 1)]);
    default:
      throw new ExportError('learn/export-unsupported', `cannot export layer ${layer.name} of type '${layer.type}' to ONNX`);
  }
}

/** MC-dropout: x · (RandomUniformLike(x) < keep) / keep, or a Dropout node with `training_mode = true`. */
function appendDropout(part: GraphPart, layer: Dropout, x: string, opset: number, form: McDropoutForm, dropoutNodes: string[]): string {
  if (form === 'dropout-node') {
    if (opset < 12) throw new ExportError('learn/export-unsupported', `Dropout with training_mode needs opset 12 or later; the backbone is opset ${opset}`, { hint: "use the default mcDropoutForm 'random-mask'" });
    const ratio = part.initializer(`${layer.name}/ratio`, (n) => floatTensor(n, [layer.rate], []));
    const training = part.initializer(`${layer.name}/training_mode`, (n) => boolScalar(n, true));
    const y = part.add('Dropout', layer.name, [x, ratio, training]);
    dropoutNodes.push(y);
    return y;
  }
  const keep = 1 - layer.rate;
  const keepT = part.initializer(`${layer.name}/keep`, (n) => floatTensor(n, [keep], []));
  const scaleT = part.initializer(`${layer.name}/scale`, (n) => floatTensor(n, [1 / keep], []));
  const u = part.add('RandomUniformLike', `${layer.name}/uniform`, [x]);
  dropoutNodes.push(u);
  const kept = part.add('Cast', `${layer.name}/mask`, [part.add('Less', `${layer.name}/keep_test`, [u, keepT])], [intAttribute('to', 1)]);
  return part.add('Mul', `${layer.name}/scaled`, [part.add('Mul', `${layer.name}/apply`, [x, kept]), scaleT]);
}
