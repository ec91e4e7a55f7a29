/**
 * A tiny model (y = Relu(x) on [1, 4]) used to check that a device can create and run a session at all.
 */
import { onnx } from '@kenobi/onnx';

/**
 * The probe model's bytes, an input and the exact output.
 *
 * @example
 * ```ts
 * const { model, input, expected } = probeModel(); // input [-1, 0, 2, -3] -> expected [0, 0, 2, 0]
 * ```
 */
export function probeModel(): { model: Uint8Array; input: Float32Array; dims: number[]; expected: Float32Array } {
  const proto = onnx.ModelProto.create({
    ir_version: 8,
    producer_name: 'kenobi-device-probe',
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: 'probe',
      node: [{ op_type: 'Relu', name: 'relu', input: ['x'], output: ['y'] }],
      input: [{ name: 'x', type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 1 }, { dim_value: 4 }] } } } }],
      output: [{ name: 'y', type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 1 }, { dim_value: 4 }] } } } }],
    },
  });
  return { model: onnx.ModelProto.encode(proto).finish(), input: Float32Array.of(-1, 0, 2, -3), dims: [1, 4], expected: Float32Array.of(0, 0, 2, 0) };
}
