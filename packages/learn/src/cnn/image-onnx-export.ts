/**
 * The trained model's forward graph as a standalone ONNX model: weights as initializers named per layer
 * (`conv2d/kernel`, `batch_normalization/running_mean`, ...), input `input` [N, C, H, W], output `output`
 * (after a final sigmoid/softmax: probabilities), and what it is in `metadata_props`.
 */
import { onnx, type ModelProto } from '@kenobi/onnx';
import { KENOBI_VERSION } from '../export/export-metadata.js';
import { emitImageGraph } from './image-graph.js';
import type { ImageModel } from './image-model.js';
import { requireFlatOutput } from './training-graph.js';

/**
 * The `metadata_props` key holding {@link ImageExportInfo} as JSON.
 *
 * @example
 * ```ts
 * JSON.parse(proto.metadata_props!.find((p) => p.key === IMAGE_EXPORT_KEY)!.value!).output; // { name: 'output', ... }
 * ```
 */
export const IMAGE_EXPORT_KEY = 'kenobi.image-model';

/**
 * What an exported image model says about itself.
 *
 * @example
 * ```ts
 * info.input; // { name: 'input', dims: ['N', 3, 64, 64], layout: 'NCHW', kerasInputShape: [64, 64, 3] }
 * ```
 */
export interface ImageExportInfo {
  readonly kenobiVersion: string;
  /** Class names in output order (as given to the export). */
  readonly classes: readonly string[];
  readonly input: { readonly name: string; readonly dims: readonly (number | string)[]; readonly layout: 'NCHW'; readonly kerasInputShape: readonly number[] };
  readonly output: { readonly name: string; readonly outputs: number; readonly activation: 'sigmoid' | 'softmax' | 'none' };
  readonly layers: readonly string[];
}

/** Options of {@link exportImageModel}. */
export interface ImageExportOptions {
  readonly classes?: readonly string[];
  /** Default-domain opset (default 17). */
  readonly opset?: number;
}

/**
 * The inference graph of `model` with its current weights baked in.
 *
 * @example
 * ```ts
 * import { encodeModel } from '@kenobi/onnx';
 * const bytes = encodeModel(exportImageModel(model, { classes: ['non-lens', 'lens'] }));
 * // onnxruntime: run({ input: [N, 3, 64, 64] }) → { output: [N, 1] } probabilities
 * ```
 */
export function exportImageModel(model: ImageModel, options: ImageExportOptions = {}): ModelProto {
  const outputs = requireFlatOutput(model);
  const g = emitImageGraph(model, { mode: 'inference', weights: 'initializers', ...(options.opset === undefined ? {} : { opset: options.opset }) });
  const output = g.builder.identity(g.output, { name: 'output' });
  g.builder.output(output, { dims: ['N', outputs] });
  const proto = g.builder.build();
  const info: ImageExportInfo = {
    kenobiVersion: KENOBI_VERSION,
    classes: [...(options.classes ?? [])],
    input: { name: g.input, dims: ['N', ...model.inputChw], layout: 'NCHW', kerasInputShape: model.inputShape },
    output: { name: output, outputs, activation: model.finalActivation ?? 'none' },
    layers: model.layers.map((l) => `${l.name} (${l.kerasClass})`),
  };
  proto.metadata_props = [onnx.StringStringEntryProto.create({ key: IMAGE_EXPORT_KEY, value: JSON.stringify(info) })];
  return proto;
}
