/**
 * A pretrained backbone cut in two for fine-tuning: the frozen trunk (inputs → the cut tensor), run once per
 * image and cached, and the trainable blocks (the cut tensor → the feature tensor the head reads), whose
 * weights become params. Pure: ModelProtos in, ModelProtos and arrays out.
 */
import { isKenobiError } from '@kenobi/core';
import { cutAtTensor, graphView, splitAtInput, inferStaticShapes, isFloatDtype, splitAtTensor, tensorDims, tensorToTypedArray, type Dim, type ModelProto, type NodeProto, type PoolMode } from '@kenobi/onnx';
import type { Buffer, Param } from '../layers/layer.js';
import { FinetuneError } from './finetune-error.js';

/** A BatchNormalization node of the trainable blocks and the buffers of its running statistics. @example `split.batchNorms[0]!.node; // 'conv5_block1_0_bn'` */
export interface BlockBatchNorm {
  /** The node's identity as `@kenobi/autodiff` ports name it: its name, else its first output. */
  readonly node: string;
  readonly mean: Buffer;
  readonly variance: Buffer;
  /** ONNX momentum: running ← running · momentum + batch · (1 − momentum) (PyTorch's momentum is 1 − this). */
  readonly momentum: number;
  /** Values per channel in one sample (H · W): M = N · perSample for the unbiased variance. */
  readonly perSample: number;
}

/** What {@link splitBackbone} returns. @example `splitBackbone(model, { cut, feature }).cutDims; // [512, 7, 7]` */
export interface BackboneSplit {
  /** Graph inputs → `cut` (the frozen trunk, weights baked in). */
  readonly trunk: ModelProto;
  /** `cut` (its only input) → `feature`; undefined when the two are the same tensor (`--unfreeze 0`). */
  readonly blocks: ModelProto | undefined;
  readonly cut: string;
  readonly feature: string;
  /** Per-sample dims of the cut tensor ([C, H, W]). */
  readonly cutDims: readonly number[];
  /** Per-sample dims of the feature tensor. */
  readonly featureDims: readonly number[];
  /** How the feature tensor is reduced to [N, C] for the head. */
  readonly pool: PoolMode;
  /** The head's input width. */
  readonly width: number;
  /** The blocks' weights (copies of their initializers, named as in the backbone), in graph order. */
  readonly params: readonly Param[];
  /** The blocks' BatchNormalization nodes with their running statistics (copies). */
  readonly batchNorms: readonly BlockBatchNorm[];
  /** Float initializers of the blocks that are also read by the trunk: left frozen so the trunk stays bit-identical. */
  readonly shared: readonly string[];
}

/** Options of {@link splitBackbone}. @example `const o: SplitOptions = { cut: 'pool4_pool', feature: 'avg_pool' };` */
export interface SplitOptions {
  /** The trunk's output: everything computed before it is frozen. */
  readonly cut: string;
  /** The tensor the head reads (e.g. DenseNet's `avg_pool`). */
  readonly feature: string;
  /** Reduction of a feature map to [N, C] (default: 'avg' for rank > 2, else 'none'). */
  readonly pool?: PoolMode;
  /** Dims of graph inputs where the model's own are missing or symbolic beyond the batch. */
  readonly inputShapes?: Readonly<Record<string, readonly Dim[]>>;
}

/** Inputs of these ops that hold weights (an initializer there is a trainable param). */
const WEIGHT_SLOTS: Readonly<Record<string, readonly number[]>> = Object.freeze({
  Conv: [1, 2], ConvTranspose: [1, 2], Gemm: [1, 2], MatMul: [0, 1], BatchNormalization: [1, 2], PRelu: [1],
  Add: [0, 1], Sub: [0, 1], Mul: [0, 1], Div: [1],
});

/**
 * Splits `backbone` at `options.cut` for training what lies between it and `options.feature`. Throws
 * `learn/finetune-cut` when either tensor is unknown or not computed, when the feature does not depend on the
 * cut alone (a skip connection around the cut, or the cut after the feature), or when the cut tensor's dims
 * are not static beyond the batch.
 *
 * @example
 * ```ts
 * const s = splitBackbone(densenet, { cut: 'pool4_pool', feature: 'avg_pool' });
 * s.cutDims; s.width; s.params.length; // [512, 7, 7], 1024, 98 (conv5 block + final bn)
 * ```
 */
export function splitBackbone(backbone: ModelProto, options: SplitOptions): BackboneSplit {
  const { cut, feature } = options;
  const shapes = inferStaticShapes(graphView(backbone), options.inputShapes ?? {});
  const refuse = (message: string, cause?: unknown, hint?: string): never => {
    throw new FinetuneError('learn/finetune-cut', message, { ...(cause === undefined ? {} : { cause }), hint: hint ?? 'name a tensor computed by a node (kenobi summary lists them), before the feature tensor, that every later node depends on' });
  };
  const cutModel = (tensor: string): ModelProto => {
    try {
      return cutAtTensor(backbone, tensor);
    } catch (e) {
      return isKenobiError(e) ? refuse(`cannot cut the backbone at '${tensor}': ${e.message}`, e) : (() => { throw e; })();
    }
  };
  const featureModel = cutModel(feature);
  let trunk: ModelProto;
  let blocks: ModelProto | undefined;
  if (cut === feature) {
    trunk = featureModel;
  } else if (graphView(backbone).inputs.some((i) => i.name === cut)) {
    ({ front: trunk, back: blocks } = splitAtInput(featureModel, cut));
  } else {
    cutModel(cut);
    if (!graphView(featureModel).tensorNames.includes(cut)) refuse(`cannot train from '${cut}' to '${feature}': '${feature}' does not depend on '${cut}' (is the cut after the feature tensor, or on another branch?)`);
    try {
      ({ front: trunk, back: blocks } = splitAtTensor(featureModel, cut));
    } catch (e) {
      if (!isKenobiError(e)) throw e;
      const why = e.code === 'onnx/split-output' ? `'${feature}' does not depend on '${cut}' (is the cut after the feature tensor?)`
        : e.code === 'onnx/split-crossing' ? `a connection bypasses '${cut}' (${e.message})` : e.message;
      return refuse(`cannot train from '${cut}' to '${feature}': ${why}`, e, 'cut between blocks, where no skip connection crosses (e.g. the output of a residual block or of a transition layer)');
    }
  }
  const dimsOf = (t: string): number[] => {
    const d = shapes.get(t)?.dims;
    if (!d || d.length < 2 || d.slice(1).some((x) => typeof x !== 'number' || x < 1)) {
      return refuse(`the dims of '${t}' beyond the batch are not static (${d ? `[${d.join(', ')}]` : 'unknown'})`, undefined, 'give the input shape (kenobi finetune --input-size H,W; inputShapes in the API) so the trunk and the blocks have static shapes, or name a tensor after a pooling step (--feature)');
    }
    return d.slice(1) as number[];
  };
  const cutDims = dimsOf(cut);
  const cutName = blocks?.graph?.input?.[0]?.name ?? cut;
  const featureDims = dimsOf(feature);
  const pool = options.pool ?? (featureDims.length > 1 ? 'avg' : 'none');
  if (pool === 'none' && featureDims.length > 1) {
    refuse(`'${feature}' is a feature map [${featureDims.join(', ')}]: the head needs [N, C]`, undefined, "pool it ('avg' or 'max') or name the pooled tensor");
  }
  const width = featureDims[0]!;
  if (!blocks) return { trunk, blocks, cut: cutName, feature, cutDims, featureDims, pool, width, params: [], batchNorms: [], shared: [] };

  const trunkInitializers = new Set((trunk.graph?.initializer ?? []).map((t) => t.name ?? ''));
  const view = graphView(blocks);
  const weights = new Map<string, Float32Array>();
  const shared: string[] = [];
  const copy = (name: string): Float32Array => {
    let w = weights.get(name);
    if (!w) {
      w = Float32Array.from(tensorToTypedArray(view.initializers.get(name)!) as Float32Array);
      weights.set(name, w);
    }
    return w;
  };
  const params: Param[] = [];
  const seen = new Set<string>();
  for (const node of view.nodes) {
    const slots = WEIGHT_SLOTS[node.op_type ?? ''] ?? [];
    (node.input ?? []).forEach((name, k) => {
      const t = view.initializers.get(name);
      if (!t || !slots.includes(k) || seen.has(name) || !isFloatDtype(t.data_type) || t.data_type !== 1) return;
      const dims = tensorDims(t);
      // NOTE: a scalar (an Add/Mul constant, Clip-like bounds) is a constant of the architecture, not a weight.
      if (dims.reduce((a, b) => a * b, 1) < 2 && node.op_type !== 'Conv' && node.op_type !== 'Gemm') return;
      seen.add(name);
      if (trunkInitializers.has(name)) {
        shared.push(name);
        return;
      }
      const value = copy(name);
      params.push({ name, shape: dims, value, grad: new Float32Array(value.length) });
    });
  }
  const batchNorms = view.nodes.filter((n) => n.op_type === 'BatchNormalization').map((n) => blockBatchNorm(n, copy, shapes.get(n.input![0]!)?.dims));
  return { trunk, blocks, cut: cutName, feature, cutDims, featureDims, pool, width, params, batchNorms, shared };
}

function blockBatchNorm(node: NodeProto, copy: (name: string) => Float32Array, dims: readonly Dim[] | undefined): BlockBatchNorm {
  const [, , , meanName, varName] = node.input ?? [];
  const momentumAttr = (node.attribute ?? []).find((a) => a.name === 'momentum');
  const momentum = momentumAttr?.f ?? 0.9;
  const spatial = dims?.slice(2);
  const perSample = spatial?.every((d) => typeof d === 'number') ? (spatial as number[]).reduce((a, b) => a * b, 1) : NaN;
  if (!Number.isFinite(perSample)) {
    throw new FinetuneError('learn/finetune-cut', `the input dims of batch norm '${node.name ?? ''}' are not static`, { hint: 'give the input shape (inputShapes)' });
  }
  const buffer = (name: string): Buffer => {
    const value = copy(name);
    return { name, shape: [value.length], value };
  };
  return { node: node.name || node.output![0]!, mean: buffer(meanName!), variance: buffer(varName!), momentum, perSample };
}
