/**
 * Ops whose old versions mean what opset 17 means once legacy attributes go (consumed_inputs, Cast-1's type
 * name) or with nothing to change (Conv, pools, LRN, Gemm, MatMul, ...): a table of tiny CNN pieces at old
 * opsets, each against ONNX Runtime running the original where it still has the kernel, else against the same
 * node at the first opset it has (named per case). Plus PRelu's and ConvTranspose's conditional conversions.
 */
import { expect } from 'chai';
import { floatAttr, type ModelProto } from '@kenobi/onnx';
import { attrNames, expectRefusal, expectUpgradeMatches, ints, node, tinyModel, weight } from '../test-support/opset/opset-cases.js';

interface Case {
  readonly name: string;
  readonly model: ModelProto;
  /** Set where ONNX Runtime has no kernel at the original opset: the same computation at a later opset. */
  readonly reference?: ModelProto;
}

const x4 = { x: [2, 3, 6, 6] };
const conv = (opset: number, attrs: Record<string, unknown>): ModelProto => tinyModel({ opset, nodes: [node('Conv', ['x', 'w', 'b'], ['y'], attrs as never)], inputs: x4, initializers: [weight('w', [4, 3, 3, 3], 1), weight('b', [4], 2)] });
const unary = (opset: number, op: string, attrs: Record<string, unknown> = {}): ModelProto => tinyModel({ opset, nodes: [node(op, ['x'], ['y'], attrs as never)], inputs: { x: [2, 3, 4] } });
const variadic = (opset: number, op: string): ModelProto => tinyModel({ opset, nodes: [node(op, ['x', 'z', 'x'], ['y'])], inputs: { x: [2, 3], z: [2, 3] } });

const CASES: readonly Case[] = [
  { name: 'Conv-1 stride, pads, dilation', model: conv(1, { kernel_shape: [3, 3], strides: [2, 1], pads: [1, 0, 0, 1], dilations: [1, 2] }) },
  { name: 'Conv-1 auto_pad SAME_UPPER', model: conv(1, { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' }) },
  { name: 'Conv-1 groups', model: tinyModel({ opset: 1, nodes: [node('Conv', ['x', 'w'], ['y'], { group: 3 })], inputs: x4, initializers: [weight('w', [6, 1, 3, 3], 3)] }) },
  { name: 'MaxPool-1 strides and pads', model: tinyModel({ opset: 1, nodes: [node('MaxPool', ['x'], ['y'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] })], inputs: x4 }) },
  { name: 'MaxPool-8 with Indices', model: tinyModel({ opset: 8, nodes: [node('MaxPool', ['x'], ['y', 'i'], { kernel_shape: [2, 2], strides: [2, 2] })], inputs: x4, outputs: ['y'] }) },
  { name: 'MaxPool-10 ceil_mode, dilations', model: tinyModel({ opset: 10, nodes: [node('MaxPool', ['x'], ['y'], { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1, dilations: [1, 2] })], inputs: { x: [1, 2, 7, 7] } }) },
  {
    name: 'AveragePool-1 pads (the average excludes them; ORT has AveragePool from 7)',
    model: tinyModel({ opset: 1, nodes: [node('AveragePool', ['x'], ['y'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] })], inputs: x4 }),
    reference: tinyModel({ opset: 7, nodes: [node('AveragePool', ['x'], ['y'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: 0 })], inputs: x4 }),
  },
  { name: 'AveragePool-7 count_include_pad 1', model: tinyModel({ opset: 7, nodes: [node('AveragePool', ['x'], ['y'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], count_include_pad: 1 })], inputs: x4 }) },
  { name: 'GlobalAveragePool-1, GlobalMaxPool-1, Flatten-1', model: tinyModel({ opset: 1, nodes: [node('GlobalAveragePool', ['x'], ['g']), node('Flatten', ['g'], ['y']), node('GlobalMaxPool', ['x'], ['z'], {}, 'gmp')], inputs: x4, outputs: ['y', 'z'] }) },
  { name: 'LRN-1 (AlexNet)', model: tinyModel({ opset: 1, nodes: [node('LRN', ['x'], ['y'], { size: 3, alpha: floatAttr(1e-2), beta: floatAttr(0.75), bias: floatAttr(2) })], inputs: x4 }) },
  { name: 'Relu-1 consumed_inputs (ORT has Relu from 6)', model: unary(1, 'Relu', { consumed_inputs: [0] }), reference: unary(6, 'Relu') },
  { name: 'Sigmoid-1, Tanh-1, Exp-1 consumed_inputs', model: tinyModel({ opset: 1, nodes: [node('Sigmoid', ['x'], ['a'], { consumed_inputs: [0] }), node('Tanh', ['a'], ['b'], {}, 't'), node('Exp', ['b'], ['y'], {}, 'e')], inputs: { x: [2, 3] } }), reference: tinyModel({ opset: 6, nodes: [node('Sigmoid', ['x'], ['a']), node('Tanh', ['a'], ['b'], {}, 't'), node('Exp', ['b'], ['y'], {}, 'e')], inputs: { x: [2, 3] } }) },
  { name: 'LeakyRelu-1 alpha', model: unary(1, 'LeakyRelu', { alpha: floatAttr(0.1), consumed_inputs: [0] }), reference: unary(6, 'LeakyRelu', { alpha: floatAttr(0.1) }) },
  { name: 'Elu-6, Selu-6, HardSigmoid-6', model: tinyModel({ opset: 6, nodes: [node('Elu', ['x'], ['a']), node('Selu', ['a'], ['b'], {}, 's'), node('HardSigmoid', ['b'], ['y'], { alpha: floatAttr(0.3) }, 'h')], inputs: { x: [2, 3] } }) },
  { name: 'Sum-6, Max-6, Mean-6 (equal shapes)', model: tinyModel({ opset: 6, nodes: [node('Sum', ['x', 'z', 'x'], ['a']), node('Max', ['a', 'x'], ['b'], {}, 'mx'), node('Mean', ['b', 'z'], ['y'], {}, 'mn')], inputs: { x: [2, 3], z: [2, 3] } }) },
  { name: 'Sum-1 consumed_inputs (ORT has Sum from 6)', model: variadic(1, 'Sum'), reference: variadic(6, 'Sum') },
  { name: 'Gemm-9 and MatMul-1 and Transpose-1', model: tinyModel({ opset: 9, nodes: [node('Transpose', ['x'], ['t'], { perm: [1, 0] }), node('MatMul', ['t', 'w'], ['m']), node('Gemm', ['m', 'w2', 'c'], ['y'], { transB: 1 })], inputs: { x: [3, 2] }, initializers: [weight('w', [3, 4], 1), weight('w2', [5, 4], 2), weight('c', [5], 3)] }) },
  { name: 'Gather-1, Constant-1, Identity-1', model: tinyModel({ opset: 1, nodes: [node('Constant', [], ['idx'], { value: ints('v', [2, 0]) }), node('Gather', ['x', 'idx'], ['g'], { axis: 1 }), node('Identity', ['g'], ['y'])], inputs: { x: [2, 3, 4] } }) },
  {
    name: 'Cast-1 to the type name "FLOAT" (ORT has Cast from 6)',
    model: tinyModel({ opset: 1, nodes: [node('Cast', ['x'], ['y'], { to: 'FLOAT' })], inputs: { x: [2, 3] } }),
    reference: tinyModel({ opset: 6, nodes: [node('Cast', ['x'], ['y'], { to: 1 })], inputs: { x: [2, 3] } }),
  },
  { name: 'InstanceNormalization-1', model: tinyModel({ opset: 1, nodes: [node('InstanceNormalization', ['x', 's', 'b'], ['y'], { consumed_inputs: [0] })], inputs: x4, initializers: [weight('s', [3], 1), weight('b', [3], 2)] }), reference: tinyModel({ opset: 6, nodes: [node('InstanceNormalization', ['x', 's', 'b'], ['y'])], inputs: x4, initializers: [weight('s', [3], 1), weight('b', [3], 2)] }) },
  { name: 'ReduceMean-1 and ReduceMax-1 (axes stay attributes at 17)', model: tinyModel({ opset: 1, nodes: [node('ReduceMean', ['x'], ['a'], { axes: [2, 3], keepdims: 0 }), node('ReduceMax', ['a'], ['y'], { axes: [1] }, 'rm')], inputs: x4 }) },
  { name: 'ConvTranspose-1 explicit pads, output_padding', model: tinyModel({ opset: 1, nodes: [node('ConvTranspose', ['x', 'w'], ['y'], { strides: [2, 2], pads: [1, 1, 0, 0], output_padding: [1, 0] })], inputs: x4, initializers: [weight('w', [3, 2, 3, 3], 4)] }) },
  {
    name: 'PRelu-6 with a one-element slope (ORT has PRelu from 7)',
    model: tinyModel({ opset: 6, nodes: [node('PRelu', ['x', 'sl'], ['y'])], inputs: { x: [2, 3, 4] }, initializers: [weight('sl', [1], 5, 0.1, 0.3)] }),
    reference: tinyModel({ opset: 7, nodes: [node('PRelu', ['x', 'sl'], ['y'])], inputs: { x: [2, 3, 4] }, initializers: [weight('sl', [1], 5, 0.1, 0.3)] }),
  },
];

describe('@kenobi/autodiff upgradeOpset: ops that keep their meaning', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const { upgraded } = await expectUpgradeMatches(c.model, c.reference ? { reference: c.reference } : {});
      for (const n of upgraded.graph!.node!) expect(attrNames(upgraded, n.op_type!), n.op_type!).to.not.include('consumed_inputs');
    });
  }

  it('refuses PRelu-6 with a per-channel [C] slope and ConvTranspose-1 with output_shape or SAME padding', () => {
    const prelu = tinyModel({ opset: 6, nodes: [node('PRelu', ['x', 'sl'], ['y'], {}, 'pr')], inputs: { x: [2, 3, 4, 4] }, initializers: [weight('sl', [3], 5)] });
    expectRefusal(prelu, 'autodiff/unsupported-attribute', /slope \[3\] is neither one element nor X's shape \[2, 3, 4, 4\]/, { op: 'PRelu', node: 'pr' });
    for (const attrs of [{ output_shape: [8, 8], strides: [2, 2] }, { auto_pad: 'SAME_UPPER', strides: [2, 2] }]) {
      const ct = tinyModel({ opset: 9, nodes: [node('ConvTranspose', ['x', 'w'], ['y'], attrs, 'ct')], inputs: x4, initializers: [weight('w', [3, 2, 3, 3], 4)] });
      expectRefusal(ct, 'autodiff/unsupported-attribute', /opset 11 splits the other way round/, { op: 'ConvTranspose', node: 'ct' });
    }
  });
});
