/**
 * A model that takes 8-bit pixels: a new first input, uint8 [N, H, W, 3] (fitted RGB pixels as decoded,
 * interleaved), turned by the first nodes into the model's own float32 NCHW input with the arithmetic of
 * `@kenobi/imaging`'s `toModelInput`: Cast, Div(255) for scale '0-1', Sub(mean), Div(std), each a float32
 * step, so the model sees the same float32s. Feature extraction feeds it (`@kenobi/features`' pixel input):
 * a quarter of the bytes to write beside inference. Pure.
 */
import { onnx } from '../generated/onnx-proto.js';
import { OnnxError } from './onnx-error.js';
import { toLong } from './long-number.js';
import type { ModelProto, NodeProto, TensorProto } from './onnx-types.js';

const DT = onnx.TensorProto.DataType;

/** The name of the uint8 input {@link pixelInputModel} adds. @example `PIXEL_INPUT; // 'kenobi_pixels'` */
export const PIXEL_INPUT = 'kenobi_pixels';

/**
 * The scaling a pixel-input model applies (the matching fields of a preprocessing config).
 *
 * @example
 * ```ts
 * const s: PixelScaling = { scale: '0-1', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB' };
 * ```
 */
export interface PixelScaling {
  readonly scale: '0-1' | '0-255';
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly channelOrder: 'RGB' | 'BGR';
}

/**
 * `model` with its float32 NCHW image input replaced by {@link PIXEL_INPUT}, uint8 [N, H, W, 3].
 * Errors: `onnx/input-size` when the model has not exactly one graph input of shape [N, 3, H, W].
 *
 * @example
 * ```ts
 * const px = pixelInputModel(decodeModel(cutBytes), { scale: '0-1', mean, std, channelOrder: 'RGB' });
 * await session.run({ kenobi_pixels: { data: uint8Batch, dims: [16, 224, 224, 3] } });
 * ```
 */
export function pixelInputModel(model: ModelProto, s: PixelScaling): ModelProto {
  const graph = model.graph ?? {};
  const init = new Set((graph.initializer ?? []).map((t) => t.name));
  const inputs = (graph.input ?? []).filter((i) => !init.has(i.name ?? ''));
  const input = inputs[0];
  const dims = input?.type?.tensor_type?.shape?.dim ?? [];
  const c = dims[1]?.dim_value;
  if (inputs.length !== 1 || dims.length !== 4 || Number(c) !== 3 || s.mean.length !== 3 || s.std.length !== 3) {
    throw new OnnxError('onnx/input-size', `pixel input needs one [N, 3, H, W] image input and 3 means and stds; the model has ${inputs.length} input(s)${dims.length ? ` of rank ${dims.length}` : ''}`);
  }
  const name = input!.name!;
  const t = (n: string, values: readonly number[], shape: readonly number[]): TensorProto =>
    ({ name: `kenobi_px_${n}`, data_type: DT.FLOAT, dims: shape.map((d) => toLong(d)), raw_data: new Uint8Array(Float32Array.from(values).buffer) });
  const nodes: NodeProto[] = [];
  const initializers: TensorProto[] = [];
  let x = PIXEL_INPUT;
  const add = (op: string, inputsOf: string[], attribute: NodeProto['attribute'] = [], out = `kenobi_px_${nodes.length}`): string => {
    nodes.push({ name: `kenobi_px_${op.toLowerCase()}_${nodes.length}`, op_type: op, input: inputsOf, output: [out], attribute });
    return out;
  };
  x = add('Transpose', [x], [{ name: 'perm', type: 7, ints: [0, 3, 1, 2].map((v) => toLong(v)) }]);
  x = add('Cast', [x], [{ name: 'to', type: 2, i: toLong(DT.FLOAT) }]);
  if (s.scale === '0-1') {
    initializers.push(t('255', [255], []));
    x = add('Div', [x, 'kenobi_px_255']);
  }
  if (s.channelOrder === 'BGR') {
    initializers.push({ name: 'kenobi_px_bgr', data_type: DT.INT64, dims: [toLong(3)], raw_data: new Uint8Array(BigInt64Array.from([2n, 1n, 0n]).buffer) });
    x = add('Gather', [x, 'kenobi_px_bgr'], [{ name: 'axis', type: 2, i: toLong(1) }]);
  }
  initializers.push(t('mean', s.mean, [1, 3, 1, 1]), t('std', s.std, [1, 3, 1, 1]));
  x = add('Sub', [x, 'kenobi_px_mean']);
  add('Div', [x, 'kenobi_px_std'], [], name);
  const pixels = {
    name: PIXEL_INPUT,
    type: { tensor_type: { elem_type: DT.UINT8, shape: { dim: [dims[0]!, dims[2]!, dims[3]!, { dim_value: toLong(3) }] } } },
  };
  return {
    ...model,
    graph: {
      ...graph,
      input: [pixels, ...(graph.input ?? []).filter((i) => i !== input)],
      node: [...nodes, ...(graph.node ?? [])],
      initializer: [...(graph.initializer ?? []), ...initializers],
    },
  };
}
