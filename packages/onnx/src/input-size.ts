/**
 * `withInputSize`: a copy of an image model whose input takes another height and width (e.g. a CIFAR ResNet
 * made for 32×32 run on 64×64 cutouts). Fully convolutional networks ending in pooling accept any size; the
 * ONNX file just declares the size it was exported with, and ONNX Runtime refuses other sizes.
 */
import { graphView } from './graph-view.js';
import { OnnxError } from './onnx-error.js';
import { inferStaticShapes, valueInfoDims } from './static-shapes.js';
import type { ModelProto, ValueInfoProto } from './onnx-types.js';

/**
 * A copy of `model` whose one image input ([batch, channels, H, W]) declares `size` = [H, W]; the declared
 * shapes of intermediate tensors (value_info) are dropped and the outputs' dimensions left open, since
 * they change with the size (ONNX Runtime infers them again). The model comes back unchanged when it already
 * takes that size or declares H and W symbolic. Throws `onnx/input-size` when the model has no such input or
 * cannot take the size: shape inference fails (a Reshape that hard-codes the spatial size, a pooling window
 * larger than its input, ...), naming the cause.
 *
 * @example
 * ```ts
 * const r64 = withInputSize(loadModelFile('cifar10-resnet20.onnx'), [64, 64]); // input [N, 3, 64, 64]
 * ```
 */
export function withInputSize(model: ModelProto, size: readonly [number, number]): ModelProto {
  const view = graphView(model);
  if (!size.every((v) => Number.isInteger(v) && v > 0)) throw new OnnxError('onnx/input-size', `an input size must be two positive integers, got ${size.join('×')}`);
  const images = view.inputs.filter((i) => (valueInfoDims(i)?.length ?? 0) === 4);
  if (images.length !== 1) throw new OnnxError('onnx/input-size', `the model has ${images.length} four-dimensional inputs; a new input size needs exactly one image input [batch, channels, height, width]`);
  const input = images[0]!;
  const dims = valueInfoDims(input)!;
  if ((dims[2] === size[0] && dims[3] === size[1]) || (typeof dims[2] === 'string' && typeof dims[3] === 'string')) return model;
  const newDims = [dims[0]!, dims[1]!, size[0], size[1]] as const;
  const refuse = (why: string, cause?: unknown): never => {
    throw new OnnxError('onnx/input-size', `the model cannot take ${size[0]}×${size[1]} input (it was exported for ${String(dims[2])}×${String(dims[3])}): ${why}`, {
      ...(cause === undefined ? {} : { cause }), hint: 'use the input size the model was made for (--input-size), or resize the images to it',
    });
  };
  let shapes: ReturnType<typeof inferStaticShapes> | undefined;
  try {
    shapes = inferStaticShapes(view, { [input.name!]: newDims.map((d) => (typeof d === 'string' ? 1 : d)) });
  } catch (e) {
    refuse((e as Error).message, e);
  }
  // NOTE: shape inference takes a Reshape's constant target as it is; one that hard-codes the old size
  // changes the element count, which ONNX Runtime would refuse at run time
  const count = (t: string): number | undefined => {
    const d = shapes!.get(t)?.dims;
    return d && d.every((v) => typeof v === 'number') ? (d as number[]).reduce((a, b) => a * b, 1) : undefined;
  };
  for (const n of view.nodes) {
    if (n.op_type !== 'Reshape') continue;
    const a = count(n.input![0]!), b = count(n.output![0]!);
    if (a !== undefined && b !== undefined && a !== b) refuse(`Reshape '${n.name ?? n.output![0]}' turns ${a} values into ${b} (its target shape is fixed for the old size)`);
  }
  const shape = (d: readonly (number | string)[]): { dim: { dim_value?: number; dim_param?: string }[] } => ({ dim: d.map((v) => (typeof v === 'string' ? { dim_param: v } : { dim_value: v })) });
  const retyped = (v: ValueInfoProto): ValueInfoProto => {
    if (v.name === input.name) return { ...v, type: { ...v.type, tensor_type: { ...v.type!.tensor_type, shape: shape(newDims) } } };
    return v;
  };
  // NOTE: outputs keep their element type and rank, with every dimension but the batch left open
  const opened = (v: ValueInfoProto): ValueInfoProto => {
    const d = v.type?.tensor_type?.shape?.dim;
    if (!d) return v;
    return { ...v, type: { ...v.type, tensor_type: { ...v.type!.tensor_type, shape: { dim: d.map((x, i) => (i === 0 ? x : {})) } } } };
  };
  return {
    ...model,
    graph: { ...model.graph!, input: (model.graph!.input ?? []).map(retyped), output: (model.graph!.output ?? []).map(opened), value_info: [] },
  };
}
