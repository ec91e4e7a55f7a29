/**
 * Decodes and encodes ONNX ModelProto bytes, and checks that what decoded is a model.
 *
 * NOTE: the codec is a protobufjs *static module* generated from the official onnx.proto (IR version 11
 * fields, see scripts/onnx-proto/generate.sh). We chose it over the npm packages that wrap onnx.proto
 * because those lag the IR (missing fields are silently dropped, which breaks a faithful round trip), and over
 * protobufjs reflection because the static module needs no `eval`/`new Function` at run time, so it works
 * under a strict Content-Security-Policy in the browser.
 */
import { onnx } from '../generated/onnx-proto.js';
import { OnnxError } from './onnx-error.js';
import { toSafeNumber } from './long-number.js';
import { tensorDataProblem } from './tensor-size.js';
import type { ModelProto, TensorProto } from './onnx-types.js';

/** Options for {@link decodeModel}. */
export interface DecodeOptions {
  /** What to call the bytes in error messages (a file path or a zoo id). Default 'model'. */
  readonly source?: string;
}

/**
 * Decodes ONNX model bytes and checks them: an empty file, cut-off bytes and a file that is not an ONNX model
 * each throw an {@link OnnxError} (`onnx/empty`, `onnx/truncated`, `onnx/not-onnx`, `onnx/invalid`) naming
 * the source.
 *
 * @example
 * ```ts
 * const model = decodeModel(bytes, { source: 'mnist-8.onnx' });
 * model.graph?.node?.length; // 12
 * ```
 */
export function decodeModel(bytes: Uint8Array, options: DecodeOptions = {}): onnx.ModelProto {
  const source = options.source ?? 'model';
  if (bytes.length === 0) {
    throw new OnnxError('onnx/empty', `${source}: the file is empty (0 bytes), not an ONNX model`, { hint: 'download it again or check the path' });
  }
  const kind = sniffNonOnnx(bytes);
  if (kind) {
    throw new OnnxError('onnx/not-onnx', `${source}: this is ${kind}, not an ONNX model`, { hint: 'pass a .onnx file (ModelProto)' });
  }
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    const message = (e as Error).message;
    if (/max depth exceeded/.test(message)) {
      throw new OnnxError('onnx/invalid', `${source}: messages are nested deeper than the decoder allows (${bytes.length} bytes; protobuf: ${message})`, { hint: 'subgraphs nested more than about 30 levels deep are refused', cause: e });
    }
    // A cut-off file runs out of bytes mid-field ("index out of range"); other failures mean bytes that were
    // never protobuf. A model starts with field 1 (ir_version, varint: byte 0x08).
    if (/index out of range/.test(message) || bytes[0] === 0x08) {
      throw new OnnxError('onnx/truncated', `${source}: the model is truncated or corrupt (${bytes.length} bytes; protobuf: ${message})`, { hint: 'the download or copy was probably cut short: fetch it again', cause: e });
    }
    throw new OnnxError('onnx/not-onnx', `${source}: not an ONNX model (protobuf: ${message})`, { cause: e });
  }
  validateModel(model, source, bytes.length);
  return model;
}

/**
 * Encodes a model to ONNX bytes.
 *
 * @example
 * ```ts
 * const bytes = encodeModel(cutAtTensor(model, 'avg_pool'));
 * writeFileSync('features.onnx', bytes);
 * ```
 */
export function encodeModel(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/**
 * Throws `onnx/not-onnx` or `onnx/invalid` unless the decoded message looks like a model: a sane IR version,
 * a graph with nodes that have op types, every node input defined somewhere, and initializers (and Constant
 * values) whose data are as long as their dims say.
 *
 * @example
 * ```ts
 * validateModel(model, 'my.onnx'); // returns quietly for a good model
 * ```
 */
export function validateModel(model: ModelProto, source = 'model', byteLength?: number): void {
  const ir = model.ir_version === null || model.ir_version === undefined ? 0 : toSafeNumber(model.ir_version, 'ir_version');
  const size = byteLength === undefined ? '' : ` (${byteLength} bytes)`;
  const graph = model.graph;
  const nodes = graph?.node ?? [];
  if (ir < 1 || ir > 64 || !graph || nodes.length === 0) {
    const what = ir < 1 || ir > 64 ? `no valid ir_version (got ${ir})` : !graph ? 'no graph' : 'a graph without nodes';
    // Valid protobuf prefixes of a real model decode "successfully" with later fields missing.
    const code = ir >= 1 && ir <= 64 ? 'onnx/truncated' : 'onnx/not-onnx';
    throw new OnnxError(code, `${source}: not a usable ONNX model${size}: it has ${what}`, {
      hint: code === 'onnx/truncated' ? 'the file may be cut short: fetch it again' : 'pass a .onnx file (ModelProto)',
    });
  }
  const defined = new Set<string>(['']);
  for (const i of graph.input ?? []) defined.add(i.name ?? '');
  for (const t of graph.initializer ?? []) defined.add(t.name ?? '');
  for (const t of graph.sparse_initializer ?? []) defined.add(t.values?.name ?? '');
  for (const n of nodes) for (const o of n.output ?? []) defined.add(o);
  for (const n of nodes) {
    if (!n.op_type) throw new OnnxError('onnx/invalid', `${source}: node '${n.name ?? ''}' has no op_type${size}`);
    for (const i of n.input ?? []) {
      if (!defined.has(i)) {
        throw new OnnxError('onnx/invalid', `${source}: node '${n.name || n.op_type}' reads tensor '${i}', which no node, input or initializer defines${size}`, { hint: 'the file may be truncated or corrupt' });
      }
    }
  }
  for (const o of graph.output ?? []) {
    if (!defined.has(o.name ?? '')) throw new OnnxError('onnx/invalid', `${source}: graph output '${o.name}' is never produced${size}`);
  }
  // NOTE: data as long as the dims claim, checked on lengths only, so that nothing later (param counts, shape
  // inference, tensorToTypedArray) trusts dims that the bytes do not back (found by the fuzzer: a 10-byte
  // tensor claiming 10^12 elements counted as 10^12 params).
  const constants = nodes.filter((n) => n.op_type === 'Constant').flatMap((n) => (n.attribute ?? []).map((a) => a.t).filter((t): t is TensorProto => !!t));
  for (const [what, list] of [['initializer', graph.initializer ?? []], ['Constant value', constants]] as const) {
    for (const t of list) {
      const problem = tensorDataProblem(t);
      if (problem) throw new OnnxError('onnx/invalid', `${source}: ${what} '${t.name ?? ''}' does not match its dims: ${problem}${size}`, { hint: 'the file may be truncated or corrupt' });
    }
  }
}

/** Recognises common non-ONNX files by their first bytes, to name them in the error. */
function sniffNonOnnx(b: Uint8Array): string | undefined {
  const starts = (...sig: number[]): boolean => sig.every((v, i) => b[i] === v);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'a PNG image';
  if (starts(0xff, 0xd8, 0xff)) return 'a JPEG image';
  if (starts(0x1f, 0x8b)) return 'a gzip file (decompress it first)';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a zip archive';
  if (starts(0x53, 0x49, 0x4d, 0x50, 0x4c, 0x45)) return 'a FITS file';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'a GIF image';
  if (starts(0x3c)) return 'an HTML/XML text file';
  if (starts(0x7b) || starts(0x5b)) return 'a JSON text file';
  if (starts(0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x20, 0x68, 0x74, 0x74, 0x70)) return 'a Git LFS pointer (the real file was never fetched)';
  const head = b.subarray(0, Math.min(b.length, 512));
  if (head.every((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127))) return 'a text file';
  return undefined;
}
