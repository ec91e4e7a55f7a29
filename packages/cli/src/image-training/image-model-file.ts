/**
 * Reading the `.kenobi` image models `kenobi train --arch` writes, for `evaluate`, `export` and `predict`:
 * tells them apart from heads by the header's format, and reads what their metadata records (classes,
 * positive class, preprocessing, stretch, architecture).
 */
import type { ImagePreprocessing } from '@kenobi/features';
import { exportImageClassifier, LearnError, loadImageModel, type GraphPreprocessing, type ImageModel, type ImageStretch } from '@kenobi/learn';
import type { ModelProto } from '@kenobi/onnx';
import { readModelFileBytes } from '../model-file-bytes.js';

/**
 * An image model with what its metadata says.
 *
 * @example
 * ```ts
 * const m: ImageModelFile = { model, classes: ['lens', 'non-lens'], positive: 0, preprocessing, arch: 'seeds-cnn', metadata };
 * ```
 */
export interface ImageModelFile {
  readonly model: ImageModel;
  readonly classes: readonly string[];
  readonly positive: number;
  readonly preprocessing: ImagePreprocessing;
  readonly arch: string;
  /** Band names of the training data (catalog bands), to load evaluation data the same way. */
  readonly bandNames: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** The `format` of a `.kenobi` container's JSON header (undefined when it cannot tell: the loaders report why). */
function headerFormat(bytes: Uint8Array): string | undefined {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== 'KNBH') return undefined;
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  try {
    const h = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as { format?: unknown };
    return typeof h.format === 'string' ? h.format : undefined;
  } catch {
    return undefined; // not JSON: the head loader names the problem
  }
}

/**
 * The image model in `path`, or undefined when the file holds a head (`learn/bad-file` when it cannot be
 * read, or when an image model lacks the metadata `kenobi train --arch` writes).
 *
 * @example
 * ```ts
 * const image = readImageModelFile('lensnet.kenobi'); // undefined for a head file
 * readImageModelFile('lensnet.kenobi', readModelFileBytes('lensnet.kenobi')); // the same, from bytes already read
 * ```
 */
export function readImageModelFile(path: string, bytes: Uint8Array = readModelFileBytes(path)): ImageModelFile | undefined {
  if (headerFormat(bytes) !== 'kenobi-image') return undefined;
  const { model, metadata } = loadImageModel(bytes);
  const classes = metadata['classes'];
  const pre = metadata['preprocessing'] as ImagePreprocessing | undefined;
  if (!Array.isArray(classes) || !pre?.config) {
    throw new LearnError('learn/bad-file', `${path} is an image model without classes or preprocessing in its metadata`, { hint: 'make it with kenobi train --arch' });
  }
  const positive = Math.max(0, classes.indexOf(metadata['positive']));
  const data = (metadata['data'] ?? {}) as { bandNames?: string[] };
  return { model, classes: classes as string[], positive, preprocessing: pre, arch: String(metadata['arch'] ?? model.name), bandNames: data.bandNames ?? [], metadata };
}

/**
 * The image stretch of a model's preprocessing, as exported models record it.
 *
 * @example
 * ```ts
 * imageStretchOf(file.preprocessing); // { stretch: 'lupton:stretch=330,Q=8,minimum=0' }
 * imageStretchOf(file.preprocessing, file.bandNames); // { ..., bands: ['g', 'r', 'i'] }
 * ```
 */
export function imageStretchOf(p: ImagePreprocessing, bandNames: readonly string[] = []): ImageStretch {
  return {
    ...(p.interval ? { interval: p.interval } : {}), ...(p.stretch ? { stretch: p.stretch } : {}), ...(p.bandOrder ? { bandOrder: p.bandOrder } : {}),
    ...(bandNames.length > 1 ? { bands: [...bandNames] } : {}),
  };
}

/**
 * The image model as one exported ONNX file (`exportImageClassifier` with its recorded classes, preprocessing,
 * stretch and architecture), as `kenobi export`, `predict` and `evaluate --tta` run it.
 *
 * @example
 * ```ts
 * const onnx = imageModelOnnx(readImageModelFile('lensnet.kenobi')!, { inGraph: true }); // takes raw 0–255 pixels
 * ```
 */
export function imageModelOnnx(image: ImageModelFile, options: { readonly inGraph: boolean; readonly classes?: readonly string[] }): ModelProto {
  return exportImageClassifier(image.model, {
    classes: [...(options.classes ?? image.classes)], preprocessing: image.preprocessing.config as unknown as GraphPreprocessing & Record<string, unknown>,
    inGraph: options.inGraph, imageStretch: imageStretchOf(image.preprocessing, image.bandNames), arch: image.arch,
  });
}
