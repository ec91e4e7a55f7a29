/**
 * Compiles an image model and its loss into the graphs the trainer runs: the training graph (forward in
 * training mode + loss, differentiated by `@kenobi/autodiff` with respect to the trainable weights) and the
 * inference graph (predict, evaluate). Both take every weight as a graph input, so one session per graph
 * serves the whole training run. Pure: builds ModelProtos, runs nothing.
 */
import { buildGradientGraph, type GradientForms } from '@kenobi/autodiff';
import type { ModelProto } from '@kenobi/onnx';
import type { Buffer, Param } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';
import { kerasShape } from './activation-shape.js';
import { emitImageGraph, type MaskPort, type StatisticsPort } from './image-graph.js';
import { emitLoss, type ImageLossName } from './image-loss.js';
import type { ImageModel } from './image-model.js';

/**
 * The training graph and how to bind it.
 *
 * @example
 * ```ts
 * const plan = compileTrainingGraph(model, 'binaryCrossEntropy');
 * plan.masks.map((m) => m.name); // ['dropout/mask', ...]: [N, ...dims] feeds
 * ```
 */
export interface ImageTrainingPlan {
  readonly model: ModelProto;
  /** The image input [N, C, H, W]. */
  readonly input: string;
  readonly target: string;
  readonly scale: string;
  /** Output: the scalar loss. */
  readonly loss: string;
  /** Output: the logits [N, k] (for training accuracy). */
  readonly logits: string;
  /** Every weight input (trainable or not) and the array it wraps. */
  readonly weights: ReadonlyMap<string, Param | Buffer>;
  /** Output holding each trainable param's gradient. */
  readonly gradients: readonly { readonly param: Param; readonly output: string }[];
  readonly masks: readonly MaskPort[];
  /** Batch norms in training mode: the outputs with their batch mean and biased variance ([C]). */
  readonly statistics: readonly (StatisticsPort & { readonly mean: string; readonly variance: string })[];
  /** Op types differentiated (for reports). */
  readonly differentiatedOps: readonly string[];
}

/**
 * The inference graph: outputs `output` (after any final sigmoid/softmax) and `logits`.
 *
 * @example
 * ```ts
 * const plan = compileInferenceGraph(model);
 * plan.output; // 'activation' (the sigmoid's output); plan.logits: 'dense_1'
 * ```
 */
export interface ImageInferencePlan {
  readonly model: ModelProto;
  readonly input: string;
  readonly logits: string;
  readonly output: string;
  readonly weights: ReadonlyMap<string, Param | Buffer>;
}

/**
 * Throws `learn/shape-mismatch` unless the model ends in flat outputs (what losses and predictions need).
 *
 * @example
 * ```ts
 * requireFlatOutput(imageModel([conv2d(4, 3)], { inputShape: [8, 8, 1] })); // throws: add flatten()
 * ```
 */
export function requireFlatOutput(model: ImageModel): number {
  if (model.outputShape.length !== 1) {
    throw new LearnError('learn/shape-mismatch', `the model ends in ${kerasShape(model.outputShape)}; training, predict and export need flat outputs`, { hint: 'end with flatten() or globalAveragePooling2d() and dense(units)' });
  }
  return model.outputs;
}

/**
 * The training graph of `model` + `loss` (cross-entropies on the logits before a final sigmoid/softmax).
 *
 * @example
 * ```ts
 * const plan = compileTrainingGraph(model, 'binaryCrossEntropy');
 * plan.gradients.map((g) => g.output); // ['conv2d/kernel_grad', 'conv2d/bias_grad', ...]
 * ```
 */
export function compileTrainingGraph(model: ImageModel, loss: ImageLossName, forms: Partial<GradientForms> = {}): ImageTrainingPlan {
  const outputs = requireFlatOutput(model);
  const trainable = model.trainableParams();
  if (trainable.length === 0) throw new LearnError('learn/bad-argument', 'the model has no trainable params', { hint: 'set trainable = true on at least one layer with weights' });
  const g = emitImageGraph(model, { mode: 'training', weights: 'inputs', graphName: `${model.name}_training` });
  const b = g.builder;
  const prediction = loss === 'meanSquaredError' ? g.output : g.logits;
  const ports = emitLoss(b, prediction, loss, outputs);
  b.output(ports.loss, { dims: [] });
  const forward = b.build();
  const names = new Map<Param | Buffer, string>([...g.weights].map(([name, p]) => [p, name]));
  // NOTE: dropout is written by the layers as Mul by a mask input (spatial dropout has no ONNX op, and one form
  // keeps mask shapes and draw order in the trainer's hands), so the build runs with dropout 'off'.
  const graph = buildGradientGraph(forward, {
    loss: ports.loss,
    wrt: trainable.map((p) => names.get(p)!),
    mode: { batchNorm: 'train', dropout: 'off' },
    keepOutputs: [g.logits],
    forms,
  });
  if (graph.extraInputs.length > 0) {
    throw new LearnError('learn/bad-argument', `the gradient graph asks for inputs the trainer does not feed: ${graph.extraInputs.map((p) => p.name).join(', ')}`);
  }
  const statisticsOutput = (node: string, kind: 'batch-mean' | 'batch-var'): string => {
    const port = graph.extraOutputs.find((p) => p.role?.kind === kind && p.role.node === node);
    if (!port) throw new LearnError('learn/bad-argument', `the gradient graph has no ${kind} output for batch norm '${node}'`);
    return port.name;
  };
  const statistics = g.statistics.map((s) => ({ ...s, mean: statisticsOutput(s.node, 'batch-mean'), variance: statisticsOutput(s.node, 'batch-var') }));
  return {
    model: graph.model,
    input: g.input,
    target: ports.target,
    scale: ports.scale,
    loss: graph.loss,
    logits: g.logits,
    weights: g.weights,
    gradients: trainable.map((param) => ({ param, output: graph.gradients.get(names.get(param)!)! })),
    masks: g.masks,
    statistics,
    differentiatedOps: graph.differentiatedOps,
  };
}

/**
 * The inference graph of `model`: dropout off, batch norm on running statistics, weights as inputs.
 *
 * @example
 * ```ts
 * const plan = compileInferenceGraph(model);
 * plan.output; // probabilities when the model ends in sigmoid(); plan.logits before it
 * ```
 */
export function compileInferenceGraph(model: ImageModel): ImageInferencePlan {
  const outputs = requireFlatOutput(model);
  const g = emitImageGraph(model, { mode: 'inference', weights: 'inputs', graphName: `${model.name}_inference` });
  g.builder.output(g.output, { dims: ['N', outputs] });
  if (g.logits !== g.output) g.builder.output(g.logits, { dims: ['N', outputs] });
  return { model: g.builder.build(), input: g.input, logits: g.logits, output: g.output, weights: g.weights };
}
