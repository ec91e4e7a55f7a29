/**
 * `splitAtBlock(model, k)`: a backbone cut for fine-tuning "the last k blocks": `front` is the frozen trunk
 * (inputs → the input of block k from the top), `back` the last k blocks and the head.
 */
import type { ModelProto } from '../onnx-types.js';
import { splitAtInput } from '../split-at-input.js';
import { splitAtTensor, type SplitModel } from '../split-at-tensor.js';
import { BlockError } from './block-error.js';
import { modelBlocks, type Block, type BlockOptions, type ModelBlocks } from './model-blocks.js';

/** What {@link splitAtBlock} returns: the split and the blocks on each side. */
export interface BlockSplit extends SplitModel {
  /** Block k from the top: the first block of `back`. */
  readonly block: Block;
  /** Every block of the model (as `modelBlocks` gives them). */
  readonly blocks: ModelBlocks;
  /** The blocks in `front` (frozen) and in `back` (trained), from the input up. */
  readonly frozen: readonly Block[];
  readonly trainable: readonly Block[];
}

/**
 * Splits `model` before block `k` counted from the top (1 = the block nearest the head), with
 * `splitAtTensor` at that block's input tensor. Running `back` on `front`'s output gives the model's
 * outputs. When k is the number of blocks (everything trainable) the front is a single Identity and the
 * back is the whole model reading its output. Throws `onnx/block-out-of-range` (saying how many blocks
 * there are) for a k outside 1..blocks, and what {@link modelBlocks} throws.
 *
 * @example
 * ```ts
 * const { front, back, tensor, trainable } = splitAtBlock(resnet50(), 3);
 * tensor;                          // 'relu_39' (the input of layer4.0)
 * trainable.map((b) => b.name);    // ['layer4.0', 'layer4.1', 'layer4.2']
 * ```
 */
export function splitAtBlock(model: ModelProto, k: number, options: BlockOptions = {}): BlockSplit {
  const blocks = modelBlocks(model, options);
  const n = blocks.blocks.length;
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new BlockError('onnx/block-out-of-range', `k must be a whole number from 1 to ${n}: this ${blocks.family} backbone has ${n} blocks (${blocks.blocks[0]!.name} … ${blocks.blocks[n - 1]!.name}), got ${k}`, {
      details: { k, blocks: n, family: blocks.family },
    });
  }
  const block = blocks.blocks[n - k]!;
  const split = k === n && !model.graph?.node?.some((node) => node.output?.includes(block.input)) ? splitAtInput(model, block.input) : splitAtTensor(model, block.input);
  return { ...split, block, blocks, frozen: blocks.blocks.slice(0, n - k), trainable: blocks.blocks.slice(n - k) };
}
