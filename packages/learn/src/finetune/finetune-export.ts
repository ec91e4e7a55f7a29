/**
 * A fine-tuned model as ONE ONNX file: the backbone with the trained blocks written back, cut at the feature
 * tensor, plus the head (+ preprocessing, + MC-dropout), through the same `exportModel` as heads on frozen
 * features, so `kenobi predict`, the browser app and Python's onnxruntime run it unchanged.
 */
import type { ModelProto, PoolMode } from '@kenobi/onnx';
import { exportModel, type ExportModelOptions } from '../export/export-model.js';
import type { Sequential } from '../model/sequential.js';
import type { Finetuner } from './finetuner.js';

/** Options of {@link exportFinetuned}: `exportModel`'s, less what the fine-tuned model decides. @example `const o: FinetuneExportOptions = { classes: ['a', 'b'], mcDropout: true };` */
export type FinetuneExportOptions = Omit<ExportModelOptions, 'backbone' | 'tensor' | 'pool' | 'rank' | 'head'>;

/**
 * What an export needs of a fine-tuned model: a `Finetuner`, or a loaded file applied to its backbone.
 *
 * @example
 * ```ts
 * const m: FinetunedModel = { backbone: applyFinetuned(base, file), head: file.head, feature: file.backbone.feature, pool: file.backbone.pool };
 * ```
 */
export interface FinetunedModel {
  /** The backbone with the fine-tuned weights in its initializers. */
  readonly backbone: ModelProto;
  readonly head: Sequential;
  readonly feature: string;
  readonly pool: PoolMode;
}

/**
 * The fine-tuned model of `ft` (its current weights) as a {@link FinetunedModel}.
 *
 * @example
 * ```ts
 * const merged = exportFinetuned(finetunedModel(ft), { classes: ['elliptical', 'spiral'] });
 * ```
 */
export function finetunedModel(ft: Finetuner): FinetunedModel {
  return { backbone: ft.finetunedBackbone(), head: ft.head, feature: ft.split.feature, pool: ft.split.featureDims.length > 1 ? ft.split.pool : 'none' };
}

/**
 * One ONNX model: inputs `input` (or `pixels` with preprocessing), outputs `probabilities` (or `prediction`)
 * and `features`.
 *
 * @example
 * ```ts
 * saveModelFile('gz1-finetuned.onnx', exportFinetuned(finetunedModel(ft), { classes, preprocessing, mcDropout: true }));
 * ```
 */
export function exportFinetuned(model: FinetunedModel, options: FinetuneExportOptions = {}): ModelProto {
  return exportModel({ ...options, backbone: model.backbone, tensor: model.feature, pool: model.pool, head: model.head });
}
