/**
 * Whether a tensor's data are as long as its dims say: the check that lets every later step trust dims
 * (param counts, shape inference, reading values) without reading or allocating anything first.
 */
import { onnx } from '../generated/onnx-proto.js';
import { toSafeNumber } from './long-number.js';
import type { TensorProto } from './onnx-types.js';

const DT = onnx.TensorProto.DataType;

/** Bytes per element in raw_data, by TensorProto.DataType (0.5 for the packed 4-bit types; undefined: no fixed width). */
const RAW_WIDTH: Readonly<Record<number, number>> = Object.freeze({
  [DT.FLOAT]: 4, [DT.UINT8]: 1, [DT.INT8]: 1, [DT.UINT16]: 2, [DT.INT16]: 2, [DT.INT32]: 4, [DT.INT64]: 8,
  [DT.BOOL]: 1, [DT.FLOAT16]: 2, [DT.DOUBLE]: 8, [DT.UINT32]: 4, [DT.UINT64]: 8, [DT.COMPLEX64]: 8,
  [DT.COMPLEX128]: 16, [DT.BFLOAT16]: 2, 17: 1, 18: 1, 19: 1, 20: 1, 21: 0.5, 22: 0.5, 23: 0.5,
});

/**
 * The number of elements the dims of `t` claim, or a sentence saying why they are not a count (a negative
 * dim, a product beyond 2^53). Throws `onnx/unsafe-integer` for a dim beyond ±2^53.
 *
 * @example
 * ```ts
 * claimedElements({ name: 'w', dims: [64, 3, 7, 7] }); // 9408
 * claimedElements({ name: 'w', dims: [-1, 3] });      // "dim -1 is negative"
 * ```
 */
export function claimedElements(t: TensorProto): number | string {
  let n = 1;
  for (const d of t.dims ?? []) {
    const v = toSafeNumber(d, `a dim of tensor '${t.name}'`);
    if (v < 0) return `dim ${v} is negative`;
    n *= v;
  }
  return Number.isSafeInteger(n) ? n : `its dims [${(t.dims ?? []).join(', ')}] hold more than 2^53 elements`;
}

/**
 * Why the data of `t` do not match its dims (undefined when they do, for data stored elsewhere and for
 * element types without a fixed size, such as strings). Reads lengths only.
 *
 * @example
 * ```ts
 * tensorDataProblem({ name: 'w', data_type: 1, dims: [1e6, 1e6], raw_data: new Uint8Array(10) });
 * // "10 bytes of raw_data, its dims [1000000, 1000000] need 4000000000000"
 * ```
 */
export function tensorDataProblem(t: TensorProto): string | undefined {
  if (t.data_location === onnx.TensorProto.DataLocation.EXTERNAL) return undefined;
  const n = claimedElements(t);
  if (typeof n === 'string') return n;
  const type = t.data_type ?? 0;
  const width = RAW_WIDTH[type];
  if (width === undefined) return undefined;
  const dims = `[${(t.dims ?? []).join(', ')}]`;
  if (t.raw_data && t.raw_data.length > 0) {
    const need = Math.ceil(n * width);
    return t.raw_data.length === need ? undefined : `${t.raw_data.length} bytes of raw_data, its dims ${dims} need ${need}`;
  }
  const typed = typedValues(t, type);
  if (typed === undefined) return undefined;
  return typed.count === typed.need(n) ? undefined : `${typed.count} values in ${typed.field}, its dims ${dims} need ${typed.need(n)}`;
}

/** Where the typed (non-raw) values of a type live, and how many that field must hold for n elements. */
function typedValues(t: TensorProto, type: number): { field: string; count: number; need: (n: number) => number } | undefined {
  const one = (n: number): number => n;
  switch (type) {
    case DT.FLOAT: return { field: 'float_data', count: t.float_data?.length ?? 0, need: one };
    case DT.COMPLEX64: return { field: 'float_data', count: t.float_data?.length ?? 0, need: (n) => 2 * n };
    case DT.DOUBLE: return { field: 'double_data', count: t.double_data?.length ?? 0, need: one };
    case DT.COMPLEX128: return { field: 'double_data', count: t.double_data?.length ?? 0, need: (n) => 2 * n };
    case DT.INT64: return { field: 'int64_data', count: t.int64_data?.length ?? 0, need: one };
    case DT.UINT32: case DT.UINT64: return { field: 'uint64_data', count: t.uint64_data?.length ?? 0, need: one };
    case DT.INT32: case DT.INT16: case DT.INT8: case DT.UINT16: case DT.UINT8: case DT.BOOL: case DT.FLOAT16: case DT.BFLOAT16:
      return { field: 'int32_data', count: t.int32_data?.length ?? 0, need: one };
    default: return undefined; // float8 and 4-bit types: packing in int32_data varies by IR version
  }
}
