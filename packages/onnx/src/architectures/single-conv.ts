/**
 * A graph of one Conv: the canary the runtime runs to catch the native-WebGPU Conv bug (wrong results when the
 * input channel count is divisible by 3, not by 4, and above 3), and the hand-checked case of the seeds.
 */
import type { onnx } from '../../generated/onnx-proto.js';
import { GraphBuilder } from '../builder/graph-builder.js';

/**
 * Options of {@link singleConvModel}.
 *
 * @example
 * ```ts
 * singleConvModel({ inChannels: 9, outChannels: 2, kernel: 1, size: 4 } satisfies SingleConvOptions);
 * ```
 */
export interface SingleConvOptions {
  /** Input channels (default 6: the smallest count that shows the WebGPU bug). */
  inChannels?: number;
  /** Output channels (default 4). */
  outChannels?: number;
  /** Kernel size (default 3). */
  kernel?: number;
  /** Input height and width (default 8). */
  size?: number;
  /** Padding (default 0). */
  pad?: number;
  /** Seed of the weights (default 0); ignored when `weights` is given. */
  seed?: number;
  /** Fixed kernel values [out, in, k, k] instead of seeded ones (e.g. a 3×3 box filter of 1/9). */
  weights?: Float32Array;
  /** Add a seeded bias (default false). */
  bias?: boolean;
  /** Batch dimension (default 'N'). */
  batch?: 'N' | number;
}

/**
 * One Conv: input 'input' [N, inChannels, size, size] → output 'output' [N, outChannels, size', size'].
 *
 * @example
 * ```ts
 * const canary = singleConvModel({ inChannels: 6, outChannels: 4, kernel: 3, size: 8, seed: 7 }); // → [N, 4, 6, 6]
 * const box = singleConvModel({ inChannels: 1, outChannels: 1, size: 5, weights: new Float32Array(9).fill(1 / 9) });
 * ```
 */
export function singleConvModel(options: SingleConvOptions = {}): onnx.ModelProto {
  const inChannels = options.inChannels ?? 6;
  const outChannels = options.outChannels ?? 4;
  const kernel = options.kernel ?? 3;
  const size = options.size ?? 8;
  const b = new GraphBuilder({ name: 'single_conv', seed: options.seed ?? 0 });
  const x = b.input('input', 'float32', [options.batch ?? 'N', inChannels, size, size]);
  const weight = options.weights === undefined ? undefined : b.initializer('conv.weight', options.weights, [outChannels, inChannels, kernel, kernel]);
  const y = b.conv(x, {
    outChannels,
    kernel,
    pad: options.pad ?? 0,
    bias: options.bias ?? false,
    biasInit: { uniform: 0.1 },
    ...(weight === undefined ? {} : { weight }),
    name: 'output',
  });
  b.output(y);
  return b.build();
}
