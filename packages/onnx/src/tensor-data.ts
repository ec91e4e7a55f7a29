/**
 * Reads the numbers inside a TensorProto (raw_data little-endian bytes or the typed repeated fields), and
 * names ONNX element types.
 */
import { onnx } from '../generated/onnx-proto.js';
import { OnnxError } from './onnx-error.js';
import { toBigInt, toLong, toSafeNumber } from './long-number.js';
import { tensorDataProblem } from './tensor-size.js';
import type { TensorProto } from './onnx-types.js';

const DT = onnx.TensorProto.DataType;

/** ONNX element type names, indexed by TensorProto.DataType. */
export const ONNX_DTYPE_NAMES = Object.freeze([
  'undefined', 'float32', 'uint8', 'int8', 'uint16', 'int16', 'int32', 'int64', 'string', 'bool', 'float16',
  'float64', 'uint32', 'uint64', 'complex64', 'complex128', 'bfloat16', 'float8e4m3fn', 'float8e4m3fnuz',
  'float8e5m2', 'float8e5m2fnuz', 'uint4', 'int4', 'float4e2m1',
] as const);

/** One ONNX element type name. */
export type OnnxDtypeName = (typeof ONNX_DTYPE_NAMES)[number];

/**
 * The name of an ONNX element type code.
 *
 * @example
 * ```ts
 * dtypeName(1); // 'float32'
 * ```
 */
export function dtypeName(code: number | null | undefined): OnnxDtypeName {
  return ONNX_DTYPE_NAMES[code ?? 0] ?? 'undefined';
}

/**
 * True for floating-point element types (float32/64, float16, bfloat16 and the float8/float4 types).
 *
 * @example
 * ```ts
 * isFloatDtype(1); // true (float32)
 * isFloatDtype(7); // false (int64)
 * ```
 */
export function isFloatDtype(code: number | null | undefined): boolean {
  return code === DT.FLOAT || code === DT.DOUBLE || code === DT.FLOAT16 || code === DT.BFLOAT16 || (code !== null && code !== undefined && code >= 17 && code <= 20) || code === 23;
}

/**
 * The dims of a tensor as numbers.
 *
 * @example
 * ```ts
 * tensorDims(convWeight); // [64, 3, 7, 7]
 * ```
 */
export function tensorDims(t: TensorProto): number[] {
  return (t.dims ?? []).map((d) => toSafeNumber(d, `a dim of tensor '${t.name}'`));
}

/**
 * The number of elements of a tensor (1 for a scalar).
 *
 * @example
 * ```ts
 * tensorElementCount(convWeight); // 9408 for [64, 3, 7, 7]
 * ```
 */
export function tensorElementCount(t: TensorProto): number {
  return tensorDims(t).reduce((a, b) => a * b, 1);
}

/** What {@link tensorToTypedArray} returns. float16 and bfloat16 come back widened to Float32Array. */
export type TensorValues = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

/**
 * The values of a tensor as a typed array: float32, float64, int8, uint8, int16, uint16, int32, uint32,
 * int64 (BigInt64Array), uint64, bool (Uint8Array), float16 and bfloat16 (widened to Float32Array).
 * Reads raw_data (little-endian) or the typed fields. Tensors still in external files must be inlined first
 * (`loadModelFile` does it).
 *
 * @example
 * ```ts
 * const w = tensorToTypedArray(initializer); // Float32Array(9408) for a float [64,3,7,7] Conv weight
 * ```
 */
export function tensorToTypedArray(t: TensorProto): TensorValues {
  if (t.data_location === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new OnnxError('onnx/external-data', `tensor '${t.name}' is stored in an external file; load the model with loadModelFile (or inlineExternalData) first`);
  }
  const problem = tensorDataProblem(t);
  if (problem) throw new OnnxError('onnx/invalid', `tensor '${t.name}' does not match its dims: ${problem}`);
  const n = tensorElementCount(t);
  const type = t.data_type ?? 0;
  const raw = t.raw_data && t.raw_data.length > 0 ? t.raw_data : undefined;
  // NOTE: ONNX raw_data is little-endian; every platform ORT ships on is little-endian, so a typed view of an
  // aligned copy is exact. The copy is needed because raw_data usually sits at an odd offset in the file.
  const rawBuffer = (bytesPer: number): ArrayBuffer => {
    if (raw!.length !== n * bytesPer) {
      throw new OnnxError('onnx/invalid', `tensor '${t.name}' has ${raw!.length} bytes of raw_data, expected ${n * bytesPer} for ${n} ${dtypeName(type)} values`);
    }
    const copy = new Uint8Array(raw!.length); // not raw.slice(): a Node Buffer's slice shares memory
    copy.set(raw!);
    return copy.buffer;
  };
  switch (type) {
    case DT.FLOAT: return raw ? new Float32Array(rawBuffer(4)) : Float32Array.from(t.float_data ?? []);
    case DT.DOUBLE: return raw ? new Float64Array(rawBuffer(8)) : Float64Array.from(t.double_data ?? []);
    case DT.INT8: return raw ? new Int8Array(rawBuffer(1)) : Int8Array.from(t.int32_data ?? []);
    case DT.UINT8: case DT.BOOL: return raw ? new Uint8Array(rawBuffer(1)) : Uint8Array.from(t.int32_data ?? []);
    case DT.INT16: return raw ? new Int16Array(rawBuffer(2)) : Int16Array.from(t.int32_data ?? []);
    case DT.UINT16: return raw ? new Uint16Array(rawBuffer(2)) : Uint16Array.from(t.int32_data ?? []);
    case DT.INT32: return raw ? new Int32Array(rawBuffer(4)) : Int32Array.from(t.int32_data ?? []);
    case DT.UINT32: return raw ? new Uint32Array(rawBuffer(4)) : Uint32Array.from((t.uint64_data ?? []).map((v) => toSafeNumber(v)));
    case DT.INT64: return raw ? new BigInt64Array(rawBuffer(8)) : BigInt64Array.from((t.int64_data ?? []).map(toBigInt));
    case DT.UINT64: return raw ? new BigUint64Array(rawBuffer(8)) : BigUint64Array.from((t.uint64_data ?? []).map(toBigInt));
    case DT.FLOAT16: {
      const bits = raw ? new Uint16Array(rawBuffer(2)) : Uint16Array.from(t.int32_data ?? []);
      return Float32Array.from(bits, halfToFloat);
    }
    case DT.BFLOAT16: {
      const bits = raw ? new Uint16Array(rawBuffer(2)) : Uint16Array.from(t.int32_data ?? []);
      const out = new Float32Array(bits.length);
      new Uint32Array(out.buffer).set(Array.from(bits, (b) => b << 16));
      return out;
    }
    default:
      throw new OnnxError('onnx/unsupported-dtype', `tensor '${t.name}' has element type ${dtypeName(type)}, which tensorToTypedArray does not read`);
  }
}

/**
 * A tensor's values with its dims, `{ data, dims }` (C order), as `@kenobi/runtime` passes tensors around; in
 * Node `asNdarray(tensorArray(t))` (`@kenobi/onnx/node`) is a scijs array over them.
 *
 * @example
 * ```ts
 * tensorArray(convWeight); // { data: Float32Array(9408), dims: [64, 3, 7, 7] }
 * ```
 */
export function tensorArray(t: TensorProto): { data: TensorValues; dims: number[] } {
  return { data: tensorToTypedArray(t), dims: tensorDims(t) };
}

/**
 * The values of an integer tensor (int64/int32/...) as plain numbers, e.g. a Reshape shape.
 *
 * @example
 * ```ts
 * tensorToNumbers(reshapeShape); // [1, 256]
 * ```
 */
export function tensorToNumbers(t: TensorProto): number[] {
  const v = tensorToTypedArray(t);
  return Array.from(v as ArrayLike<number | bigint>, (x) => {
    const n = Number(x);
    if (typeof x === 'bigint' && BigInt(n) !== x) throw new OnnxError('onnx/unsafe-integer', `tensor '${t.name}' holds ${x}, beyond JavaScript's exact integers`);
    return n;
  });
}

/**
 * A 1-D int64 tensor holding `values` (raw_data, little-endian), e.g. a Reshape shape.
 *
 * @example
 * ```ts
 * int64Tensor('shape', [0, -1]); // dims [2], data_type INT64
 * ```
 */
export function int64Tensor(name: string, values: readonly number[], dims: readonly number[] = [values.length]): TensorProto {
  const data = BigInt64Array.from(values, (v) => BigInt(v));
  return { name, data_type: DT.INT64, dims: dims.map((d) => toLong(d)), raw_data: new Uint8Array(data.buffer) };
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}
