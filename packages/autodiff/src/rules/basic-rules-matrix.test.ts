import { floatAttr } from '@kenobi/onnx';
import { checkTable, input, ints, weight, type Operand, type OpCase } from '../test-support/basic-rule-cases.js';

// Gemm: every transA × transB × C shape, each with alpha = beta = 1 and with alpha 0.5, beta −2. M = 3, K = 4, N = 2.
const [M, K, N] = [3, 4, 2];
const cShapes: readonly (readonly number[] | undefined)[] = [undefined, [M, N], [N], [1], [M, 1], []];
const gemm: OpCase[] = [];
for (const transA of [0, 1]) for (const transB of [0, 1]) for (const c of cShapes) for (const [alpha, beta] of [[1, 1], [0.5, -2]] as const) {
  const inputs: Operand[] = [input('a', transA ? [K, M] : [M, K]), weight('b', transB ? [N, K] : [K, N]), ...(c ? [weight('c', c)] : [])];
  const attrs = { transA, transB, ...(alpha !== 1 ? { alpha: floatAttr(alpha) } : {}), ...(beta !== 1 ? { beta: floatAttr(beta) } : {}) };
  gemm.push({ name: `Gemm transA=${transA} transB=${transB} C=${c ? `[${c.join(', ')}]` : 'none'} alpha=${alpha} beta=${beta}`, op: 'Gemm', inputs, attrs });
}
gemm.push({ name: 'Gemm symbolic batch A [N, 4], C [N, 1]', op: 'Gemm', inputs: [input('a', [3, 4], { declared: ['N', 4] }), weight('b', [2, 4]), input('c', [3, 1], { declared: ['N', 1] })], attrs: { transB: 1 } });

const matMul: OpCase[] = [
  { name: 'MatMul [3, 4] · [4, 2]', op: 'MatMul', inputs: [input('a', [3, 4]), weight('b', [4, 2])] },
  // NOTE: @kenobi/onnx static shape inference leaves a MatMul with a 1-D operand unknown, so a Reshape to a constant
  // shape follows it (the rule itself reads only the operands' dims; the probe loss after it needs dims)
  { name: 'MatMul 1-D A: [4] · [4, 2]', op: 'MatMul', inputs: [input('a', [4]), weight('b', [4, 2])], tail: (b, [y]) => b.reshape(y!, [2]) },
  { name: 'MatMul 1-D B: [3, 4] · [4]', op: 'MatMul', inputs: [input('a', [3, 4]), weight('b', [4])], tail: (b, [y]) => b.reshape(y!, [3]) },
  { name: 'MatMul both 1-D: [4] · [4]', op: 'MatMul', inputs: [input('a', [4]), weight('b', [4])], tail: (b, [y]) => b.reshape(y!, [1]) },
  { name: 'MatMul 1-D A over a batch: [4] · [2, 4, 3]', op: 'MatMul', inputs: [input('a', [4]), weight('b', [2, 4, 3])], tail: (b, [y]) => b.reshape(y!, [2, 3]) },
  { name: 'MatMul batch over 1-D B: [2, 3, 4] · [4]', op: 'MatMul', inputs: [input('a', [2, 3, 4]), weight('b', [4])], tail: (b, [y]) => b.reshape(y!, [2, 3]) },
  { name: 'MatMul dense over a sequence: [2, 3, 4] · [4, 5]', op: 'MatMul', inputs: [input('a', [2, 3, 4]), weight('b', [4, 5])] },
  { name: 'MatMul batched: [2, 3, 4] · [2, 4, 5]', op: 'MatMul', inputs: [input('a', [2, 3, 4]), weight('b', [2, 4, 5])] },
  { name: 'MatMul batch broadcast both ways: [2, 1, 3, 4] · [3, 4, 2]', op: 'MatMul', inputs: [input('a', [2, 1, 3, 4]), weight('b', [3, 4, 2])] },
  { name: 'MatMul batch of 1 under 2: [2, 3, 4] · [1, 4, 5]', op: 'MatMul', inputs: [input('a', [2, 3, 4]), weight('b', [1, 4, 5])] },
  { name: 'MatMul 2-D A under a batched B: [3, 4] · [2, 4, 5]', op: 'MatMul', inputs: [weight('a', [3, 4]), input('b', [2, 4, 5])] },
  { name: 'MatMul symbolic batch: [N, 3, 4] · [4, 5]', op: 'MatMul', inputs: [input('a', [2, 3, 4], { declared: ['N', 3, 4] }), weight('b', [4, 5])] },
  { name: 'MatMul symbolic batch both: [N, 3, 4] · [N, 4, 2]', op: 'MatMul', inputs: [input('a', [2, 3, 4], { declared: ['N', 3, 4] }), input('b', [2, 4, 2], { declared: ['N', 4, 2] })] },
  { name: 'MatMul [B, 3, 4] · [N, 4, 2] with B = 1 at run time', op: 'MatMul', inputs: [input('a', [1, 3, 4], { declared: ['B', 3, 4] }), input('b', [2, 4, 2], { declared: ['N', 4, 2] })] },
];

const softmaxes: OpCase[] = [];
for (const op of ['Softmax', 'LogSoftmax']) {
  softmaxes.push(
    { name: `${op} default axis (−1) on [2, 3, 4]`, op, inputs: [input('x', [2, 3, 4], { lo: -2, hi: 2 })] },
    { name: `${op} axis 0 on [2, 3, 4]`, op, inputs: [input('x', [2, 3, 4], { lo: -2, hi: 2 })], attrs: { axis: 0 } },
    { name: `${op} axis 1 on [2, 3, 4]`, op, inputs: [input('x', [2, 3, 4], { lo: -2, hi: 2 })], attrs: { axis: 1 } },
    { name: `${op} axis −2 on [2, 3, 4]`, op, inputs: [input('x', [2, 3, 4], { lo: -2, hi: 2 })], attrs: { axis: -2 } },
    { name: `${op} classes of a symbolic batch [N, 5]`, op, inputs: [input('x', [3, 5], { declared: ['N', 5], lo: -3, hi: 3 })], attrs: { axis: 1 } },
    { name: `${op} over a symbolic batch axis [N, 5], axis 0`, op, inputs: [input('x', [3, 5], { declared: ['N', 5], lo: -3, hi: 3 })], attrs: { axis: 0 } },
  );
}

const reduceSum: OpCase[] = [
  { name: 'ReduceSum axes [1] keepdims 1', op: 'ReduceSum', inputs: [input('x', [2, 3, 4]), ints('axes', [1])] },
  { name: 'ReduceSum axes [0, 2] keepdims 0', op: 'ReduceSum', inputs: [input('x', [2, 3, 4]), ints('axes', [0, 2])], attrs: { keepdims: 0 } },
  { name: 'ReduceSum axes [−1] keepdims 0', op: 'ReduceSum', inputs: [input('x', [2, 3, 4]), ints('axes', [-1])], attrs: { keepdims: 0 } },
  { name: 'ReduceSum no axes (all) keepdims 1', op: 'ReduceSum', inputs: [input('x', [2, 3, 4])] },
  { name: 'ReduceSum no axes (all) keepdims 0 after a MatMul of unknown shape', op: 'MatMul', inputs: [input('x', [4]), weight('w', [4, 3])], tail: (b, [y]) => b.reshape(b.node('ReduceSum', [y!], { keepdims: 0 })[0]!, [1]) },
  { name: 'ReduceSum over a symbolic batch [N, 3], axes [0]', op: 'ReduceSum', inputs: [input('x', [4, 3], { declared: ['N', 3] }), ints('axes', [0])], attrs: { keepdims: 0 } },
];

const reduceMean: OpCase[] = [
  { name: 'ReduceMean opset 17 axes=[2, 3] keepdims 1 (global average pool)', op: 'ReduceMean', inputs: [input('x', [2, 3, 2, 2])], attrs: { axes: [2, 3] } },
  { name: 'ReduceMean opset 17 axes=[1] keepdims 0', op: 'ReduceMean', inputs: [input('x', [2, 3, 4])], attrs: { axes: [1], keepdims: 0 } },
  { name: 'ReduceMean opset 17 axes=[−1, 0] keepdims 0', op: 'ReduceMean', inputs: [input('x', [2, 3, 4])], attrs: { axes: [-1, 0], keepdims: 0 } },
  { name: 'ReduceMean opset 17 no axes (all) keepdims 0', op: 'ReduceMean', inputs: [input('x', [2, 3, 4])], attrs: { keepdims: 0 } },
  { name: 'ReduceMean opset 18 axes input [2, 3] keepdims 0', op: 'ReduceMean', opset: 18, inputs: [input('x', [2, 3, 2, 2]), ints('axes', [2, 3])], attrs: { keepdims: 0 } },
  { name: 'ReduceMean no axes (all) keepdims 1 after a MatMul of unknown shape', op: 'MatMul', inputs: [input('x', [4]), weight('w', [4, 3])], tail: (b, [y]) => b.reshape(b.node('ReduceMean', [y!])[0]!, [1]) },
  { name: 'ReduceMean over a symbolic batch [N, 3], axes [0] (count at run time)', op: 'ReduceMean', inputs: [input('x', [4, 3], { declared: ['N', 3] })], attrs: { axes: [0], keepdims: 0 } },
  { name: 'ReduceMean opset 18 over [N, 3, 4], axes [0, 2] keepdims 1', op: 'ReduceMean', opset: 18, inputs: [input('x', [2, 3, 4], { declared: ['N', 3, 4] }), ints('axes', [0, 2])] },
];

describe('@kenobi/autodiff basic rules: matrix ops and reductions against float64 finite differences', () => {
  describe('Gemm', () => checkTable(gemm));
  describe('MatMul', () => checkTable(matMul));
  describe('Softmax and LogSoftmax', () => checkTable(softmaxes));
  describe('ReduceSum', () => checkTable(reduceSum));
  describe('ReduceMean', () => checkTable(reduceMean));
});
