/**
 * Reading the `.kenobi` files `kenobi finetune` writes (container magic `KNBF`), for `export`, `predict` and
 * `evaluate`: tells them apart from heads and image models, finds the backbone they were fine-tuned from (the
 * recorded zoo id, or the one the caller names), refuses another backbone by its sha256, and builds the one
 * ONNX model `kenobi finetune --export` writes (the same graph, weights and `kenobi.export` metadata).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ProgressCallback } from '@kenobi/core';
import type { ImagePreprocessing } from '@kenobi/features';
import { applyFinetuned, exportFinetuned, LearnError, loadFinetuned, type LoadedFinetuned } from '@kenobi/learn';
import { decodeModel, type ModelProto } from '@kenobi/onnx';
import { resolveModelArg } from '@kenobi/zoo/node';
import { UsageError } from '../usage-error.js';
import { batchDynamic } from './finetune-config.js';
import { finetunedExportOptions } from './finetuned-export-options.js';
import { isFinetunedFile, readModelFileBytes } from '../model-file-bytes.js';

/**
 * A fine-tuned model file with what its metadata says.
 *
 * @example
 * ```ts
 * const f: FinetunedModelFile = readFinetunedFile('gz1.kenobi')!; // f.classes: ['elliptical', 'spiral']
 * ```
 */
export interface FinetunedModelFile {
  readonly path: string;
  readonly file: LoadedFinetuned;
  readonly classes: readonly string[];
  /** Index of the positive class (binary metrics). */
  readonly positive: number;
  readonly preprocessing: ImagePreprocessing;
  /** The bands of the training catalog (empty for images without band names). */
  readonly bandNames: readonly string[];
}

/**
 * The fine-tuned model in `path`, or undefined when the file is something else (a head, an image model, an
 * ONNX file); `learn/bad-file` when it cannot be read, `learn/finetune-checkpoint` when a `KNBF` file is
 * damaged, `learn/bad-file` when it lacks the classes or preprocessing `kenobi finetune` records.
 *
 * @example
 * ```ts
 * const tuned = readFinetunedFile('gz1.kenobi'); // undefined for a head file
 * const bytes = readModelFileBytes('gz1.kenobi');
 * readFinetunedFile('gz1.kenobi', bytes);          // the same, from bytes already read
 * ```
 */
export function readFinetunedFile(path: string, bytes: Uint8Array = readModelFileBytes(path)): FinetunedModelFile | undefined {
  if (!isFinetunedFile(bytes)) return undefined;
  const file = loadFinetuned(bytes);
  const classes = file.metadata['classes'];
  const preprocessing = file.metadata['preprocessing'] as ImagePreprocessing | undefined;
  if (!Array.isArray(classes) || classes.length === 0 || !preprocessing?.config) {
    throw new LearnError('learn/bad-file', `${path} is a fine-tuned model without classes or preprocessing in its metadata`, { hint: 'make it with kenobi finetune' });
  }
  const bandNames = ((file.metadata['data'] ?? {}) as { bandNames?: string[] }).bandNames ?? [];
  return { path, file, classes: classes as string[], positive: Math.max(0, classes.indexOf(file.metadata['positive'])), preprocessing, bandNames };
}

/** Options of {@link finetunedOnnx}. @example `const o: FinetunedOnnxOptions = { backbone: 'densenet121-keras', inGraph: true };` */
export interface FinetunedOnnxOptions {
  /** Zoo id or path of the backbone (default: the zoo id the file records). */
  readonly backbone?: string;
  /** The flag that names the backbone, for messages (`--model` for export, `--backbone` elsewhere). */
  readonly flag: string;
  /** Scale, mean and std in the graph (raw 0–255 pixels in); else recorded for the client. */
  readonly inGraph?: boolean;
  readonly mcDropout?: boolean;
  readonly classes?: readonly string[];
  readonly onProgress?: ProgressCallback;
}

/**
 * The one ONNX model of `tuned` on its backbone, and the backbone's id; `learn/finetune-checkpoint` when the
 * backbone is not the one it was fine-tuned from (sha256) or lacks one of its weights.
 *
 * @example
 * ```ts
 * const { model } = await finetunedOnnx(readFinetunedFile('gz1.kenobi')!, { flag: '--model' });
 * saveModelFile('gz1.onnx', model);
 * ```
 */
export async function finetunedOnnx(tuned: FinetunedModelFile, options: FinetunedOnnxOptions): Promise<{ model: ModelProto; backboneId: string }> {
  const recorded = tuned.file.backbone.id;
  const arg = options.backbone ?? recorded;
  if (arg === undefined) throw new UsageError(`${tuned.path} does not record its backbone's id: name it with ${options.flag} <zoo id|file.onnx>`);
  let resolved;
  try {
    resolved = await resolveModelArg(arg, options.onProgress ? { onProgress: options.onProgress } : {});
  } catch (e) {
    // NOTE: the recorded id of a backbone given by path is its file name, which need not resolve from here.
    if (options.backbone === undefined) throw new UsageError(`${tuned.path} was fine-tuned from '${arg}', which is not a zoo model or a file here: name the backbone with ${options.flag} <zoo id|file.onnx> (${(e as Error).message})`);
    throw e;
  }
  const bytes = new Uint8Array(readFileSync(resolved.path));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // NOTE: batch made dynamic (and the input at the trained size) as kenobi finetune did before training, so
  // the export is the one --export writes.
  const [h, w] = tuned.preprocessing.config.inputSize;
  const backbone = applyFinetuned(batchDynamic(decodeModel(bytes, { source: resolved.path }), [h, w]), tuned.file, sha256);
  const backboneId = resolved.entry?.id ?? recorded ?? arg;
  const model = exportFinetuned({ backbone, head: tuned.file.head, feature: tuned.file.backbone.feature, pool: tuned.file.backbone.pool },
    finetunedExportOptions({ classes: options.classes ?? tuned.classes, backboneId, sha256, preprocessing: tuned.preprocessing, bandNames: tuned.bandNames }, options));
  return { model, backboneId };
}
