/**
 * TensorProto makers for the builder. Values go into `raw_data`, little-endian as ONNX requires, whatever the
 * host's byte order.
 */
import { float32View, isStridedView } from '@kenobi/core';
import type { StridedView } from '@kenobi/core';
import { onnx } from '../../generated/onnx-proto.js';
import { GraphBuilderError } from './builder-error.js';

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The float32 values and dims of an array given with its dims, or of a strided view (a scijs array in Node,
 * transposed or sliced; `{ data, shape, stride?, offset? }`) read in C order, its shape being the dims (other
 * element types become float32). Throws `onnx/builder-shape` when the counts or shapes disagree.
 *
 * @example
 * ```ts
 * float32Values({ data: Float32Array.of(1, 2, 3, 4), shape: [2, 2], stride: [1, 2] }); // { data: [1, 3, 2, 4], dims: [2, 2] }
 * ```
 */
export function float32Values(data: Float32Array | StridedView, dims?: readonly number[]): { data: Float32Array; dims: readonly number[] } {
  if (data instanceof Float32Array) {
    const d = dims ?? [data.length];
    if (d.reduce((a, b) => a * b, 1) !== data.length) throw new GraphBuilderError('onnx/builder-shape', `${data.length} values do not fill dims [${d.join(', ')}]`);
    return { data, dims: d };
  }
  const view = float32View(data, dims);
  if (typeof view === 'string') throw new GraphBuilderError('onnx/builder-shape', isStridedView(data) ? view : 'tensor data must be a Float32Array or a strided view { data, shape, stride?, offset? }');
  return view;
}

/**
 * A float32 initializer tensor. On a little-endian host `raw_data` is a view of `data` (no copy). `data` may
 * be a strided view (a scijs array in Node, transposed or sliced), written in C order with its shape as dims.
 *
 * @example
 * ```ts
 * const t = float32Tensor('w', new Float32Array([1, 2, 3, 4]), [2, 2]);
 * t.raw_data!.length; // 16
 * float32Tensor('wT', ndarray(w, [64, 128]).transpose(1, 0)).dims; // [128, 64]
 * ```
 */
export function float32Tensor(name: string, values: Float32Array | StridedView, shape?: readonly number[]): onnx.TensorProto {
  const { data, dims } = float32Values(values, shape);
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
