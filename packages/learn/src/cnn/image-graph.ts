/**
 * Writes an image model as ONNX nodes with the GraphBuilder of `@kenobi/onnx`: ONE forward code path for
 * inference, export and training (the training graph is this forward graph plus a loss, differentiated by
 * `@kenobi/autodiff`; there is no hand-written backward).
 */
import { GraphBuilder } from '@kenobi/onnx';
import type { Buffer, Param } from '../layers/layer.js';
import type { ImageGraphContext, ImageLayer, GraphMode } from './image-layer.js';
import type { ImageModel } from './image-model.js';

/** Options of {@link emitImageGraph}. */
export interface ImageGraphOptions {
  readonly mode: GraphMode;
  /**
   * 'inputs': every param and buffer is a graph input wrapping the model's own arrays (training and
   * predict: one session sees every update, nothing is copied); 'initializers': baked in (export).
   */
  readonly weights: 'inputs' | 'initializers';
  /** Default-domain opset (default 17). */
  readonly opset?: number;
  /** Name of the image input [N, C, H, W] (default 'input'). */
  readonly inputName?: string;
  /** Graph name (default the model's). */
  readonly graphName?: string;
}

/** A dropout mask the trainer feeds: [N, ...dims], 0 or 1/(1 − rate). */
export interface MaskPort {
  readonly layer: number;
  readonly name: string;
  readonly dims: readonly number[];
  readonly rate: number;
}

/** A batch norm in training mode: its layer, its BatchNormalization node, and the values per channel and sample. */
export interface StatisticsPort {
  readonly layer: number;
  /** The node's name (also its output's): the autodiff rule's statistics outputs carry it in `role.node`. */
  readonly node: string;
  /** Values per channel in one sample (H·W for images, 1 for features): M = N · perSample. */
  readonly perSample: number;
}

/** What {@link emitImageGraph} wrote. */
export interface ImageGraph {
  readonly builder: GraphBuilder;
  readonly input: string;
  /** The tensor before a final sigmoid/softmax (the output itself when there is none). */
  readonly logits: string;
  readonly output: string;
  /** Graph input or initializer name → the param or buffer it holds. */
  readonly weights: ReadonlyMap<string, Param | Buffer>;
  readonly masks: readonly MaskPort[];
  readonly statistics: readonly StatisticsPort[];
}

/**
 * Adds `input` [N, C, H, W] and every layer's nodes for `options.mode`; declares no outputs (the caller does).
 *
 * @example
 * ```ts
 * const g = emitImageGraph(model, { mode: 'inference', weights: 'initializers' });
 * g.builder.output(g.output, { dims: ['N', model.outputs] });
 * const onnxModel = g.builder.build(); // runs in onnxruntime; weights named 'conv2d/kernel', ...
 * ```
 */
export function emitImageGraph(model: ImageModel, options: ImageGraphOptions): ImageGraph {
  const b = new GraphBuilder({ name: options.graphName ?? model.name, opset: options.opset ?? 17 });
  const input = b.input(options.inputName ?? 'input', 'float32', ['N', ...model.inputChw]);
  const weights = new Map<string, Param | Buffer>();
  const names = new Map<Param | Buffer, string>();
  for (const p of [...model.params(), ...model.buffers()]) {
    const name = options.weights === 'inputs'
      ? b.input(p.name, 'float32', [...p.shape])
      : b.initializer(p.name, Float32Array.from(p.value), [...p.shape]);
    weights.set(name, p);
    names.set(p, name);
  }
  const masks: MaskPort[] = [];
  const statistics: StatisticsPort[] = [];
  let index = 0;
  const ctx: ImageGraphContext = {
    b,
    mode: options.mode,
    tensor: (p) => names.get(p)!,
    mask(layer: ImageLayer, maskDims: readonly number[], rate: number): string {
      const name = b.input(`${layer.name}/mask`, 'float32', ['N', ...maskDims]);
      masks.push({ layer: index, name, dims: [...maskDims], rate });
      return name;
    },
    batchStatistics(layer: ImageLayer, node: string): void {
      const shape = layer.inputShape;
      statistics.push({ layer: index, node, perSample: shape.length === 3 ? shape[1]! * shape[2]! : 1 });
    },
  };
  let h = input;
  let logits = input;
  model.layers.forEach((layer, i) => {
    index = i;
    logits = h;
    h = layer.emit(ctx, h);
  });
  if (model.finalActivation === undefined) logits = h;
  return { builder: b, input, logits, output: h, weights, masks, statistics };
}
