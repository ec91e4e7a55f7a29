/**
 * The element types the builder writes, as a frozen string union, and their ONNX `TensorProto.DataType` codes.
 */
import { onnx } from '../../generated/onnx-proto.js';

/**
 * Element types the builder can declare for inputs, outputs and initializers.
 *
 * @example
 * ```ts
 * TENSOR_DTYPES.includes('int64'); // true
 * ```
 */
export const TENSOR_DTYPES = Object.freeze(['float32', 'float16', 'float64', 'int8', 'uint8', 'int32', 'int64', 'bool'] as const);

/**
 * One of {@link TENSOR_DTYPES}.
 *
 * @example
 * ```ts
 * b.input('mask', 'bool' satisfies TensorDtype, ['N', 10]);
 * ```
 */
export type TensorDtype = (typeof TENSOR_DTYPES)[number];

const CODES: Readonly<Record<TensorDtype, onnx.TensorProto.DataType>> = Object.freeze({
  float32: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  float64: onnx.TensorProto.DataType.DOUBLE,
  int8: onnx.TensorProto.DataType.INT8,
  uint8: onnx.TensorProto.DataType.UINT8,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
});

/**
 * The ONNX `TensorProto.DataType` code of a builder dtype.
 *
 * @example
 * ```ts
 * onnxDataType('float32'); // 1 (FLOAT)
 * onnxDataType('int64');   // 7 (INT64)
 * ```
 */
export function onnxDataType(dtype: TensorDtype): onnx.TensorProto.DataType {
  return CODES[dtype];
}
