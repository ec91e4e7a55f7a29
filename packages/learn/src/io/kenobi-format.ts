import { dtypeOf, type DType } from '../backend/matrix.js';
import type { MatrixBackend } from '../backend/matrix-backend.js';
import { LAYER_TYPES, type LayerConfig, type LayerType } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { createLayer } from './layer-registry.js';

/**
 * The `.kenobi` file format version this build writes (and the highest it reads).
 *
 * Layout (all integers little-endian):
 * - bytes 0–3: ASCII `KNBH`; bytes 4–7: uint32 format version; bytes 8–11: uint32 header length H;
 * - bytes 12 … 12+H: UTF-8 JSON header (`KenobiHeader`), then zero padding to a multiple of 8;
 * - the weight blob: each tensor's values, little-endian float32 or float64 (the model's dtype), at the
 *   byte offset (relative to the blob) its header entry gives.
 *
 * @example
 * ```ts
 * import { KENOBI_FORMAT_VERSION } from '@kenobi/learn';
 * KENOBI_FORMAT_VERSION; // 1
 * ```
 */
export const KENOBI_FORMAT_VERSION = 1;
const MAGIC = [0x4b, 0x4e, 0x42, 0x48]; // 'KNBH'

/** One tensor entry of the header. */
export interface KenobiTensorEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Byte offset inside the blob. */
  readonly offset: number;
  readonly length: number;
}

/**
 * The JSON header of a `.kenobi` file.
 *
 * @example
 * ```ts
 * readKenobiHeader(bytes).layers.map((l) => l.type); // ['dense', 'relu', 'dense']
 * ```
 */
export interface KenobiHeader {
  readonly format: 'kenobi-head';
  readonly version: number;
  readonly inputs: number;
  readonly outputs: number;
  readonly dtype: DType;
  readonly seed: number;
  readonly layers: readonly { readonly type: LayerType; readonly name: string; readonly trainable: boolean; readonly config: LayerConfig }[];
  readonly tensors: readonly KenobiTensorEntry[];
  /** Free-form: training options, class names, feature extractor, metrics... */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * Serialises architecture + weights (params and batch-norm statistics) to `.kenobi` bytes. Loading them
 * gives a model that predicts bit-identically.
 *
 * @example
 * ```ts
 * const bytes = saveModel(head, { classes: ['elliptical', 'spiral'] });
 * await fs.promises.writeFile('head.kenobi', bytes); // Node
 * ```
 */
export function saveModel(model: Sequential, metadata: Record<string, unknown> = {}): Uint8Array {
  const arrays = [...model.params(), ...model.buffers()];
  const dtype = model.dtype;
  const bytesPer = dtype === 'float64' ? 8 : 4;
  let offset = 0;
  const tensors: KenobiTensorEntry[] = arrays.map((a) => {
    const e = { name: a.name, shape: [...a.shape], dtype: dtypeOf(a.value), offset, length: a.value.length };
    offset += a.value.length * bytesPer;
    return e;
  });
  const header: KenobiHeader = {
    format: 'kenobi-head',
    version: KENOBI_FORMAT_VERSION,
    inputs: model.inputs,
    outputs: model.outputs,
    dtype,
    seed: model.seed,
    layers: model.layers.map((l) => ({ type: l.type, name: l.name, trainable: l.trainable, config: l.config() })),
    tensors,
    metadata,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const blobStart = Math.ceil((12 + json.length) / 8) * 8;
  const out = new Uint8Array(blobStart + offset);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, KENOBI_FORMAT_VERSION, true);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  arrays.forEach((a, t) => {
    let p = blobStart + tensors[t]!.offset;
    for (let i = 0; i < a.value.length; i++, p += bytesPer) {
      if (bytesPer === 8) view.setFloat64(p, a.value[i]!, true);
      else view.setFloat32(p, a.value[i]!, true);
    }
  });
  return out;
}

function bad(message: string): never {
  throw new LearnError('learn/bad-file', message, { hint: 'the file is not a .kenobi head or is truncated' });
}

/**
 * Reads only the header of `.kenobi` bytes (no weights decoded).
 *
 * @example
 * ```ts
 * readKenobiHeader(bytes).inputs; // 1024
 * ```
 */
export function readKenobiHeader(bytes: Uint8Array): KenobiHeader & { readonly blobStart: number } {
  if (bytes.length < 12 || MAGIC.some((m, i) => bytes[i] !== m)) bad('missing the KNBH magic bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version < 1 || version > KENOBI_FORMAT_VERSION) {
    throw new LearnError('learn/bad-file', `.kenobi format version ${version} is newer than this build reads (${KENOBI_FORMAT_VERSION})`, { hint: 'upgrade @kenobi/learn' });
  }
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) bad(`header of ${length} bytes runs past the end (${bytes.length} bytes)`);
  let header: KenobiHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as KenobiHeader;
  } catch (cause) {
    throw new LearnError('learn/bad-file', `.kenobi header is not valid JSON`, { cause });
  }
  if ((header.format as string) === 'kenobi-image') {
    throw new LearnError('learn/bad-file', 'this .kenobi file holds an image model, not a head', { hint: 'load it with loadImageModel' });
  }
  if (header.format !== 'kenobi-head' || !Array.isArray(header.layers) || !Array.isArray(header.tensors)) bad('header lacks format/layers/tensors');
  return { ...header, blobStart: Math.ceil((12 + length) / 8) * 8 };
}

/**
 * Rebuilds a model from `.kenobi` bytes.
 *
 * @example
 * ```ts
 * const { model, metadata } = loadModel(await fs.promises.readFile('head.kenobi'));
 * model.predict(features);
 * ```
 */
export function loadModel(bytes: Uint8Array, options: { backend?: MatrixBackend } = {}): { model: Sequential; metadata: Readonly<Record<string, unknown>> } {
  const header = readKenobiHeader(bytes);
  const layers = header.layers.map((l) => {
    if (!LAYER_TYPES.includes(l.type)) bad(`unknown layer type '${l.type}'`);
    const layer = createLayer(l.type, l.config);
    layer.name = l.name;
    return layer;
  });
  const model = sequential(layers, { inputs: header.inputs, dtype: header.dtype, seed: header.seed, ...(options.backend ? { backend: options.backend } : {}) });
  header.layers.forEach((l, i) => (layers[i]!.trainable = l.trainable));
  const targets = [...model.params(), ...model.buffers()];
  if (targets.length !== header.tensors.length) bad(`header lists ${header.tensors.length} tensors, the architecture has ${targets.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  targets.forEach((t, k) => {
    const e = header.tensors[k]!;
    if (e.name !== t.name || e.length !== t.value.length) bad(`tensor ${k} is ${e.name} (${e.length}), expected ${t.name} (${t.value.length})`);
    const size = e.dtype === 'float64' ? 8 : 4;
    const start = header.blobStart + e.offset;
    if (start + e.length * size > bytes.length) bad(`tensor ${e.name} runs past the end of the file`);
    for (let i = 0; i < e.length; i++) t.value[i] = size === 8 ? view.getFloat64(start + i * 8, true) : view.getFloat32(start + i * 4, true);
  });
  return { model, metadata: header.metadata ?? {} };
}
