/**
 * LeNet-5 (LeCun et al. 1998), the classic layout the seeds show: conv 6@5×5 → avg-pool → conv 16@5×5 →
 * avg-pool → fc 120 → fc 84 → fc 10, tanh activations, about 60k parameters (61,706).
 */
import type { onnx } from '../../generated/onnx-proto.js';
import { imageInput, requireSpatial, resolveArchitectureOptions, type ArchitectureOptions } from './architecture-options.js';

/**
 * Options of {@link lenet5}: the common ones plus the activation.
 *
 * @example
 * ```ts
 * lenet5({ activation: 'relu', inputSize: 28 } satisfies LeNet5Options);
 * ```
 */
export interface LeNet5Options extends ArchitectureOptions {
  /** 'tanh' as in 1998 (default) or 'relu'. */
  activation?: 'tanh' | 'relu';
}

/**
 * LeNet-5 on a 1×32×32 input (default). A smaller input (MNIST's 28×28) is zero-padded in the first conv so
 * the layers keep their sizes, as Keras tutorials do with `padding='same'`. Output: logits [N, numClasses].
 *
 * @example
 * ```ts
 * const model = lenet5({ inputSize: 28, seed: 1 }); // input [N, 1, 28, 28] → 'logits' [N, 10]
 * ```
 */
export function lenet5(options: LeNet5Options = {}): onnx.ModelProto {
  const r = resolveArchitectureOptions('lenet5', options, { numClasses: 10, inputSize: 32, inChannels: 1 });
  const b = r.builder;
  const act = (x: string): string => (options.activation === 'relu' ? b.relu(x) : b.tanh(x));
  const init = options.activation === 'relu' ? 'he-normal' : 'glorot-uniform';
  let x = imageInput(r);
  const pad = r.inputSize < 32 ? Math.ceil((32 - r.inputSize) / 2) : 0;
  x = act(b.conv(x, { outChannels: r.scale(6), kernel: 5, pad, init, name: 'conv1' }));
  x = b.averagePool(x, { kernel: 2, name: 'pool1' });
  x = act(b.conv(x, { outChannels: r.scale(16), kernel: 5, init, name: 'conv2' }));
  x = b.averagePool(x, { kernel: 2, name: 'pool2' });
  requireSpatial(r, x, 'lenet5');
  x = b.flatten(x, { name: 'flatten' });
  x = act(b.dense(x, { units: r.scale(120), init, name: 'fc1' }));
  x = act(b.dense(x, { units: r.scale(84), init, name: 'fc2' }));
  b.output(b.dense(x, { units: r.numClasses, name: 'logits' }));
  return b.build();
}
