/**
 * Output sizes and explicit ONNX pads of Keras's two paddings for convolutions and pools, per spatial axis.
 * NOTE: Keras/TensorFlow 'same' puts the odd pixel of an even total padding at the END (ONNX SAME_UPPER);
 * the graph writes it as explicit `pads` because ORT's `auto_pad` has a history of bugs and the gradient
 * rules refuse to guess.
 */
import { LearnError } from '../learn-error.js';

/**
 * Keras's paddings: 'valid' (no padding) and 'same' (output = ceil(input / stride)).
 *
 * @example
 * ```ts
 * import { PADDINGS } from '@kenobi/learn';
 * PADDINGS; // ['valid', 'same']
 * ```
 */
export const PADDINGS = Object.freeze(['valid', 'same'] as const);
/** One of {@link PADDINGS}. */
export type Padding = (typeof PADDINGS)[number];

/** One spatial axis of a window op. */
export interface AxisWindow {
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
}

/** Output size and pads of one axis. */
export interface AxisResult {
  readonly size: number;
  readonly padBegin: number;
  readonly padEnd: number;
}

/**
 * TensorFlow's output size and pads for one axis; size ≤ 0 means the window does not fit.
 *
 * @example
 * ```ts
 * axisGeometry(64, { kernel: 6, stride: 1, dilation: 1 }, 'same');  // { size: 64, padBegin: 2, padEnd: 3 }
 * axisGeometry(64, { kernel: 6, stride: 1, dilation: 1 }, 'valid'); // { size: 59, padBegin: 0, padEnd: 0 }
 * ```
 */
export function axisGeometry(input: number, w: AxisWindow, padding: Padding): AxisResult {
  const span = (w.kernel - 1) * w.dilation + 1;
  if (padding === 'valid') return { size: Math.floor((input - span) / w.stride) + 1, padBegin: 0, padEnd: 0 };
  const size = Math.ceil(input / w.stride);
  const total = Math.max((size - 1) * w.stride + span - input, 0);
  const padBegin = Math.floor(total / 2);
  return { size, padBegin, padEnd: total - padBegin };
}

/** A 2-D window's output size and ONNX attributes. */
export interface Window2d {
  readonly height: number;
  readonly width: number;
  /** ONNX order: [top, left, bottom, right]. */
  readonly pads: readonly [number, number, number, number];
}

/**
 * Both spatial axes; throws `learn/shape-mismatch` (naming the layer) when the output would be empty.
 *
 * @example
 * ```ts
 * window2d('conv2d', [64, 64], [6, 6], [1, 1], [1, 1], 'same'); // { height: 64, width: 64, pads: [2, 2, 3, 3] }
 * ```
 */
export function window2d(
  layer: string,
  input: readonly [number, number],
  kernel: readonly [number, number],
  strides: readonly [number, number],
  dilations: readonly [number, number],
  padding: Padding,
): Window2d {
  const h = axisGeometry(input[0], { kernel: kernel[0], stride: strides[0], dilation: dilations[0] }, padding);
  const w = axisGeometry(input[1], { kernel: kernel[1], stride: strides[1], dilation: dilations[1] }, padding);
  if (h.size <= 0 || w.size <= 0) {
    throw new LearnError('learn/shape-mismatch', `${layer}: a ${kernel[0]}×${kernel[1]} window (dilation ${dilations.join('×')}, padding '${padding}') does not fit its ${input[0]}×${input[1]} input: the output would be ${h.size}×${w.size}`, {
      hint: "use a larger inputShape, padding 'same', or fewer pooling layers",
      details: { layer, input: [...input], output: [h.size, w.size] },
    });
  }
  return { height: h.size, width: w.size, pads: [h.padBegin, w.padBegin, h.padEnd, w.padEnd] };
}

/**
 * A Keras size argument (one number or `[h, w]`) as a validated pair of positive integers.
 *
 * @example
 * ```ts
 * pair(3, 'kernelSize');      // [3, 3]
 * pair([1, 7], 'kernelSize'); // [1, 7]
 * ```
 */
export function pair(value: number | readonly number[], what: string): [number, number] {
  const p = typeof value === 'number' ? [value, value] : [...value];
  if (p.length !== 2 || !p.every((v) => Number.isInteger(v) && v > 0)) {
    throw new LearnError('learn/bad-argument', `${what} must be a positive integer or [height, width], got ${JSON.stringify(value)}`);
  }
  return [p[0]!, p[1]!];
}

/**
 * Throws `learn/bad-argument` unless `padding` is one of {@link PADDINGS}.
 *
 * @example
 * ```ts
 * checkPadding('same'); // 'same'
 * ```
 */
export function checkPadding(padding: unknown): Padding {
  if (!(PADDINGS as readonly unknown[]).includes(padding)) {
    throw new LearnError('learn/bad-argument', `padding must be 'valid' or 'same', got ${JSON.stringify(padding)}`);
  }
  return padding as Padding;
}
