/**
 * The forward graph a fine-tuning run trains and evaluates: the trainable blocks (from the cut tensor to the
 * feature tensor, as the backbone wrote them), the feature pooling, and the head (a `Sequential` of
 * `@kenobi/learn` layers, written by the same `HeadLayerAdapter` the image models use), plus the loss in
 * training mode. Pure: builds one ModelProto.
 */
import { GraphBuilder, graphView, onnx, type ModelProto } from '@kenobi/onnx';
import { upgradeOpset, GRADIENT_OPSET } from '@kenobi/autodiff';
import { HeadLayerAdapter } from '../cnn/head-layer-adapter.js';
import type { ImageGraphContext, ImageLayer, GraphMode } from '../cnn/image-layer.js';
import { emitLoss, type ImageLossName, type LossPorts } from '../cnn/image-loss.js';
import type { MaskPort } from '../cnn/image-graph.js';
import { Dense } from '../layers/dense.js';
import type { Buffer, Param } from '../layers/layer.js';
import type { Sequential } from '../model/sequential.js';
import type { BackboneSplit } from './backbone-split.js';

/** The prefix of every head tensor, so head names never meet the backbone's. @example `HEAD_PREFIX; // 'kenobi_head/'` */
export const HEAD_PREFIX = 'kenobi_head/';

/** A batch norm of the head in training mode (batch statistics): its layer index and node. @example `g.headStatistics[0]; // { layer: 1, node: 'batch_normalization_1' }` */
export interface HeadStatisticsPort {
  readonly layer: number;
  readonly node: string;
}

/** What {@link emitHeadOnBlocks} wrote. @example `emitHeadOnBlocks(split, head, 'inference').logits; // 'logits'` */
export interface HeadOnBlocks {
  readonly model: ModelProto;
  /** The graph input: the cut tensor [N, ...cutDims]. */
  readonly input: string;
  /** The head's output before a final sigmoid/softmax [N, outputs]. */
  readonly logits: string;
  /** The pooled features the head reads [N, width]; a graph output in 'inference' mode. */
  readonly features: string;
  /** Training only: the loss ports. */
  readonly loss?: LossPorts;
  /** Head weights (graph inputs) by graph name. */
  readonly headWeights: ReadonlyMap<string, Param | Buffer>;
  readonly masks: readonly MaskPort[];
  readonly headStatistics: readonly HeadStatisticsPort[];
}

/**
 * Writes blocks + pooling + head (+ the loss when `mode` is 'training'). Head weights and dropout masks are
 * graph inputs named under {@link HEAD_PREFIX}; the blocks keep their initializers (the caller decides which
 * become inputs).
 *
 * @example
 * ```ts
 * const g = emitHeadOnBlocks(split, linearHead({ inputs: 1024, classes: 2 }), 'training', 'binaryCrossEntropy');
 * g.input; g.logits; // 'pool4_pool', 'kenobi_head/logits'
 * ```
 */
export function emitHeadOnBlocks(split: BackboneSplit, head: Sequential, mode: GraphMode, loss?: ImageLossName): HeadOnBlocks {
  const blocks = split.blocks ? upgradeOpset(split.blocks, GRADIENT_OPSET) : undefined;
  const b = new GraphBuilder({ name: `finetune_${mode}`, opset: GRADIENT_OPSET });
  // NOTE: reserve every blocks tensor name (the feature tensor aside: it is the head's input) so the builder's
  // fresh names never collide with the backbone's.
  if (blocks) for (const t of graphView(blocks).tensorNames) if (t !== split.feature) b.uniqueName(t);
  let x = b.input(split.feature, 'float32', ['N', ...split.featureDims]);
  if (split.featureDims.length > 1) {
    x = split.pool === 'max' ? b.globalMaxPool(x, { name: `${HEAD_PREFIX}pool` }) : b.globalAveragePool(x, { name: `${HEAD_PREFIX}pool` });
    x = b.flatten(x, { name: `${HEAD_PREFIX}features` });
  } else if (mode === 'inference') {
    x = b.identity(x, { name: `${HEAD_PREFIX}features` }); // a graph output cannot be the graph input itself
  }
  const features = x;
  const headWeights = new Map<string, Param | Buffer>();
  const names = new Map<Param | Buffer, string>();
  for (const p of [...head.params(), ...head.buffers()]) {
    const name = b.input(`${HEAD_PREFIX}${p.name}`, 'float32', [...p.shape]);
    headWeights.set(name, p);
    names.set(p, name);
  }
  const masks: MaskPort[] = [];
  const headStatistics: HeadStatisticsPort[] = [];
  let index = 0;
  const ctx: ImageGraphContext = {
    b,
    mode,
    tensor: (p) => names.get(p)!,
    mask(layer: ImageLayer, dims: readonly number[], rate: number): string {
      const name = b.input(`${HEAD_PREFIX}${layer.name}/mask`, 'float32', ['N', ...dims]);
      masks.push({ layer: index, name, dims: [...dims], rate });
      return name;
    },
    batchStatistics(_layer: ImageLayer, node: string): void {
      headStatistics.push({ layer: index, node });
    },
  };
  let width = split.width;
  let logits = x;
  head.layers.forEach((layer, i) => {
    index = i;
    const out = layer instanceof Dense ? layer.units : width;
    const adapter = new HeadLayerAdapter(layer);
    // NOTE: the head is built already (its weights exist); the adapter only needs its shapes to write nodes.
    adapter.inputShape = [width];
    adapter.outputShape = [out];
    const isFinal = i === head.layers.length - 1 && (layer.type === 'sigmoid' || layer.type === 'softmax');
    if (isFinal) logits = x;
    x = adapter.emit(ctx, x);
    if (!isFinal) logits = x;
    width = out;
  });
  let lossPorts: LossPorts | undefined;
  if (mode === 'training') {
    lossPorts = emitLoss(b, loss === 'meanSquaredError' ? x : logits, loss!, head.outputs);
    b.output(lossPorts.loss, { dims: [] });
  }
  b.output(logits, { dims: ['N', head.outputs] });
  if (mode === 'inference') b.output(features, { dims: ['N', split.width] });
  const headModel = b.build();
  const model = blocks ? joinAtFeature(blocks, headModel, split.feature) : headModel;
  return { model, input: split.cut, logits, features, ...(lossPorts ? { loss: lossPorts } : {}), headWeights, masks, headStatistics };
}

/** The blocks graph followed by the head graph, which reads the blocks' output `feature`. */
function joinAtFeature(blocks: ModelProto, head: ModelProto, feature: string): ModelProto {
  const bg = blocks.graph!, hg = head.graph!;
  const graph = onnx.GraphProto.create({
    name: hg.name,
    node: [...(bg.node ?? []), ...(hg.node ?? [])] as onnx.NodeProto[],
    initializer: [...(bg.initializer ?? []), ...(hg.initializer ?? [])] as onnx.TensorProto[],
    input: [...(bg.input ?? []), ...(hg.input ?? []).filter((i) => i.name !== feature)] as onnx.ValueInfoProto[],
    output: [...(hg.output ?? [])] as onnx.ValueInfoProto[],
    value_info: [...(bg.value_info ?? [])] as onnx.ValueInfoProto[],
  });
  const others = (blocks.opset_import ?? []).filter((o) => o.domain && o.domain !== 'ai.onnx');
  return onnx.ModelProto.create({
    ...head,
    opset_import: [...(head.opset_import ?? []), ...others] as onnx.OperatorSetIdProto[],
    graph,
  });
}
