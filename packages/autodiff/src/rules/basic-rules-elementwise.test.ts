import { expect } from 'chai';
import { GraphBuilder, floatAttr } from '@kenobi/onnx';
import { checkTable, input, omitted, ref, runGradients, weight, type OpCase } from '../test-support/basic-rule-cases.js';
import { differentiableOps } from './registry.js';

const add: OpCase[] = [
  { name: 'Add same shape', op: 'Add', inputs: [input('a', [2, 3]), weight('b', [2, 3])] },
  { name: 'Add b [3, 1] under x [2, 3, 4]', op: 'Add', inputs: [input('x', [2, 3, 4]), weight('b', [3, 1])] },
  { name: 'Add broadcast both ways [3, 1] + [1, 4]', op: 'Add', inputs: [input('a', [3, 1]), weight('b', [1, 4])] },
  { name: 'Add broadcast both ways [2, 1, 4] + [3, 1]', op: 'Add', inputs: [weight('a', [2, 1, 4]), input('b', [3, 1])] },
  { name: 'Add scalar', op: 'Add', inputs: [weight('s', []), input('x', [2, 3])] },
  { name: 'Add x + x', op: 'Add', inputs: [input('x', [2, 3]), ref('x')] },
  { name: 'Add symbolic batch [N, 3] + [3]', op: 'Add', inputs: [input('x', [2, 3], { declared: ['N', 3] }), weight('b', [3])] },
  { name: 'Add [N, 3] + [M, 3], M = 1 at run time (axes found at run time)', op: 'Add', inputs: [input('x', [2, 3], { declared: ['N', 3] }), input('b', [1, 3], { declared: ['M', 3] })] },
  { name: 'Add [N, 3] + [M, 3], M = N at run time (nothing to sum)', op: 'Add', inputs: [input('x', [2, 3], { declared: ['N', 3] }), input('b', [2, 3], { declared: ['M', 3] })] },
  { name: 'Add [N, 3] + [2, M, 3], N = 1 at run time (a leading axis and a run-time one)', op: 'Add', inputs: [input('x', [1, 3], { declared: ['N', 3] }), input('b', [2, 2, 3], { declared: [2, 'M', 3] })] },
];

const sub: OpCase[] = [
  { name: 'Sub same shape', op: 'Sub', inputs: [input('a', [2, 3]), weight('b', [2, 3])] },
  { name: 'Sub broadcast both ways [3, 1] − [1, 4]', op: 'Sub', inputs: [input('a', [3, 1]), weight('b', [1, 4])] },
  { name: 'Sub [2, 3] − scalar', op: 'Sub', inputs: [input('a', [2, 3]), weight('b', [])] },
  { name: 'Sub [4] − [2, 3, 4]', op: 'Sub', inputs: [weight('a', [4]), input('b', [2, 3, 4])] },
];

const mul: OpCase[] = [
  { name: 'Mul same shape', op: 'Mul', inputs: [input('a', [2, 3]), weight('b', [2, 3])] },
  { name: 'Mul broadcast both ways [3, 1] · [1, 4]', op: 'Mul', inputs: [input('a', [3, 1]), weight('b', [1, 4])] },
  { name: 'Mul channel scale [1, 3, 1, 1] over [2, 3, 2, 2]', op: 'Mul', inputs: [input('x', [2, 3, 2, 2]), weight('s', [1, 3, 1, 1])] },
  { name: 'Mul x · x', op: 'Mul', inputs: [input('x', [2, 3]), ref('x')] },
  { name: 'Mul symbolic batch [N, 3, 4] · [4]', op: 'Mul', inputs: [input('x', [2, 3, 4], { declared: ['N', 3, 4] }), weight('w', [4])] },
];

const div: OpCase[] = [
  { name: 'Div same shape', op: 'Div', inputs: [input('a', [2, 3]), weight('b', [2, 3], { lo: 0.5, hi: 1.5 })] },
  { name: 'Div [2, 3] / [3]', op: 'Div', inputs: [input('a', [2, 3]), weight('b', [3], { lo: -1.5, hi: -0.5 })] },
  { name: 'Div broadcast both ways [3, 1] / [1, 4]', op: 'Div', inputs: [input('a', [3, 1]), weight('b', [1, 4], { lo: 0.5, hi: 1.5 })] },
  { name: 'Div scalar / [2, 3]', op: 'Div', inputs: [weight('a', []), input('b', [2, 3], { lo: 0.5, hi: 2 })] },
];

const sum: OpCase[] = [
  { name: 'Sum of one input', op: 'Sum', inputs: [input('a', [2, 3])] },
  { name: 'Sum of three, broadcast [2, 3, 4] + [3, 1] + [4]', op: 'Sum', inputs: [input('a', [2, 3, 4]), weight('b', [3, 1]), weight('c', [4])] },
  { name: 'Sum broadcast both ways [3, 1] + [1, 4]', op: 'Sum', inputs: [input('a', [3, 1]), weight('b', [1, 4])] },
];

const unary: OpCase[] = [
  { name: 'Neg', op: 'Neg', inputs: [input('x', [2, 3])] },
  { name: 'Identity', op: 'Identity', inputs: [input('x', [2, 3])] },
  { name: 'Cast float → float', op: 'Cast', inputs: [input('x', [2, 3])], attrs: { to: 1 } },
  { name: 'Relu', op: 'Relu', inputs: [input('x', [3, 4])] },
  { name: 'LeakyRelu default alpha 0.01', op: 'LeakyRelu', inputs: [input('x', [3, 4])] },
  { name: 'LeakyRelu alpha 0.2', op: 'LeakyRelu', inputs: [input('x', [3, 4])], attrs: { alpha: floatAttr(0.2) } },
  { name: 'LeakyRelu alpha −0.5', op: 'LeakyRelu', inputs: [input('x', [3, 4])], attrs: { alpha: floatAttr(-0.5) } },
  { name: 'Sigmoid', op: 'Sigmoid', inputs: [input('x', [2, 5], { lo: -4, hi: 4 })] },
  { name: 'Tanh', op: 'Tanh', inputs: [input('x', [2, 5], { lo: -3, hi: 3 })] },
  {
    name: 'a Constant node feeding the trainable path', op: 'Tanh', inputs: [input('x', [2, 3])],
    tail: (b, [t]) => b.node('Mul', [t!, b.constant([0.5, -2, 3], [3])])[0]!,
  },
];

const relu6 = { lo: -2, hi: 8 };
const clip: OpCase[] = [
  { name: 'Clip ReLU6 (min 0, max 6)', op: 'Clip', inputs: [input('x', [4, 6], relu6), weight('lo', [], { values: [0], wrt: false }), weight('hi', [], { values: [6], wrt: false })] },
  { name: 'Clip min only', op: 'Clip', inputs: [input('x', [4, 6]), weight('lo', [], { values: [-0.3], wrt: false })] },
  { name: 'Clip max only', op: 'Clip', inputs: [input('x', [4, 6]), omitted, weight('hi', [], { values: [0.4], wrt: false })] },
  { name: 'Clip with no bounds', op: 'Clip', inputs: [input('x', [4, 6])] },
  { name: 'Clip with trained bounds', op: 'Clip', inputs: [input('x', [4, 6]), weight('lo', [], { values: [-0.5] }), weight('hi', [], { values: [0.3] })] },
  { name: 'Clip with trained max only', op: 'Clip', inputs: [input('x', [4, 6]), omitted, weight('hi', [], { values: [0.3] })] },
  {
    name: 'Clip with min > max (every element is max)', op: 'Clip',
    inputs: [input('x', [4, 6]), weight('lo', [], { values: [0.5] }), weight('hi', [], { values: [-0.5] })], zeroGradients: ['x', 'lo'],
  },
];

describe('@kenobi/autodiff basic rules: element-wise ops against float64 finite differences', () => {
  describe('Add', () => checkTable(add));
  describe('Sub', () => checkTable(sub));
  describe('Mul', () => checkTable(mul));
  describe('Div', () => checkTable(div));
  describe('Sum', () => checkTable(sum));
  describe('unary ops', () => checkTable(unary));
  describe('Clip', () => checkTable(clip));
});

describe('@kenobi/autodiff basic rules: subgradients at the kinks (PyTorch conventions)', () => {
  /** loss = ReduceSum(op(x)), so dL/dx is the op's slope at each element. */
  function slopeModel(op: string, attrs: Record<string, unknown>, extra: (b: GraphBuilder) => string[]): ReturnType<GraphBuilder['build']> {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [5]);
    const [y] = b.node(op, [x, ...extra(b)], attrs as never);
    const [l] = b.node('ReduceSum', [y!], { keepdims: 0 }, { name: 'loss' });
    b.output(l!, { dims: [] });
    return b.build();
  }
  const x = { data: Float32Array.of(0, 6, 3, -1, 7), dims: [5] };
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`Clip (ReLU6) passes no gradient AT its bounds, like PyTorch's hardtanh backward [${backend}]`, async () => {
      const m = slopeModel('Clip', {}, (b) => [b.constant([0], []), b.constant([6], [])]);
      const g = await runGradients(m, { x }, 'loss', ['x'], backend);
      expect([...g['x']!]).to.deep.equal([0, 0, 1, 0, 0]);
    });
    it(`Relu has slope 0 at 0; LeakyRelu has slope alpha at 0 [${backend}]`, async () => {
      const r = await runGradients(slopeModel('Relu', {}, () => []), { x }, 'loss', ['x'], backend);
      expect([...r['x']!]).to.deep.equal([0, 1, 1, 0, 1]);
      const l = await runGradients(slopeModel('LeakyRelu', { alpha: floatAttr(0.25) }, () => []), { x }, 'loss', ['x'], backend);
      expect([...l['x']!]).to.deep.equal([0.25, 1, 1, 0.25, 1]);
    });
  }
});

describe('@kenobi/autodiff basic rules: registration', () => {
  it('lists every op of the basic group', () => {
    const ops = ['Add', 'Sub', 'Mul', 'Div', 'Neg', 'Sum', 'Relu', 'LeakyRelu', 'Clip', 'Sigmoid', 'Tanh', 'Softmax', 'LogSoftmax', 'Gemm', 'MatMul',
      'Concat', 'Split', 'Flatten', 'Reshape', 'Transpose', 'Squeeze', 'Unsqueeze', 'Pad', 'ReduceSum', 'ReduceMean', 'Identity', 'Constant', 'Cast'];
    expect(differentiableOps()).to.include.members(ops);
  });
});
