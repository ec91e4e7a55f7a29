/**
 * `.kenobi` files for image models: the head format's container (magic `KNBH`, same version) with
 * `format: 'kenobi-image'` and the model's spec in the header. Head files are unchanged and still load with
 * `loadModel`; `loadModel` on an image file says to use {@link loadImageModel}.
 */
import { KENOBI_FORMAT_VERSION } from '../io/kenobi-format.js';
import { decodeContainer, encodeContainer } from '../io/kenobi-container.js';
import { LearnError } from '../learn-error.js';
import type { ImageModel, ImageModelSpec } from './image-model.js';
import { imageModelFromSpec } from './image-layer-registry.js';

/**
 * The JSON header of a `.kenobi` image model.
 *
 * @example
 * ```ts
 * // { format: 'kenobi-image', dtype: 'float32', model: { layers: [...] }, inputShape: [64, 64, 3], outputs: 1, metadata: {}, tensors: [...] }
 * ```
 */
export interface KenobiImageHeader {
  readonly format: 'kenobi-image';
  readonly dtype: 'float32';
  readonly model: ImageModelSpec;
  /** Keras [height, width, channels] (also in `model`; here for readers that skip the spec). */
  readonly inputShape: readonly number[];
  readonly outputs: number;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * Architecture (spec) + weights (params, then batch-norm statistics) as `.kenobi` bytes; loading them
 * predicts bit-identically.
 *
 * @example
 * ```ts
 * const bytes = saveImageModel(model, { classes: ['non-lens', 'lens'] });
 * ```
 */
export function saveImageModel(model: ImageModel, metadata: Record<string, unknown> = {}): Uint8Array {
  const header: KenobiImageHeader = { format: 'kenobi-image', dtype: 'float32', model: model.spec(), inputShape: model.inputShape, outputs: model.outputs, metadata };
  return encodeContainer('KNBH', KENOBI_FORMAT_VERSION, { ...header }, [...model.params(), ...model.buffers()]);
}

/**
 * Rebuilds an image model and its metadata from `.kenobi` bytes (`learn/bad-file` when they hold a head
 * or do not fit the architecture).
 *
 * @example
 * ```ts
 * const { model } = loadImageModel(bytes);
 * model.summary();
 * ```
 */
export function loadImageModel(bytes: Uint8Array): { model: ImageModel; metadata: Readonly<Record<string, unknown>> } {
  const { header, tensors } = decodeContainer<KenobiImageHeader>(bytes, 'KNBH', KENOBI_FORMAT_VERSION, '.kenobi image model');
  if ((header.format as string) !== 'kenobi-image') {
    throw new LearnError('learn/bad-file', `this .kenobi file holds format '${String(header.format)}', not an image model`, { hint: "load heads ('kenobi-head') with loadModel" });
  }
  const model = imageModelFromSpec(header.model);
  loadWeights(model, tensors, '.kenobi image model');
  return { model, metadata: header.metadata ?? {} };
}

/**
 * Copies named tensors into the model's params and buffers; `learn/bad-file` naming the first that is
 * missing or has the wrong length.
 *
 * @example
 * ```ts
 * loadWeights(model, decoded.tensors, 'checkpoint');
 * ```
 */
export function loadWeights(model: ImageModel, tensors: ReadonlyMap<string, Float32Array>, what: string): void {
  for (const t of [...model.params(), ...model.buffers()]) {
    const v = tensors.get(t.name);
    if (!v || v.length !== t.value.length) {
      throw new LearnError('learn/bad-file', `${what}: tensor ${t.name} is ${v ? `${v.length} values` : 'missing'}, the architecture needs ${t.value.length}`);
    }
    t.value.set(v);
  }
}
