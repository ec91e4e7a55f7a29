/**
 * Canaries of the basic group's rules (element-wise, matrix, shape ops): one tiny geometry per op, with
 * broadcasting where the rule sums it back (Unbroadcast's ReduceSum), run-time broadcast axes where the rule
 * finds them with Shape ops, and each Pad mode (their backward ops differ; wrap needs opset 19).
 */
import { floatAttr } from '@kenobi/onnx';
import { constant, float, ints, omitted, type GradientCanarySpec } from './canary-spec.js';

/**
 * The basic group's canaries.
 *
 * @example
 * ```ts
 * BASIC_CANARIES.find((c) => c.op === 'Gemm')?.id; // 'Gemm/transposed-with-alpha-beta'
 * ```
 */
export const BASIC_CANARIES: readonly GradientCanarySpec[] = [
  { id: 'Add/broadcast', op: 'Add', inputs: [float([2, 3, 4]), float([3, 1])] },
  { id: 'Add/run-time-broadcast', op: 'Add', inputs: [float([2, 3], { declared: ['N', 3] }), float([1, 3], { declared: ['M', 3] })], probeDims: [2, 3] },
  { id: 'Sub/broadcast-both-ways', op: 'Sub', inputs: [float([3, 1]), float([1, 4])] },
  { id: 'Mul/broadcast-both-ways', op: 'Mul', inputs: [float([3, 1]), float([1, 4])] },
  { id: 'Div/broadcast', op: 'Div', inputs: [float([2, 3]), float([3], { lo: 0.5, hi: 1.5 })] },
  { id: 'Neg/plain', op: 'Neg', inputs: [float([2, 3])] },
  { id: 'Sum/three-broadcast', op: 'Sum', inputs: [float([2, 3, 4]), float([3, 1]), float([4])] },
  { id: 'Relu/plain', op: 'Relu', inputs: [float([3, 4])] },
  { id: 'LeakyRelu/alpha-0.2', op: 'LeakyRelu', inputs: [float([3, 4])], attrs: { alpha: floatAttr(0.2) } },
  { id: 'Clip/constant-bounds', op: 'Clip', inputs: [float([4, 6], { lo: -2, hi: 8 }), constant([0], []), constant([6], [])] },
  { id: 'Clip/trained-max', op: 'Clip', inputs: [float([4, 6]), omitted, float([], { lo: 0.2, hi: 0.4 })] },
  { id: 'Sigmoid/plain', op: 'Sigmoid', inputs: [float([2, 5], { lo: -4, hi: 4 })] },
  { id: 'Tanh/plain', op: 'Tanh', inputs: [float([2, 5], { lo: -3, hi: 3 })] },
  { id: 'Softmax/axis-1', op: 'Softmax', inputs: [float([2, 3, 4], { lo: -2, hi: 2 })], attrs: { axis: 1 } },
  { id: 'LogSoftmax/last-axis', op: 'LogSoftmax', inputs: [float([3, 5], { lo: -3, hi: 3 })] },
  { id: 'Gemm/transposed-with-alpha-beta', op: 'Gemm', inputs: [float([4, 3]), float([2, 4]), float([3, 1])], attrs: { transA: 1, transB: 1, alpha: floatAttr(0.5), beta: floatAttr(-2) } },
  { id: 'MatMul/batch-broadcast', op: 'MatMul', inputs: [float([2, 1, 3, 4]), float([3, 4, 2])] },
  { id: 'Concat/axis-1-of-three', op: 'Concat', inputs: [float([2, 1, 2]), float([2, 3, 2]), float([2, 2, 2])], attrs: { axis: 1 } },
  {
    id: 'Split/sizes-one-unused', op: 'Split', inputs: [float([2, 6]), ints([2, 3, 1])], attrs: { axis: 1 }, outputs: 3,
    tail: (b, [p, , r]) => b.reshape(b.node('Concat', [r!, p!], { axis: 1 })[0]!, [2, 3]),
  },
  { id: 'Flatten/axis-2', op: 'Flatten', inputs: [float([2, 3, 2, 2])], attrs: { axis: 2 } },
  { id: 'Reshape/infer-dim', op: 'Reshape', inputs: [float([2, 3, 4]), ints([4, -1, 2])] },
  { id: 'Transpose/nchw-to-nhwc', op: 'Transpose', inputs: [float([2, 3, 2, 4])], attrs: { perm: [0, 2, 3, 1] } },
  { id: 'Squeeze/axes', op: 'Squeeze', inputs: [float([2, 1, 3, 1]), ints([1, 3])] },
  { id: 'Unsqueeze/axes', op: 'Unsqueeze', inputs: [float([2, 3]), ints([1, 3])] },
  { id: 'Pad/constant-trained-value', op: 'Pad', inputs: [float([2, 3]), ints([1, 0, 0, 2]), float([], { lo: 0.5, hi: 1 })] },
  { id: 'Pad/crop-and-pad', op: 'Pad', inputs: [float([2, 5, 4]), ints([0, -1, 2, 0, 1, -2])] },
  { id: 'Pad/reflect', op: 'Pad', inputs: [float([1, 2, 4, 3]), ints([0, 0, 1, 2, 0, 0, 2, 1])], attrs: { mode: 'reflect' } },
  { id: 'Pad/edge', op: 'Pad', inputs: [float([2, 3, 3]), ints([0, 2, 1, 0, 0, 3])], attrs: { mode: 'edge' } },
  { id: 'Pad/wrap', op: 'Pad', opset: 19, inputs: [float([3, 4]), ints([2, 1, 1, 3])], attrs: { mode: 'wrap' } },
  { id: 'ReduceSum/axes-no-keepdims', op: 'ReduceSum', inputs: [float([2, 3, 4]), ints([0, 2])], attrs: { keepdims: 0 } },
  { id: 'ReduceMean/axes', op: 'ReduceMean', inputs: [float([2, 3, 4])], attrs: { axes: [1] } },
  { id: 'Identity/plain', op: 'Identity', inputs: [float([2, 3])] },
  { id: 'Cast/float-to-float', op: 'Cast', inputs: [float([2, 3])], attrs: { to: 1 } },
  {
    id: 'Constant/feeding-the-path', op: 'Tanh', rule: 'Constant', inputs: [float([2, 3])],
    tail: (b, [t]) => b.node('Mul', [t!, b.constant([0.5, -2, 3], [3])])[0]!,
    probeDims: [2, 3],
  },
];
