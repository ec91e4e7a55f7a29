/**
 * Node-only: reads and writes ONNX files, and pulls tensors stored in external data files
 * (`data_location = EXTERNAL`) into the model so ONNX Runtime can run it from bytes.
 */
import { readFileSync, writeFileSync, openSync, readSync, closeSync, fstatSync, existsSync } from 'node:fs';
import { dirname, resolve, isAbsolute, relative } from 'node:path';
import { onnx } from '../generated/onnx-proto.js';
import { decodeModel, encodeModel } from './model-codec.js';
import { OnnxError } from './onnx-error.js';
import type { GraphProto, ModelProto, TensorProto } from './onnx-types.js';
import { tensorElementCount } from './tensor-data.js';

/** Options for {@link loadModelFile}. */
export interface LoadModelOptions {
  /** Read external data files into the tensors (default true). */
  readonly inlineExternal?: boolean;
}

/**
 * Reads and decodes an ONNX file; tensors kept in external data files are read (relative to the model's
 * folder) and inlined, so `encodeModel` gives bytes ORT can run. Errors name the file.
 *
 * @example
 * ```ts
 * const model = loadModelFile('../shared/models/mnist-8.onnx');
 * summary(model).totalParams; // 5,994
 * ```
 */
export function loadModelFile(path: string, options: LoadModelOptions = {}): onnx.ModelProto {
  if (!existsSync(path)) throw new OnnxError('onnx/invalid', `${path}: no such file`);
  const model = decodeModel(readFileSync(path), { source: path });
  if (options.inlineExternal ?? true) inlineExternalData(model, dirname(resolve(path)), path);
  return model;
}

/**
 * Writes a model to an .onnx file (external data already inlined).
 *
 * @example
 * ```ts
 * saveModelFile('features.onnx', cutAtTensor(model, 'avg_pool'));
 * ```
 */
export function saveModelFile(path: string, model: ModelProto): void {
  writeFileSync(path, encodeModel(model));
}

/**
 * Reads every external tensor of `model` (initializers, Constant values, subgraphs) from files under
 * `baseDir` and stores the bytes in raw_data, in place. Returns the number of tensors read.
 *
 * @example
 * ```ts
 * const model = decodeModel(readFileSync('big/model.onnx'));
 * inlineExternalData(model, 'big'); // e.g. 130 tensors read from big/model.onnx.data
 * ```
 */
export function inlineExternalData(model: ModelProto, baseDir: string, source = 'model'): number {
  let count = 0;
  const files = new Map<string, number>();
  try {
    for (const t of externalTensors(model.graph)) {
      readExternal(t, baseDir, source, files);
      count++;
    }
  } finally {
    for (const fd of files.values()) closeSync(fd);
  }
  return count;
}

function* externalTensors(graph: GraphProto | null | undefined): Generator<TensorProto> {
  if (!graph) return;
  for (const t of graph.initializer ?? []) if (t.data_location === onnx.TensorProto.DataLocation.EXTERNAL) yield t;
  for (const s of graph.sparse_initializer ?? []) {
    for (const t of [s.values, s.indices]) if (t && t.data_location === onnx.TensorProto.DataLocation.EXTERNAL) yield t;
  }
  for (const n of graph.node ?? []) {
    for (const a of n.attribute ?? []) {
      if (a.t && a.t.data_location === onnx.TensorProto.DataLocation.EXTERNAL) yield a.t;
      for (const t of a.tensors ?? []) if (t.data_location === onnx.TensorProto.DataLocation.EXTERNAL) yield t;
      if (a.g) yield* externalTensors(a.g);
      for (const g of a.graphs ?? []) yield* externalTensors(g);
    }
  }
}

const BYTES_PER: Readonly<Record<number, number>> = Object.freeze({ 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2 });

function readExternal(t: TensorProto, baseDir: string, source: string, files: Map<string, number>): void {
  const entries = new Map((t.external_data ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = entries.get('location');
  if (!location) throw new OnnxError('onnx/external-data', `${source}: tensor '${t.name}' is marked external but has no location`);
  const path = resolve(baseDir, location);
  const rel = relative(baseDir, path);
  if (isAbsolute(location) || rel.startsWith('..')) {
    throw new OnnxError('onnx/external-data', `${source}: tensor '${t.name}' points outside the model's folder (${location})`);
  }
  let fd = files.get(path);
  if (fd === undefined) {
    if (!existsSync(path)) throw new OnnxError('onnx/external-data', `${source}: tensor '${t.name}' needs external data file ${path}, which is missing`, { hint: 'keep the .data file beside the .onnx file' });
    fd = openSync(path, 'r');
    files.set(path, fd);
  }
  const fileSize = fstatSync(fd).size;
  const offset = Number(entries.get('offset') ?? '0');
  const per = BYTES_PER[t.data_type ?? 0];
  const length = entries.has('length') ? Number(entries.get('length')) : per !== undefined ? tensorElementCount(t) * per : fileSize - offset;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > fileSize) {
    throw new OnnxError('onnx/external-data', `${source}: tensor '${t.name}' wants bytes ${offset}..${offset + length} of ${location}, which has ${fileSize} bytes`);
  }
  const bytes = new Uint8Array(length);
  readSync(fd, bytes, 0, length, offset);
  t.raw_data = bytes;
  t.external_data = [];
  t.data_location = onnx.TensorProto.DataLocation.DEFAULT;
}
