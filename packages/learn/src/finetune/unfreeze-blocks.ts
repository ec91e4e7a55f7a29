/**
 * `unfreeze k`: the last k blocks of a backbone (`@kenobi/onnx`'s `modelBlocks`: ResNet units, DenseNet dense
 * layers and transitions, Inception modules, ...; block 1 is the nearest the head) become trainable. This
 * finds the cut tensor (the input of block k) and which block each weight belongs to, for layer-wise decay.
 */
import { isKenobiError } from '@kenobi/core';
import { graphView, modelBlocks, type Block, type BlockFamily, type GraphView, type ModelProto, type NodeProto } from '@kenobi/onnx';
import { FinetuneError } from './finetune-error.js';

/** What {@link planUnfreeze} decides. @example `planUnfreeze(model, 1).cut; // the input of the last block` */
export interface UnfreezePlan {
  readonly family: BlockFamily;
  /** The trunk's output (the input of block k), or the feature tensor itself for k = 0. */
  readonly cut: string;
  /** The tensor the blocks end at (the head reads it). */
  readonly feature: string;
  /** Every block of the backbone. */
  readonly blockCount: number;
  /** The unfrozen blocks, from the top (index 1 first). */
  readonly trainable: readonly Block[];
  /** Block index of each initializer the unfrozen blocks read (for `FinetuneOptions.paramBlocks`). */
  readonly paramBlocks: Readonly<Record<string, number>>;
}

/**
 * The cut and per-weight blocks for unfreezing the last `k` blocks up to `feature` (default: the feature
 * tensor `modelBlocks` finds). `learn/finetune-no-blocks` when the model has no block boundary,
 * `learn/finetune-unfreeze` when k is not a count from 0 to the number of blocks.
 *
 * @example
 * ```ts
 * const plan = planUnfreeze(densenet121, 17);
 * plan.cut; plan.trainable.at(-1)!.name; // 'pool4_pool', 'conv5_block1'
 * ```
 */
export function planUnfreeze(backbone: ModelProto, k: number, options: { readonly feature?: string; readonly inputShape?: readonly number[] } = {}): UnfreezePlan {
  let found;
  try {
    found = modelBlocks(backbone, { ...(options.feature ? { end: options.feature } : {}), ...(options.inputShape ? { inputShape: options.inputShape } : {}) });
  } catch (e) {
    if (isKenobiError(e, 'onnx/no-block-boundary')) {
      throw new FinetuneError('learn/finetune-no-blocks', `--unfreeze needs blocks, but this model has none that can be told apart: ${e.message}`, { cause: e, hint: 'name the trunk boundary yourself (--cut-tensor)' });
    }
    throw e;
  }
  const n = found.blocks.length;
  if (!(Number.isInteger(k) && k >= 0 && k <= n)) {
    throw new FinetuneError('learn/finetune-unfreeze', `unfreeze must be a whole number from 0 to ${n}: this ${found.family} backbone has ${n} blocks (${found.blocks[0]!.name} … ${found.blocks[n - 1]!.name}), got ${k}`, {
      details: { k, blocks: n, family: found.family },
    });
  }
  const feature = found.end;
  const trainable = found.blocks.slice(n - k).reverse();
  if (k === 0) return { family: found.family, cut: feature, feature, blockCount: n, trainable, paramBlocks: {} };
  const view = graphView(backbone);
  const paramBlocks: Record<string, number> = {};
  // NOTE: a block boundary is a cut point, so a block's nodes are exactly those its output needs and its input
  // does not; walked from the top so a weight read by two blocks counts in the higher one.
  const below = (b: Block): Set<NodeProto> => ancestors(view, b.input);
  const nodesAbove = (top: string, floor: Set<NodeProto>): NodeProto[] => [...ancestors(view, top)].filter((node) => !floor.has(node));
  for (const b of trainable) {
    const top = b.index === 1 ? feature : b.output;
    for (const node of nodesAbove(top, below(b))) {
      for (const name of node.input ?? []) if (view.initializers.has(name) && paramBlocks[name] === undefined) paramBlocks[name] = b.index;
    }
  }
  return { family: found.family, cut: trainable[trainable.length - 1]!.input, feature, blockCount: n, trainable, paramBlocks };
}

/** The nodes `tensor` is computed from (its producer included). */
function ancestors(view: GraphView, tensor: string): Set<NodeProto> {
  const out = new Set<NodeProto>();
  const stack = [tensor];
  while (stack.length > 0) {
    const node = view.producer.get(stack.pop()!);
    if (!node || out.has(node)) continue;
    out.add(node);
    for (const i of node.input ?? []) if (i) stack.push(i);
  }
  return out;
}
