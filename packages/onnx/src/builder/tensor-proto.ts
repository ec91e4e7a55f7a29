/**
 * TensorProto makers for the builder. Values go into `raw_data`, little-endian as ONNX requires, whatever the
 * host's byte order.
 */
import { onnx } from '../../generated/onnx-proto.js';

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A float32 initializer tensor. On a little-endian host `raw_data` is a view of `data` (no copy).
 *
 * @example
 * ```ts
 * const t = float32Tensor('w', new Float32Array([1, 2, 3, 4]), [2, 2]);
 * t.raw_data!.length; // 16
 * ```
 */
export function float32Tensor(name: string, data: Float32Array, dims: readonly number[]): onnx.TensorProto {
  let raw: Uint8Array;
  if (HOST_IS_LITTLE_ENDIAN) {
    raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } else {
    raw = new Uint8Array(data.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  }
  return onnx.TensorProto.create({ name, dims: [...dims], data_type: onnx.TensorProto.DataType.FLOAT, raw_data: raw });
}

/**
 * An int64 initializer tensor (shapes, axes, pads).
 *
 * @example
 * ```ts
 * int64Tensor('shape', [-1, 120], [2]).raw_data!.length; // 16
 * ```
 */
export function int64Tensor(name: string, values: readonly (number | bigint)[], dims: readonly number[]): onnx.TensorProto {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return onnx.TensorProto.create({ name, dims: [...dims], data_type: onnx.TensorProto.DataType.INT64, raw_data: raw });
}

/**
 * A bool initializer tensor (one byte per element).
 *
 * @example
 * ```ts
 * boolTensor('training_mode', [true], []).raw_data; // Uint8Array [1]
 * ```
 */
export function boolTensor(name: string, values: readonly boolean[], dims: readonly number[]): onnx.TensorProto {
  const raw = Uint8Array.from(values, (v) => (v ? 1 : 0));
  return onnx.TensorProto.create({ name, dims: [...dims], data_type: onnx.TensorProto.DataType.BOOL, raw_data: raw });
}

/**
 * A float32 tensor that records only its dims (no data): the builder's "shapes only" mode, for counting
 * parameters of very large models without allocating them. Such a model cannot be run.
 *
 * @example
 * ```ts
 * shapeOnlyFloat32Tensor('fc.weight', [4096, 25088]).raw_data!.length; // 0
 * ```
 */
export function shapeOnlyFloat32Tensor(name: string, dims: readonly number[]): onnx.TensorProto {
  return onnx.TensorProto.create({ name, dims: [...dims], data_type: onnx.TensorProto.DataType.FLOAT, raw_data: new Uint8Array(0) });
}
