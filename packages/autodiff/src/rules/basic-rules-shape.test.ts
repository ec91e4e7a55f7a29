import { checkTable, input, ints, omitted, ref, weight, type OpCase } from '../test-support/basic-rule-cases.js';

const concat: OpCase[] = [
  { name: 'Concat axis 0', op: 'Concat', inputs: [input('a', [2, 3]), weight('b', [1, 3])], attrs: { axis: 0 } },
  { name: 'Concat axis 1 of three', op: 'Concat', inputs: [input('a', [2, 1, 2]), weight('b', [2, 3, 2]), input('c', [2, 2, 2])], attrs: { axis: 1 } },
  { name: 'Concat axis −1 with a frozen input', op: 'Concat', inputs: [input('a', [2, 3]), weight('b', [2, 2], { wrt: false })], attrs: { axis: -1 } },
  { name: 'Concat opset 18 (its gradient Split takes sizes, not num_outputs)', op: 'Concat', opset: 18, inputs: [input('a', [2, 3]), weight('b', [2, 1])], attrs: { axis: 1 } },
  { name: 'Concat of x with itself', op: 'Concat', inputs: [input('x', [2, 3]), ref('x')], attrs: { axis: 1 } },
  { name: 'Concat along a symbolic batch axis (slabs found at run time)', op: 'Concat', inputs: [input('a', [2, 3], { declared: ['N', 3] }), weight('b', [1, 3])], attrs: { axis: 0 } },
  { name: 'Concat channels of a symbolic batch [N, 2, 2] ‖ [N, 3, 2]', op: 'Concat', inputs: [input('a', [2, 2, 2], { declared: ['N', 2, 2] }), input('b', [2, 3, 2], { declared: ['N', 3, 2] })], attrs: { axis: 1 } },
];

// Split outputs reach the probe through a Concat in another order, one of them left out: its gradient is zeros.
// NOTE: @kenobi/onnx static shape inference knows nothing of Split outputs (nor of a Concat of them), so a Reshape
// to a constant shape precedes the probe loss, which needs dims; the Split and Concat rules themselves read none.
const split: OpCase[] = [
  {
    name: 'Split sizes [2, 3, 1] along axis 1, middle output unused', op: 'Split', inputs: [input('x', [2, 6]), ints('split', [2, 3, 1])], attrs: { axis: 1 }, outputs: 3,
    tail: (b, [p, , r]) => b.reshape(b.node('Concat', [r!, p!], { axis: 1 })[0]!, [2, 3]),
  },
  {
    name: 'Split equal (opset 17, no sizes) along axis 0', op: 'Split', inputs: [input('x', [6, 2])], outputs: 3,
    tail: (b, [p, q, r]) => b.reshape(b.node('Concat', [q!, r!, p!], { axis: 0 })[0]!, [6, 2]),
  },
  {
    name: 'Split num_outputs=3 of 7 (opset 18: 3, 3, 1) along axis −1', op: 'Split', opset: 18, inputs: [input('x', [2, 7])], attrs: { axis: -1, num_outputs: 3 }, outputs: 3,
    tail: (b, [p, q, r]) => b.reshape(b.node('Concat', [r!, q!, p!], { axis: 1 })[0]!, [2, 7]),
  },
  {
    name: 'Split of a symbolic batch along channels, one output used', op: 'Split', inputs: [input('x', [2, 4, 2], { declared: ['N', 4, 2] }), ints('split', [1, 3])], attrs: { axis: 1 }, outputs: 2,
    tail: (b, [, q]) => b.reshape(b.node('Tanh', [q!])[0]!, [-1, 3, 2]),
  },
];

const reshapes: OpCase[] = [
  { name: 'Flatten axis 1 (default)', op: 'Flatten', inputs: [input('x', [2, 3, 2, 2])] },
  { name: 'Flatten axis 0', op: 'Flatten', inputs: [input('x', [2, 3, 2])], attrs: { axis: 0 } },
  { name: 'Flatten axis 2', op: 'Flatten', inputs: [input('x', [2, 3, 2, 2])], attrs: { axis: 2 } },
  { name: 'Flatten axis −1', op: 'Flatten', inputs: [input('x', [2, 3, 4])], attrs: { axis: -1 } },
  { name: 'Flatten a symbolic batch [N, 3, 2, 2]', op: 'Flatten', inputs: [input('x', [2, 3, 2, 2], { declared: ['N', 3, 2, 2] })] },
  { name: 'Reshape [2, 3, 4] → [0, −1]', op: 'Reshape', inputs: [input('x', [2, 3, 4]), ints('shape', [0, -1])] },
  { name: 'Reshape [2, 3, 4] → [4, −1, 2]', op: 'Reshape', inputs: [input('x', [2, 3, 4]), ints('shape', [4, -1, 2])] },
  { name: 'Reshape [2, 3, 4] → [24]', op: 'Reshape', inputs: [input('x', [2, 3, 4]), ints('shape', [24])] },
  { name: 'Reshape allowzero=1 [3, 8] → [2, 12]', op: 'Reshape', inputs: [input('x', [3, 8]), ints('shape', [2, 12])], attrs: { allowzero: 1 } },
  { name: 'Reshape a symbolic batch [N, 3, 4] → [0, −1]', op: 'Reshape', inputs: [input('x', [2, 3, 4], { declared: ['N', 3, 4] }), ints('shape', [0, -1])] },
  { name: 'Transpose default perm (reversed)', op: 'Transpose', inputs: [input('x', [2, 3, 4])] },
  { name: 'Transpose NCHW → NHWC [0, 2, 3, 1]', op: 'Transpose', inputs: [input('x', [2, 3, 2, 4])], attrs: { perm: [0, 2, 3, 1] } },
  { name: 'Transpose [2, 0, 1]', op: 'Transpose', inputs: [input('x', [2, 3, 4])], attrs: { perm: [2, 0, 1] } },
  { name: 'Squeeze axes [1, 3]', op: 'Squeeze', inputs: [input('x', [2, 1, 3, 1]), ints('axes', [1, 3])] },
  { name: 'Squeeze axes [−1]', op: 'Squeeze', inputs: [input('x', [2, 3, 1]), ints('axes', [-1])] },
  { name: 'Squeeze without axes (every unit axis)', op: 'Squeeze', inputs: [input('x', [1, 3, 1, 2])] },
  { name: 'Unsqueeze axes [0]', op: 'Unsqueeze', inputs: [input('x', [2, 3]), ints('axes', [0])] },
  { name: 'Unsqueeze axes [1, 3]', op: 'Unsqueeze', inputs: [input('x', [2, 3]), ints('axes', [1, 3])] },
  { name: 'Unsqueeze axes [−1] of a symbolic batch', op: 'Unsqueeze', inputs: [input('x', [2, 3], { declared: ['N', 3] }), ints('axes', [-1])] },
];

const pad: OpCase[] = [
  { name: 'Pad constant 0, spatial pads [1, 2 | 1, 0]', op: 'Pad', inputs: [input('x', [1, 2, 3, 3]), ints('pads', [0, 0, 1, 2, 0, 0, 1, 0])] },
  { name: 'Pad constant 0 on every axis', op: 'Pad', inputs: [input('x', [2, 3]), ints('pads', [1, 2, 2, 1])] },
  { name: 'Pad with a trained constant_value', op: 'Pad', inputs: [input('x', [2, 3]), ints('pads', [1, 0, 0, 2]), weight('c', [], { values: [0.7] })] },
  { name: 'Pad negative pads (crops) mixed with padding', op: 'Pad', inputs: [input('x', [2, 5, 4]), ints('pads', [0, -1, 2, 0, 1, -2])] },
  { name: 'Pad negative pads and a trained constant_value', op: 'Pad', inputs: [input('x', [3, 4]), ints('pads', [-1, 2, 1, -1]), weight('c', [], { values: [-0.4] })] },
  { name: 'Pad opset 18 with an axes input [−1]', op: 'Pad', opset: 18, inputs: [input('x', [2, 3, 4]), ints('pads', [2, 1]), omitted, ints('axes', [-1])] },
  { name: 'Pad a symbolic batch [N, 2, 3]', op: 'Pad', inputs: [input('x', [2, 2, 3], { declared: ['N', 2, 3] }), ints('pads', [0, 1, 1, 0, 0, 2])] },
  { name: 'Pad reflect [1, 2 | 2, 1] on [1, 2, 4, 3]', op: 'Pad', inputs: [input('x', [1, 2, 4, 3]), ints('pads', [0, 0, 1, 2, 0, 0, 2, 1])], attrs: { mode: 'reflect' } },
  { name: 'Pad reflect of a symbolic batch, widest pads (size − 1)', op: 'Pad', inputs: [input('x', [2, 3, 3], { declared: ['N', 3, 3] }), ints('pads', [0, 2, 0, 0, 0, 2])], attrs: { mode: 'reflect' } },
  { name: 'Pad edge [2, 1 | 0, 3] on [2, 3, 3]', op: 'Pad', inputs: [input('x', [2, 3, 3]), ints('pads', [0, 2, 1, 0, 0, 3])], attrs: { mode: 'edge' } },
  { name: 'Pad edge wider than the axis', op: 'Pad', inputs: [input('x', [2, 2]), ints('pads', [3, 0, 0, 4])], attrs: { mode: 'edge' } },
  { name: 'Pad wrap (opset 19) [2, 1 | 1, 3]', op: 'Pad', opset: 19, inputs: [input('x', [3, 4]), ints('pads', [2, 1, 1, 3])], attrs: { mode: 'wrap' } },
];

describe('@kenobi/autodiff basic rules: shape ops against float64 finite differences', () => {
  describe('Concat', () => checkTable(concat));
  describe('Split', () => checkTable(split));
  describe('Flatten, Reshape, Transpose, Squeeze, Unsqueeze', () => checkTable(reshapes));
  describe('Pad', () => checkTable(pad));
});
