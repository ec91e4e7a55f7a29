/**
 * Canaries of the spatial group's rules: Conv in the geometries whose backward differs (plain, the native
 * WebGPU Conv bug's 6 input channels, stride + dilation + asymmetric pads, a 1×1 stride-2 Conv whose weight
 * gradient gathers X's windows with a one-hot depthwise Conv, groups, depthwise, depthwise multiplier 2, a
 * symbolic batch with groups, 1-D, 3-D, SAME padding, 64 input channels at 5×5: dX as a Conv with the flipped
 * kernel, dW by the one-hot Conv and one Gemm; 16 channels at 10×10: dW as one Gemm per kernel tap of the
 * padded input), MaxPool with
 * its Indices output scattered back (ScatterElements with reduction 'add'; MaxUnpool for 2×2/2), AveragePool's
 * grouped ConvTranspose (uniform and per-window counts) and the global pools.
 */
import { float, type GradientCanarySpec } from './canary-spec.js';

const p = (n: number): number[] => [n, n, n, n];

/**
 * The spatial group's canaries.
 *
 * @example
 * ```ts
 * SPATIAL_CANARIES.filter((c) => c.op === 'Conv').length; // 13
 * ```
 */
export const SPATIAL_CANARIES: readonly GradientCanarySpec[] = [
  { id: 'Conv/3x3-pad-1', op: 'Conv', inputs: [float([2, 4, 8, 8]), float([4, 4, 3, 3], { lo: -0.5, hi: 0.5 }), float([4])], attrs: { pads: p(1) } },
  { id: 'Conv/6-input-channels', op: 'Conv', inputs: [float([1, 6, 6, 6]), float([4, 6, 3, 3], { lo: -0.5, hi: 0.5 }), float([4])], attrs: { pads: p(1) } },
  { id: 'Conv/stride-2-dilation-2-asymmetric-pads', op: 'Conv', inputs: [float([1, 2, 11, 11]), float([3, 2, 3, 3], { lo: -0.5, hi: 0.5 }), float([3])], attrs: { strides: [2, 2], dilations: [2, 2], pads: [1, 0, 2, 1] } },
  { id: 'Conv/1x1-stride-2-even-input', op: 'Conv', inputs: [float([2, 4, 8, 8]), float([6, 4, 1, 1], { lo: -0.5, hi: 0.5 })], attrs: { strides: [2, 2] } },
  { id: 'Conv/groups-2', op: 'Conv', inputs: [float([2, 4, 8, 8]), float([6, 2, 5, 5], { lo: -0.5, hi: 0.5 }), float([6])], attrs: { pads: p(2), group: 2 } },
  { id: 'Conv/depthwise-stride-2', op: 'Conv', inputs: [float([2, 4, 8, 8]), float([4, 1, 3, 3], { lo: -0.5, hi: 0.5 }), float([4])], attrs: { strides: [2, 2], pads: p(1), group: 4 } },
  { id: 'Conv/depthwise-multiplier-2', op: 'Conv', inputs: [float([1, 3, 7, 7]), float([6, 1, 3, 3], { lo: -0.5, hi: 0.5 }), float([6])], attrs: { pads: p(1), group: 3 } },
  {
    id: 'Conv/symbolic-batch-groups-2', op: 'Conv',
    inputs: [float([3, 4, 6, 6], { declared: ['N', 4, 6, 6] }), float([4, 2, 3, 3], { lo: -0.5, hi: 0.5 }), float([4])], attrs: { group: 2, pads: p(1), strides: [2, 2] },
  },
  { id: 'Conv/1-D', op: 'Conv', inputs: [float([2, 3, 13]), float([4, 3, 5], { lo: -0.5, hi: 0.5 }), float([4])], attrs: { strides: [2], pads: [1, 2] } },
  { id: 'Conv/3-D', op: 'Conv', inputs: [float([1, 2, 5, 5, 5]), float([2, 2, 3, 3, 3], { lo: -0.5, hi: 0.5 }), float([2])], attrs: { strides: [2, 2, 2], pads: [1, 1, 1, 1, 1, 1] } },
  { id: 'Conv/same-upper-stride-2', op: 'Conv', inputs: [float([1, 2, 9, 9]), float([3, 2, 6, 6], { lo: -0.5, hi: 0.5 }), float([3])], attrs: { auto_pad: 'SAME_UPPER', strides: [2, 2] } },
  { id: 'Conv/3x3-pad-1-64-channels', op: 'Conv', inputs: [float([2, 64, 5, 5]), float([4, 64, 3, 3], { lo: -0.5, hi: 0.5 }), float([4])], attrs: { pads: p(1) } },
  { id: 'Conv/3x3-pad-1-16-channels-10-wide', op: 'Conv', inputs: [float([1, 16, 10, 10]), float([4, 16, 3, 3], { lo: -0.5, hi: 0.5 }), float([4])], attrs: { pads: p(1) } },
  { id: 'MaxPool/2x2-stride-2', op: 'MaxPool', inputs: [float([1, 2, 7, 7])], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
  { id: 'MaxPool/3x3-stride-2-pad-1', op: 'MaxPool', inputs: [float([1, 2, 9, 9])], attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: p(1) } },
  { id: 'MaxPool/own-indices-output', op: 'MaxPool', inputs: [float([1, 2, 6, 6])], attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: p(1) }, outputs: 2 },
  { id: 'MaxPool/ceil-mode', op: 'MaxPool', inputs: [float([1, 2, 8, 8])], attrs: { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 } },
  { id: 'AveragePool/2x2-stride-2', op: 'AveragePool', inputs: [float([2, 3, 8, 8])], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
  { id: 'AveragePool/3x3-pad-1-exclude-pad', op: 'AveragePool', inputs: [float([1, 3, 6, 6])], attrs: { kernel_shape: [3, 3], pads: p(1), count_include_pad: 0 } },
  { id: 'GlobalAveragePool/2-D', op: 'GlobalAveragePool', inputs: [float([2, 3, 5, 5])] },
  { id: 'GlobalMaxPool/2-D', op: 'GlobalMaxPool', inputs: [float([2, 3, 5, 5])] },
];
