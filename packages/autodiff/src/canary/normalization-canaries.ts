/**
 * Canaries of the normalization group's rules: BatchNormalization in training mode (rewritten into primitive
 * ops, its batch and running statistics compared too) and frozen, LRN with an odd and an even size (a large
 * alpha, so the cross term of its gradient matters), Dropout with a fed mask and switched off.
 */
import { floatAttr } from '@kenobi/onnx';
import { constant, float, type GradientCanarySpec } from './canary-spec.js';

const bn = (mode: 'train' | 'frozen'): GradientCanarySpec => ({
  id: `BatchNormalization/${mode}`,
  op: 'BatchNormalization',
  inputs: [float([2, 3, 4, 4]), float([3], { lo: 0.5, hi: 1.5 }), float([3]), constant([0.1, -0.2, 0.3], [3]), constant([0.8, 1.2, 0.5], [3])],
  attrs: { epsilon: floatAttr(1e-3), momentum: floatAttr(0.9) },
  mode: { batchNorm: mode },
});

const lrn = (size: number): GradientCanarySpec => ({
  id: `LRN/size-${size}`,
  op: 'LRN',
  inputs: [float([2, 5, 3, 3])],
  attrs: { size, alpha: floatAttr(0.5), beta: floatAttr(0.75), bias: floatAttr(1) },
});

/**
 * The normalization group's canaries.
 *
 * @example
 * ```ts
 * NORMALIZATION_CANARIES.map((c) => c.id); // ['BatchNormalization/train', 'BatchNormalization/frozen', 'LRN/size-3', ...]
 * ```
 */
export const NORMALIZATION_CANARIES: readonly GradientCanarySpec[] = [
  bn('train'),
  bn('frozen'),
  lrn(3),
  lrn(4),
  { id: 'Dropout/train-fed-mask', op: 'Dropout', inputs: [float([3, 4]), constant([0.3], [])], mode: { dropout: 'train' } },
  { id: 'Dropout/off', op: 'Dropout', inputs: [float([3, 4])], mode: { dropout: 'off' } },
];
