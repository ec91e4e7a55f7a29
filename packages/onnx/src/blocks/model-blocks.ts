/**
 * `modelBlocks(model)`: a CNN backbone split into named blocks (ResNet stages, DenseNet dense layers and
 * transitions, Inception modules, MobileNetV2 inverted residuals, ShuffleNet units, VGG/AlexNet/LeNet stages
 * and layers, `block_<i>` otherwise) from its graph alone, so fine-tuning can unfreeze "the last k blocks".
 * Every block boundary is a cut point: the rest of the model depends on the input only through it.
 */
import { isKenobiError, nearestNames } from '@kenobi/core';
import { findFeatureTensor } from '../feature-tensor.js';
import { graphView, type GraphView } from '../graph-view.js';
import { OnnxError } from '../onnx-error.js';
import type { Dim, ModelProto } from '../onnx-types.js';
import { BlockError } from './block-error.js';
import { anchorKind } from './block-ops.js';
import { genericDrafts, piecesFacts, unitFamily, type BlockFamily, type BlockKind, type Draft, type FamilyContext } from './block-families.js';
import { blockParams } from './block-params.js';
import { groupPieces, pieceNodes, segmentsAt } from './block-pieces.js';
import { shapeLookup, type ShapeLookup } from './block-shapes.js';
import { dataflowCuts, type CutPoint, type Dataflow } from './cut-points.js';
import { plainDrafts, plainFamily } from './plain-families.js';
import { densenetDrafts, inceptionDrafts, mobilenetv2Drafts, resnetDrafts, shufflenetDrafts } from './unit-families.js';
import { unitKind } from './unit-kinds.js';

/** One block of a backbone. */
export interface Block {
  /** Counted from the top: the block nearest the head is 1, the stem is the highest. */
  readonly index: number;
  /** Keras/torchvision-style name ('layer3.5', 'conv4_block24', 'inception_4e', 'block_3'...). */
  readonly name: string;
  readonly kind: BlockKind;
  /** The stage it belongs to ('layer3', 'conv4', 'inception_4', 'stage3'), where the family has stages. */
  readonly stage?: string;
  /** Name (or first output) of its first and last node. */
  readonly firstNode: string;
  readonly lastNode: string;
  readonly nodeCount: number;
  /** Weighted nodes (convs and dense layers) in it. */
  readonly layers: number;
  /** The cut tensor it starts from (the graph input for the first block) and the one it ends at. */
  readonly input: string;
  readonly output: string;
  readonly outputShape: readonly Dim[] | null;
  /** Params it holds (trainable + BatchNorm statistics, as `summary` counts them). */
  readonly params: number;
  readonly trainableParams: number;
  /** Trainable params of this block and every block above it: what unfreezing the last `index` blocks trains (the head aside). */
  readonly cumulativeTrainable: number;
}

/** What {@link modelBlocks} returns: JSON-serialisable. */
export interface ModelBlocks {
  readonly family: BlockFamily;
  /** The tensor the backbone ends at (the feature tensor, unless `options.end`), and the last block's output. */
  readonly end: string;
  readonly lastBlockOutput: string;
  /** Blocks from the input to the head; `blocks[blocks.length - k]` is block k from the top. */
  readonly blocks: readonly Block[];
  /** Consecutive blocks of one stage, in order. */
  readonly stages: readonly { readonly name: string; readonly blocks: number }[];
  /** Params after the last block (the classifier), always trained in fine-tuning. */
  readonly head: { readonly params: number; readonly trainableParams: number };
}

/** Options of {@link modelBlocks}. */
export interface BlockOptions {
  /** Where the backbone ends (default: `findFeatureTensor`'s tensor, else the model's only output). */
  readonly end?: string;
  /** Shape of the first input, for static shape inference (stages are told apart by shapes). */
  readonly inputShape?: readonly number[];
  /** Exact shapes per tensor (e.g. from `probeTensorShapes` in @kenobi/runtime); they win over inference. */
  readonly shapes?: Readonly<Record<string, readonly number[]>>;
}

/**
 * Splits a backbone into named blocks. Throws `onnx/no-block-boundary` when no tensor between the input and
 * the end carries the whole computation (e.g. a single Conv), `onnx/unknown-tensor` for an unknown `end`.
 *
 * @example
 * ```ts
 * const { family, blocks } = modelBlocks(resnet50({ width: 0.125, inputSize: 64 }));
 * family;                           // 'resnet'
 * blocks.map((b) => b.name);        // ['conv1', 'layer1.0', 'layer1.1', 'layer1.2', 'layer2.0', ..., 'layer4.2']
 * blocks[blocks.length - 1].index;  // 1 (layer4.2, nearest the head); blocks[0].index is 17
 * ```
 */
export function modelBlocks(model: ModelProto, options: BlockOptions = {}): ModelBlocks {
  const view = graphView(model);
  const end = endTensor(model, view, options.end);
  const shapes = shapeLookup(view, options);
  const flow = dataflowCuts(view, end);
  const bounds = blockBounds(flow, shapes, end);
  const input = flow.inputs[0] ?? view.inputs[0]?.name ?? '';
  const noBoundary = (why: string): BlockError => new BlockError('onnx/no-block-boundary', `no block boundary between '${input}' and '${end}': ${why}`, {
    hint: 'blocks need a tensor the whole computation passes through (a model of one layer has none); pass { end } to end the backbone elsewhere',
    details: { input, end },
  });
  if (bounds.length === 0) throw noBoundary(`'${end}' is not computed from the input through a single tensor`);
  const memo = new Map<string, boolean>();
  const pieces = groupPieces(view, segmentsAt(flow, bounds), memo);
  const rank = (t: string) => shapes.rank(t);
  const ctx: FamilyContext = {
    view, pieces, units: pieces.map((p) => (p.type === 'unit' ? unitKind(view, flow, p, rank, memo) : undefined)), facts: piecesFacts(view, pieces, memo), shapes, input,
  };
  const { family, drafts } = familyDrafts(ctx);
  if (drafts.length < 2) throw noBoundary('the backbone is a single layer or block');
  const lastBlockOutput = bounds[bounds.length - 1]!.tensor;
  return { family, end, lastBlockOutput, ...materialize(view, flow, drafts, shapes, lastBlockOutput, memo) };
}

function endTensor(model: ModelProto, view: GraphView, end: string | undefined): string {
  if (end !== undefined) {
    if (view.tensorNames.includes(end)) return end;
    const near = nearestNames(end, view.tensorNames, { count: 5 });
    throw new OnnxError('onnx/unknown-tensor', `no tensor named '${end}' in the model; nearest: ${near.map((n) => `'${n}'`).join(', ')}`, { details: { nearest: near } });
  }
  try {
    return findFeatureTensor(model).name;
  } catch (e) {
    // NOTE: a backbone without a classifier (a feature extractor, a single conv) ends at its only output.
    if (isKenobiError(e, 'onnx/no-feature-tensor') && view.outputs.length === 1) return view.outputs[0]!.name ?? '';
    throw e;
  }
}

/**
 * The cut points blocks may end at: feature maps of the input's rank (4-D for images), flat tensors after
 * the last of those (dense layers of the backbone), and the end itself.
 */
function blockBounds(flow: Dataflow, shapes: ShapeLookup, end: string): CutPoint[] {
  const inputRank = shapes.rank(flow.inputs[0] ?? '') ?? 4;
  let lastMap = -1;
  flow.cuts.forEach((c, i) => { if (shapes.rank(c.tensor) === inputRank) lastMap = i; });
  return flow.cuts.filter((c, i) => c.tensor === end || shapes.rank(c.tensor) === inputRank || (i > lastMap && shapes.rank(c.tensor) === 2));
}

function familyDrafts(ctx: FamilyContext): { family: BlockFamily; drafts: Draft[] } {
  const units = ctx.units.filter((u) => u !== undefined);
  const family = unitFamily(units) ?? plainFamily(ctx);
  const named = family === 'resnet' ? resnetDrafts(ctx)
    : family === 'densenet' ? densenetDrafts(ctx)
      : family === 'inception' ? inceptionDrafts(ctx)
        : family === 'shufflenet' ? shufflenetDrafts(ctx)
          : family === 'mobilenetv2' ? mobilenetv2Drafts(ctx)
            : family === 'generic' ? undefined
              : plainDrafts(ctx, family);
  return named ? { family, drafts: named } : { family: 'generic', drafts: genericDrafts(ctx) };
}

function materialize(view: GraphView, flow: Dataflow, drafts: readonly Draft[], shapes: ShapeLookup, lastOutput: string, memo: Map<string, boolean>): Pick<ModelBlocks, 'blocks' | 'stages' | 'head'> {
  const count = blockParams(view, flow);
  const partial = drafts.map((d) => {
    const nodes = d.pieces.flatMap(pieceNodes);
    const p = count(nodes);
    const name = (i: number): string => nodes[i]!.name || nodes[i]!.output?.[0] || '';
    const first = d.pieces[0]!.segments[0]!;
    const lastPiece = d.pieces[d.pieces.length - 1]!;
    const output = lastPiece.segments[lastPiece.segments.length - 1]!.output;
    return {
      name: d.name, kind: d.kind, ...(d.stage ? { stage: d.stage } : {}), firstNode: name(0), lastNode: name(nodes.length - 1), nodeCount: nodes.length,
      layers: nodes.filter((n) => anchorKind(view, n, memo)).length,
      input: first.input, output, outputShape: shapes.dims(output) ?? null, params: p.params, trainableParams: p.trainable,
    };
  });
  const lastPosition = flow.nodes.findIndex((n) => (n.output ?? []).includes(lastOutput));
  const head = count(flow.nodes.slice(lastPosition + 1));
  let cumulative = 0;
  const blocks: Block[] = new Array(partial.length);
  for (let i = partial.length - 1; i >= 0; i--) {
    cumulative += partial[i]!.trainableParams;
    blocks[i] = { index: partial.length - i, ...partial[i]!, cumulativeTrainable: cumulative };
  }
  const stages: { name: string; blocks: number }[] = [];
  for (const b of blocks) {
    const last = stages[stages.length - 1];
    if (b.stage && last?.name === b.stage) last.blocks++;
    else if (b.stage) stages.push({ name: b.stage, blocks: 1 });
  }
  return { blocks, stages, head: { params: head.params, trainableParams: head.trainable } };
}
