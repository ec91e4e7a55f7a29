/**
 * AlexNet: torchvision's layout (so the parameter count is torchvision's 61,100,840) with LRN after the first
 * two ReLUs, as the ONNX zoo's bvlcalexnet (Caffe's) has it.
 */
import type { onnx } from '../../generated/onnx-proto.js';
import { imageInput, requireSpatial, resolveArchitectureOptions, type ArchitectureOptions } from './architecture-options.js';

/**
 * Options of {@link alexnet}, `vgg11`, `vgg16` and `googlenet`: the common ones plus dropout.
 *
 * @example
 * ```ts
 * alexnet({ dropout: false }); // no Dropout nodes: the whole graph can run on WebGPU except the LRNs
 * ```
 */
export interface ClassifierDropoutOptions extends ArchitectureOptions {
  /** Keep the Dropout nodes of the classifier (default true, as the originals; they have no WebGPU kernel). */
  dropout?: boolean;
}

/**
 * AlexNet: conv 64@11×11/4 → ReLU → LRN → max-pool → conv 192@5×5 → ReLU → LRN → max-pool → conv 384, 256,
 * 256 @3×3 → max-pool → [dropout] fc 4096 → [dropout] fc 4096 → fc numClasses. At 224×224 the last feature
 * map is 256×6×6, where torchvision's adaptive average pool is the identity, so it is left out; at other sizes
 * the first fc takes 256·s·s inputs. Output: logits [N, numClasses].
 *
 * @example
 * ```ts
 * const model = alexnet({ width: 0.125, inputSize: 64 }); // input [N, 3, 64, 64] → 'logits' [N, 1000]
 * ```
 */
export function alexnet(options: ClassifierDropoutOptions = {}): onnx.ModelProto {
  const r = resolveArchitectureOptions('alexnet', options);
  const b = r.builder;
  let x = imageInput(r);
  x = b.relu(b.conv(x, { outChannels: r.scale(64), kernel: 11, stride: 4, pad: 2, name: 'conv1' }));
  x = b.maxPool(b.lrn(x, { size: 5, name: 'norm1' }), { kernel: 3, stride: 2, name: 'pool1' });
  x = b.relu(b.conv(x, { outChannels: r.scale(192), kernel: 5, pad: 2, name: 'conv2' }));
  x = b.maxPool(b.lrn(x, { size: 5, name: 'norm2' }), { kernel: 3, stride: 2, name: 'pool2' });
  x = b.relu(b.conv(x, { outChannels: r.scale(384), kernel: 3, pad: 1, name: 'conv3' }));
  x = b.relu(b.conv(x, { outChannels: r.scale(256), kernel: 3, pad: 1, name: 'conv4' }));
  x = b.relu(b.conv(x, { outChannels: r.scale(256), kernel: 3, pad: 1, name: 'conv5' }));
  x = b.maxPool(x, { kernel: 3, stride: 2, name: 'pool5' });
  requireSpatial(r, x, 'alexnet');
  x = b.flatten(x, { name: 'flatten' });
  const drop = (t: string): string => (options.dropout ?? true ? b.dropout(t, { ratio: 0.5 }) : t);
  x = b.relu(b.dense(drop(x), { units: r.scale(4096), init: 'he-normal', name: 'fc6' }));
  x = b.relu(b.dense(drop(x), { units: r.scale(4096), init: 'he-normal', name: 'fc7' }));
  b.output(b.dense(x, { units: r.numClasses, name: 'logits' }));
  return b.build();
}
