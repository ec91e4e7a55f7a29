/**
 * Node-only: exact shapes of every tensor of a model for a given input shape, found by running it once on
 * zeros with onnxruntime-node (CPU) and every intermediate tensor exposed as an output.
 */
import * as ort from 'onnxruntime-node';
import { KenobiError } from '@kenobi/core';
import { decodeModel, encodeModel, exposeAllTensors, graphView, valueInfoDims, type ModelProto } from '@kenobi/onnx';
import { disableOrtTelemetryByDefault } from './ort-telemetry.node.js';

const ORT_TYPES: Readonly<Record<number, ort.Tensor.Type>> = Object.freeze({
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64',
});

/**
 * Runs `model` once on zeros (CPU) and returns the shape of every input and node output. `inputShape` is
 * the shape of the first input, or a map of shapes by input name; inputs with fully static shapes need none.
 *
 * @example
 * ```ts
 * const shapes = await probeTensorShapes(readFileSync('densenet121.onnx'), [1, 3, 224, 224]);
 * shapes['avg_pool']; // [1, 1024]
 * summary(model, { shapes }); // exact shapes in every row
 * ```
 */
export async function probeTensorShapes(
  model: Uint8Array | ModelProto,
  inputShape?: readonly number[] | Readonly<Record<string, readonly number[]>>,
): Promise<Record<string, number[]>> {
  const decoded = model instanceof Uint8Array ? decodeModel(model) : model;
  const view = graphView(decoded);
  const feeds: Record<string, ort.Tensor> = {};
  view.inputs.forEach((input, k) => {
    const name = input.name ?? '';
    const given = Array.isArray(inputShape) ? (k === 0 ? inputShape : undefined) : (inputShape as Record<string, readonly number[]> | undefined)?.[name];
    const dims = given ?? valueInfoDims(input);
    if (!dims || dims.some((d) => typeof d !== 'number')) {
      throw new KenobiError('runtime/probe-shape', `input '${name}' has shape [${(dims ?? ['?']).join(', ')}]; give a concrete input shape to probe tensor shapes`, { hint: 'e.g. --input-shape 1,3,224,224' });
    }
    const type = ORT_TYPES[input.type?.tensor_type?.elem_type ?? 1] ?? 'float32';
    const size = (dims as number[]).reduce((a, b) => a * b, 1);
    const data = type === 'int64' ? new BigInt64Array(size) : type === 'uint64' ? new BigUint64Array(size) : type === 'float16' ? new Uint16Array(size) : type === 'bool' ? new Uint8Array(size) : new (typedArrayFor(type))(size);
    feeds[name] = new ort.Tensor(type, data as never, dims as number[]);
  });
  disableOrtTelemetryByDefault();
  const session = await ort.InferenceSession.create(encodeModel(exposeAllTensors(decoded)), { executionProviders: ['cpu'], graphOptimizationLevel: 'disabled' });
  try {
    const results = await session.run(feeds);
    const shapes: Record<string, number[]> = {};
    for (const [name, t] of Object.entries(feeds)) shapes[name] = [...t.dims];
    for (const [name, t] of Object.entries(results)) {
      shapes[name] = [...t.dims];
      t.dispose();
    }
    return shapes;
  } finally {
    for (const t of Object.values(feeds)) t.dispose();
    await session.release();
  }
}

function typedArrayFor(type: ort.Tensor.Type): new (n: number) => ArrayLike<number> {
  switch (type) {
    case 'uint8': return Uint8Array;
    case 'int8': return Int8Array;
    case 'uint16': return Uint16Array;
    case 'int16': return Int16Array;
    case 'int32': return Int32Array;
    case 'uint32': return Uint32Array;
    case 'float64': return Float64Array;
    default: return Float32Array;
  }
}
