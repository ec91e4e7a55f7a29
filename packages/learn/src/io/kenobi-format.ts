import { dtypeOf, type DType } from '../backend/matrix.js';
import type { MatrixBackend } from '../backend/matrix-backend.js';
import { LAYER_TYPES, type LayerConfig, type LayerType } from '../layers/layer.js';
import { isKenobiError } from '@kenobi/core';
import { LearnError } from '../learn-error.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { createLayer, layerWeights } from './layer-registry.js';

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

/** Options of {@link readKenobiHeader} and {@link loadModel}. */
export interface ReadKenobiOptions {
  /** What to call the bytes in error messages (a file path). */
  readonly source?: string;
}

type Fail = (message: string, cause?: unknown) => never;

function failer(options: ReadKenobiOptions): Fail {
  return (message, cause) => {
    throw new LearnError('learn/bad-file', options.source ? `${options.source}: ${message}` : message, {
      hint: 'the file is not a .kenobi head or is truncated', ...(cause === undefined ? {} : { cause }),
    });
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isDtype = (v: unknown): v is DType => v === 'float32' || v === 'float64';

/**
 * Reads only the header of `.kenobi` bytes (no weights decoded), checking every field the loader uses: its
 * types, and that each tensor lies inside the file with as many values as its shape holds. Anything else is
 * `learn/bad-file` naming `options.source`.
 *
 * @example
 * ```ts
 * readKenobiHeader(bytes, { source: 'head.kenobi' }).inputs; // 1024
 * ```
 */
export function readKenobiHeader(bytes: Uint8Array, options: ReadKenobiOptions = {}): KenobiHeader & { readonly blobStart: number } {
  const bad: Fail = failer(options);
  if (bytes.length < 12 || MAGIC.some((m, i) => bytes[i] !== m)) bad('missing the KNBH magic bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version < 1 || version > KENOBI_FORMAT_VERSION) {
    throw new LearnError('learn/bad-file', `${options.source ? `${options.source}: ` : ''}.kenobi format version ${version} is not one this build reads (1 to ${KENOBI_FORMAT_VERSION})`, { hint: 'upgrade @kenobi/learn' });
  }
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) bad(`header of ${length} bytes runs past the end (${bytes.length} bytes)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  } catch (cause) {
    bad('.kenobi header is not valid JSON', cause);
  }
  const blobStart = Math.ceil((12 + length) / 8) * 8;
  // NOTE: every field is checked before use: a header that is JSON but not a KenobiHeader (null, a layer
  // without a config, a negative offset) threw TypeErrors or read weights from the wrong place (fuzzer).
  if (isRecord(parsed) && parsed.format === 'kenobi-image') {
    throw new LearnError('learn/bad-file', `${options.source ? `${options.source}: ` : ''}this .kenobi file holds an image model, not a head`, { hint: 'load it with loadImageModel' });
  }
  if (!isRecord(parsed) || parsed.format !== 'kenobi-head' || !Array.isArray(parsed.layers) || !Array.isArray(parsed.tensors)) bad('header lacks format/layers/tensors');
  const h = parsed as Record<string, unknown> & { layers: unknown[]; tensors: unknown[] };
  if (!(isCount(h.inputs) && h.inputs > 0)) bad(`header inputs should be a positive integer, got ${JSON.stringify(h.inputs)}`);
  if (!isDtype(h.dtype)) bad(`header dtype should be 'float32' or 'float64', got ${JSON.stringify(h.dtype)}`);
  if (h.seed !== undefined && !(typeof h.seed === 'number' && Number.isFinite(h.seed))) bad(`header seed should be a number, got ${JSON.stringify(h.seed)}`);
  if (h.metadata !== undefined && !isRecord(h.metadata)) bad('header metadata should be an object');
  h.layers.forEach((l, i) => {
    if (!isRecord(l) || typeof l.type !== 'string' || typeof l.name !== 'string' || !isRecord(l.config) || (l.trainable !== undefined && typeof l.trainable !== 'boolean')) {
      bad(`layer ${i} should be { type, name, trainable, config }, got ${JSON.stringify(l)?.slice(0, 120)}`);
    }
  });
  const blobBytes = bytes.length - blobStart;
  h.tensors.forEach((t, i) => {
    if (!isRecord(t) || typeof t.name !== 'string' || !isDtype(t.dtype) || !isCount(t.offset) || !isCount(t.length) || !Array.isArray(t.shape) || !t.shape.every(isCount)) {
      bad(`tensor ${i} should be { name, shape, dtype, offset, length } with non-negative integers, got ${JSON.stringify(t)?.slice(0, 120)}`);
    }
    const count = (t.shape as number[]).reduce((a, b) => a * b, 1);
    if (count !== t.length) bad(`tensor ${t.name} has shape [${(t.shape as number[]).join(', ')}] but length ${t.length}`);
    if (t.offset + t.length * (t.dtype === 'float64' ? 8 : 4) > blobBytes) bad(`tensor ${t.name} runs past the end of the file`);
  });
  return { ...(h as unknown as KenobiHeader), blobStart };
}

/**
 * Rebuilds a model from `.kenobi` bytes. A file that is not a head, or whose layers need more weights than
 * it holds, is `learn/bad-file` naming `options.source`, found before the layers allocate anything.
 *
 * @example
 * ```ts
 * const { model, metadata } = loadModel(await fs.promises.readFile('head.kenobi'), { source: 'head.kenobi' });
 * model.predict(features);
 * ```
 */
export function loadModel(bytes: Uint8Array, options: { backend?: MatrixBackend; source?: string } = {}): { model: Sequential; metadata: Readonly<Record<string, unknown>> } {
  const bad: Fail = failer(options);
  const header = readKenobiHeader(bytes, options);
  let width = header.inputs;
  let weights = 0;
  for (const l of header.layers) {
    if (!LAYER_TYPES.includes(l.type)) bad(`unknown layer type '${l.type}'`);
    const w = layerWeights(l.type, l.config, width);
    if (w === undefined) bad(`layer ${l.name} (${l.type}) has a bad config: ${JSON.stringify(l.config).slice(0, 120)}`);
    width = w.outputs;
    weights += w.weights;
  }
  const stored = header.tensors.reduce((a, t) => a + t.length, 0);
  // NOTE: the layers allocate their weights from the configs; a config claiming more than the file stores
  // (units: 1e9 in a 1 kB file) is refused here, before any allocation (found by the fuzzer).
  if (weights !== stored) bad(`the layers need ${weights} weights, the header lists ${stored}`);
  let model: Sequential;
  let layers: ReturnType<typeof createLayer>[];
  try {
    layers = header.layers.map((l) => {
      const layer = createLayer(l.type, l.config);
      layer.name = l.name;
      return layer;
    });
    model = sequential(layers, { inputs: header.inputs, dtype: header.dtype, seed: header.seed ?? 0, ...(options.backend ? { backend: options.backend } : {}) });
  } catch (e) {
    if (isKenobiError(e) && e.code !== 'learn/bad-file') bad(`the layers cannot be built: ${e.message}`, e);
    throw e;
  }
  header.layers.forEach((l, i) => (layers[i]!.trainable = l.trainable !== false));
  const targets = [...model.params(), ...model.buffers()];
  if (targets.length !== header.tensors.length) bad(`header lists ${header.tensors.length} tensors, the architecture has ${targets.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  targets.forEach((t, k) => {
    const e = header.tensors[k]!;
    if (e.name !== t.name || e.length !== t.value.length) bad(`tensor ${k} is ${e.name} (${e.length}), expected ${t.name} (${t.value.length})`);
    const size = e.dtype === 'float64' ? 8 : 4;
    const start = header.blobStart + e.offset;
    for (let i = 0; i < e.length; i++) t.value[i] = size === 8 ? view.getFloat64(start + i * 8, true) : view.getFloat32(start + i * 4, true);
  });
  return { model, metadata: header.metadata ?? {} };
}
