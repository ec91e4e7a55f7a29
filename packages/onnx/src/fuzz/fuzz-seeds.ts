/**
 * The valid models the ONNX fuzzer starts from, built with the package's own GraphBuilder and architectures
 * (small widths, so a case takes milliseconds): LeNet-5, a narrow ResNet-18 and GoogLeNet, one Conv, a graph
 * of shape plumbing (Shape/Gather/Concat/Reshape, Constant, Transpose, Pad, ReduceMean, MatMul), a quantized
 * classifier (QuantizeLinear, QLinearConv, QLinearMatMul, DequantizeLinear) and an If with subgraphs. No file
 * from ../shared is needed; the long script may add the shared models. Not shipped.
 */
import { onnx } from '../../generated/onnx-proto.js';
import { googlenet } from '../architectures/googlenet.js';
import { lenet5 } from '../architectures/lenet5.js';
import { resnet18 } from '../architectures/resnet.js';
import { singleConvModel } from '../architectures/single-conv.js';
import { GraphBuilder } from '../builder/graph-builder.js';
import { int64Tensor } from '../builder/tensor-proto.js';
import { encodeModel } from '../model-codec.js';
import type { ModelProto } from '../onnx-types.js';

/** A named seed model and its bytes. */
export interface FuzzSeed {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * The built-in seeds, encoded.
 *
 * @example
 * ```ts
 * builtinSeeds().map((s) => s.name); // ['lenet5', 'resnet18', 'googlenet', 'single-conv', 'plumbing', 'quantized', 'if-subgraph']
 * ```
 */
export function builtinSeeds(): FuzzSeed[] {
  const models: [string, ModelProto][] = [
    ['lenet5', lenet5({ width: 0.25, seed: 1 })],
    ['resnet18', resnet18({ width: 1 / 32, inputSize: 32, numClasses: 3, seed: 2 })],
    ['googlenet', googlenet({ width: 1 / 32, inputSize: 64, numClasses: 3, seed: 3 })],
    ['single-conv', singleConvModel({ inChannels: 3, outChannels: 2, size: 6, bias: true, seed: 4 })],
    ['plumbing', plumbingModel()],
    ['quantized', quantizedModel()],
    ['if-subgraph', ifModel()],
  ];
  return models.map(([name, m]) => ({ name, bytes: encodeModel(m) }));
}

/** Shape plumbing as exporters write it: the batch size read at run time and a Reshape built from it. */
function plumbingModel(): ModelProto {
  const b = new GraphBuilder({ name: 'plumbing', seed: 5 });
  const x = b.input('input', 'float32', ['N', 2, 6, 6]);
  const padded = b.pad(x, [0, 0, 1, 1, 0, 0, 1, 1], { name: 'pad' });
  const pooled = b.reduceMean(padded, [3], { keepdims: false, name: 'mean_w' });
  const t = b.transpose(pooled, [0, 2, 1], { name: 'transpose' });
  const [shape] = b.node('Shape', [t], {}, { name: 'shape' });
  const zero = b.constant([0], [1], { dtype: 'int64', name: 'zero' });
  const [batch] = b.node('Gather', [shape!, zero], { axis: 0 }, { name: 'batch' });
  const minus = b.constant([-1], [1], { dtype: 'int64', name: 'minus_one' });
  const [target] = b.node('Concat', [batch!, minus], { axis: 0 }, { name: 'target' });
  const [flat] = b.node('Reshape', [t, target!], {}, { name: 'flat' });
  b.setShape(flat!, ['N', 16]);
  const w = b.weight('fc.weight', [16, 4], 'glorot-uniform');
  const logits = b.matMul(flat!, w, { name: 'fc' });
  b.setShape(logits, ['N', 4]);
  b.output(b.softmax(logits, { axis: 1, name: 'probs' }));
  return b.build();
}

function tensor(name: string, dataType: number, dims: number[], raw: ArrayLike<number>, bytesPer: 1 | 4): onnx.TensorProto {
  const bytes = bytesPer === 1 ? Uint8Array.from(raw, (v) => v & 0xff) : new Uint8Array(Float32Array.from(raw).buffer);
  return onnx.TensorProto.create({ name, data_type: dataType, dims, raw_data: bytes });
}

/** A uint8-quantized conv + global pool + classifier, as onnxruntime's quantizer writes them. */
function quantizedModel(): ModelProto {
  const DT = onnx.TensorProto.DataType;
  const b = new GraphBuilder({ name: 'quantized', seed: 6 });
  b.useDomain('com.microsoft', 1);
  const x = b.input('input', 'float32', ['N', 1, 4, 4]);
  const scale = b.initializer('scale', tensor('scale', DT.FLOAT, [], [0.05], 4));
  const zp = b.initializer('zp', tensor('zp', DT.UINT8, [], [128], 1));
  const [xq] = b.node('QuantizeLinear', [x, scale, zp], {}, { name: 'quant' });
  const w = b.initializer('conv.w', tensor('conv.w', DT.UINT8, [2, 1, 3, 3], Array.from({ length: 18 }, (_, i) => 120 + i), 1));
  const [yq] = b.node('QLinearConv', [xq!, scale, zp, w, scale, zp, scale, zp], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, { name: 'qconv' });
  const [gq] = b.node('QLinearGlobalAveragePool', [yq!, scale, zp, scale, zp], { channels_last: 0 }, { name: 'qgap', domain: 'com.microsoft' });
  const [fq] = b.node('Flatten', [gq!], { axis: 1 }, { name: 'qflat' });
  const fw = b.initializer('fc.w', tensor('fc.w', DT.UINT8, [2, 3], [1, 2, 3, 4, 5, 6], 1));
  const [lq] = b.node('QLinearMatMul', [fq!, scale, zp, fw, scale, zp, scale, zp], {}, { name: 'qfc' });
  const [logits] = b.node('DequantizeLinear', [lq!, scale, zp], {}, { name: 'dequant' });
  b.setShape(logits!, ['N', 3]);
  b.output(logits!);
  return b.build();
}

/** An If whose branches read an outer tensor (subgraph inputs the graph code must follow). */
function ifModel(): ModelProto {
  const b = new GraphBuilder({ name: 'if', seed: 7 });
  const x = b.input('input', 'float32', ['N', 4]);
  const cond = b.input('cond', 'bool', []);
  const h = b.relu(x, { name: 'relu' });
  const branch = (name: string, op: string): onnx.GraphProto => onnx.GraphProto.create({
    name,
    node: [onnx.NodeProto.create({ name: `${name}_op`, op_type: op, input: [h], output: [`${name}_out`] })],
    output: [onnx.ValueInfoProto.create({ name: `${name}_out` })],
  });
  const [y] = b.node('If', [cond], {}, { name: 'branch' });
  b.output(y!, { dims: ['N', 4] });
  const model = b.build();
  const ifNode = model.graph!.node!.find((n) => n.name === 'branch')!;
  ifNode.attribute = [
    onnx.AttributeProto.create({ name: 'then_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: branch('then', 'Sigmoid') }),
    onnx.AttributeProto.create({ name: 'else_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: branch('else', 'Tanh') }),
  ];
  const w = int64Tensor('unused_shape', [1, 4], [2]);
  model.graph!.initializer = [...(model.graph!.initializer ?? []), w];
  return model;
}
