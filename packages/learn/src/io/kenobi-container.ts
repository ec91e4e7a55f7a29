/**
 * The byte layout shared by `.kenobi` image models and training checkpoints (the same as `.kenobi` heads):
 * 4 magic bytes, uint32 version, uint32 header length H, H bytes of UTF-8 JSON, zero padding to a multiple
 * of 8, then a blob of little-endian float32 tensors at the offsets the header lists.
 */
import { LearnError } from '../learn-error.js';

/** One float32 tensor entry of a container header. */
export interface ContainerTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
  /** Byte offset inside the blob. */
  readonly offset: number;
  readonly length: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Encodes `header` (plus a `tensors` list it computes) and the float32 arrays.
 *
 * @example
 * ```ts
 * const bytes = encodeContainer('KNBC', 1, { format: 'kenobi-checkpoint' }, [{ name: 'w', shape: [2], value: Float32Array.of(1, 2) }]);
 * ```
 */
export function encodeContainer(
  magic: string,
  version: number,
  header: Readonly<Record<string, unknown>>,
  arrays: readonly { readonly name: string; readonly shape: readonly number[]; readonly value: ArrayLike<number> }[],
): Uint8Array {
  let offset = 0;
  const tensors: ContainerTensor[] = arrays.map((a) => {
    const e: ContainerTensor = { name: a.name, shape: [...a.shape], dtype: 'float32', offset, length: a.value.length };
    offset += a.value.length * 4;
    return e;
  });
  const json = new TextEncoder().encode(JSON.stringify({ ...header, tensors }));
  const blobStart = Math.ceil((12 + json.length) / 8) * 8;
  const out = new Uint8Array(blobStart + offset);
  out.set([...magic].map((ch) => ch.charCodeAt(0)), 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, version, true);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  arrays.forEach((a, t) => {
    const start = blobStart + tensors[t]!.offset;
    if (LITTLE_ENDIAN) new Float32Array(out.buffer, start, a.value.length).set(a.value);
    else for (let i = 0; i < a.value.length; i++) view.setFloat32(start + 4 * i, a.value[i]!, true);
  });
  return out;
}

/** A decoded container: its version, JSON header and tensors by name (copies). */
export interface DecodedContainer<H> {
  readonly version: number;
  readonly header: H & { readonly tensors: readonly ContainerTensor[] };
  readonly tensors: ReadonlyMap<string, Float32Array>;
}

/**
 * Decodes container bytes; `learn/bad-file` for a wrong magic, a newer version, bad JSON or a truncated blob.
 *
 * @example
 * ```ts
 * const { header, tensors } = decodeContainer<{ format: string }>(bytes, 'KNBC', 1, 'checkpoint');
 * ```
 */
export function decodeContainer<H>(bytes: Uint8Array, magic: string, maxVersion: number, what: string): DecodedContainer<H> {
  const bad = (message: string): never => {
    throw new LearnError('learn/bad-file', `${what}: ${message}`, { hint: `the file is not a ${what} or is truncated` });
  };
  if (bytes.length < 12 || [...magic].some((ch, i) => bytes[i] !== ch.charCodeAt(0))) bad(`missing the ${magic} magic bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version < 1 || version > maxVersion) {
    throw new LearnError('learn/bad-file', `${what} format version ${version} is newer than this build reads (${maxVersion})`, { hint: 'upgrade @kenobi/learn' });
  }
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) bad(`header of ${length} bytes runs past the end (${bytes.length} bytes)`);
  let header: H & { tensors: ContainerTensor[] };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as H & { tensors: ContainerTensor[] };
  } catch (cause) {
    throw new LearnError('learn/bad-file', `${what}: the header is not valid JSON`, { cause });
  }
  if (!Array.isArray(header?.tensors)) bad('the header lists no tensors');
  const blobStart = Math.ceil((12 + length) / 8) * 8;
  const tensors = new Map<string, Float32Array>();
  for (const e of header.tensors) {
    const start = blobStart + e.offset;
    if (!(Number.isInteger(e.length) && e.length >= 0) || start + e.length * 4 > bytes.length) bad(`tensor ${e.name} runs past the end of the file`);
    const out = new Float32Array(e.length);
    const at = bytes.byteOffset + start;
    if (LITTLE_ENDIAN && at % 4 === 0) out.set(new Float32Array(bytes.buffer, at, e.length));
    else for (let i = 0; i < e.length; i++) out[i] = view.getFloat32(start + 4 * i, true);
    tensors.set(e.name, out);
  }
  return { version, header, tensors };
}
