/**
 * Compiles the two graphs a fine-tuning run opens sessions on: training (blocks + head + loss, differentiated
 * by `@kenobi/autodiff` with respect to the blocks' weights and the head's) and inference (the same forward
 * with batch norm on running statistics and dropout off). Both take every weight that can change as a graph
 * input over its own array, so one session per graph serves the whole run. Pure: builds ModelProtos.
 */
import { buildGradientGraph, type GradientForms } from '@kenobi/autodiff';
import { onnx, type ModelProto } from '@kenobi/onnx';
import type { ImageLossName } from '../cnn/image-loss.js';
import type { MaskPort } from '../cnn/image-graph.js';
import type { Buffer, Param } from '../layers/layer.js';
import type { Sequential } from '../model/sequential.js';
import type { BackboneSplit, BlockBatchNorm } from './backbone-split.js';
import type { BatchNormMode } from './finetune-options.js';
import { FinetuneError } from './finetune-error.js';
import { emitHeadOnBlocks } from './head-on-blocks.js';

/** A batch norm in training mode and the graph outputs holding its batch mean and biased variance ([C]). @example `plan.statistics[0]!.kind; // 'block'` */
export type StatisticsOutput =
  | { readonly kind: 'block'; readonly bn: BlockBatchNorm; readonly mean: string; readonly variance: string }
  | { readonly kind: 'head'; readonly layer: number; readonly mean: string; readonly variance: string };

/**
 * The training graph and how to bind it.
 *
 * @example
 * ```ts
 * const plan = compileFinetuneTraining(split, head, 'binaryCrossEntropy', 'train');
 * plan.gradients.length; // blocks params + head params
 * ```
 */
export interface FinetuneTrainingPlan {
  readonly model: ModelProto;
  /** The cut tensor's input [N, ...cutDims]. */
  readonly input: string;
  readonly target: string;
  readonly scale: string;
  readonly loss: string;
  readonly logits: string;
  /** Every weight input and the array it wraps. */
  readonly weights: ReadonlyMap<string, Param | Buffer>;
  /** Each trainable param (blocks first, then the head's) and the output holding its gradient. */
  readonly gradients: readonly { readonly param: Param; readonly output: string }[];
  readonly masks: readonly MaskPort[];
  readonly statistics: readonly StatisticsOutput[];
  readonly differentiatedOps: readonly string[];
}

/**
 * The inference graph: logits from the cut tensor, every block weight and running statistic an input.
 *
 * @example
 * ```ts
 * compileFinetuneInference(split, head).logits; // the head's logits tensor
 * ```
 */
export interface FinetuneInferencePlan {
  readonly model: ModelProto;
  readonly input: string;
  readonly logits: string;
  /** The pooled features the head reads [N, width]. */
  readonly features: string;
  readonly weights: ReadonlyMap<string, Param | Buffer>;
}

/**
 * The training graph of blocks + head + `loss`, batch norm of the blocks (and of the head) in `batchNorm` mode.
 *
 * @example
 * ```ts
 * const plan = compileFinetuneTraining(split, mlpHead({ inputs: 1024, hidden: 256, dropout: 0.5, classes: 6 }), 'categoricalCrossEntropy', 'frozen');
 * plan.masks[0]!.name; // 'kenobi_head/dropout_1/mask'
 * ```
 */
export function compileFinetuneTraining(split: BackboneSplit, head: Sequential, loss: ImageLossName, batchNorm: BatchNormMode, forms: Partial<GradientForms> = {}): FinetuneTrainingPlan {
  const g = emitHeadOnBlocks(split, head, 'training', loss);
  const ports = g.loss!;
  const headParams = [...g.headWeights].filter(([, p]) => 'grad' in p && head.layers.some((l) => l.trainable && l.params().includes(p as Param)));
  const wrt = [...split.params.map((p) => p.name), ...headParams.map(([name]) => name)];
  if (wrt.length === 0) throw new FinetuneError('learn/finetune-option', 'nothing to train: the blocks have no weights and the head no trainable layer');
  // NOTE: dropout is a Mul by a mask input written by the head layers (the masks stay in the trainer's seeded
  // hands, as in ImageTrainer), so autodiff's own dropout handling is off.
  const graph = buildGradientGraph(g.model, {
    loss: ports.loss,
    wrt,
    mode: { batchNorm, dropout: 'off' },
    keepOutputs: [g.logits],
    inputShapes: { [g.input]: ['N', ...split.cutDims] },
    forms,
  });
  if (graph.extraInputs.length > 0) {
    throw new FinetuneError('learn/finetune-option', `the gradient graph asks for inputs the trainer does not feed: ${graph.extraInputs.map((p) => p.name).join(', ')}`, { hint: 'the trainable blocks hold Dropout nodes: cut after them' });
  }
  const stat = (node: string, kind: 'batch-mean' | 'batch-var'): string => {
    const port = graph.extraOutputs.find((p) => p.role?.kind === kind && p.role.node === node);
    if (!port) throw new FinetuneError('learn/finetune-option', `the gradient graph has no ${kind} output for batch norm '${node}'`);
    return port.name;
  };
  const statistics: StatisticsOutput[] = batchNorm === 'train'
    ? [
      ...split.batchNorms.map((bn) => ({ kind: 'block' as const, bn, mean: stat(bn.node, 'batch-mean'), variance: stat(bn.node, 'batch-var') })),
      ...g.headStatistics.map((s) => ({ kind: 'head' as const, layer: s.layer, mean: stat(s.node, 'batch-mean'), variance: stat(s.node, 'batch-var') })),
    ]
    : [];
  const weights = new Map<string, Param | Buffer>([...split.params.map((p) => [p.name, p] as const), ...g.headWeights]);
  const byName = new Map<string, Param>([...split.params.map((p) => [p.name, p] as const), ...headParams.map(([n, p]) => [n, p as Param] as const)]);
  return {
    model: graph.model,
    input: g.input,
    target: ports.target,
    scale: ports.scale,
    loss: graph.loss,
    logits: g.logits,
    weights,
    gradients: wrt.map((name) => ({ param: byName.get(name)!, output: graph.gradients.get(name)! })),
    masks: g.masks,
    statistics,
    differentiatedOps: graph.differentiatedOps,
  };
}

/**
 * The inference graph of blocks + head (batch norm on running statistics, dropout off); every block weight
 * and running statistic becomes an input bound to its array, so evaluation always sees the current state.
 *
 * @example
 * ```ts
 * const plan = compileFinetuneInference(split, head);
 * ```
 */
export function compileFinetuneInference(split: BackboneSplit, head: Sequential): FinetuneInferencePlan {
  const g = emitHeadOnBlocks(split, head, 'inference');
  const blockWeights: (Param | Buffer)[] = [...split.params, ...split.batchNorms.flatMap((bn) => [bn.mean, bn.variance])];
  const model = initializersToInputs(g.model, blockWeights);
  const weights = new Map<string, Param | Buffer>([...blockWeights.map((w) => [w.name, w] as const), ...g.headWeights]);
  return { model, input: g.input, logits: g.logits, features: g.features, weights };
}

/** `model` with the initializers named by `weights` turned into float32 graph inputs of the same dims. */
function initializersToInputs(model: ModelProto, weights: readonly (Param | Buffer)[]): ModelProto {
  const names = new Set(weights.map((w) => w.name));
  const graph = model.graph!;
  const inputs = weights.filter((w, i) => weights.findIndex((v) => v.name === w.name) === i).map((w) => onnx.ValueInfoProto.create({
    name: w.name,
    type: { tensor_type: { elem_type: onnx.TensorProto.DataType.FLOAT, shape: { dim: w.shape.map((d) => ({ dim_value: d })) } } },
  }));
  return onnx.ModelProto.create({
    ...model,
    graph: onnx.GraphProto.create({
      ...graph,
      initializer: (graph.initializer ?? []).filter((t) => !names.has(t.name ?? '')) as onnx.TensorProto[],
      input: [...(graph.input ?? []).filter((i) => !names.has(i.name ?? '')), ...inputs] as onnx.ValueInfoProto[],
    }),
  });
}
