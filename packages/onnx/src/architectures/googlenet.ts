/**
 * GoogLeNet (Inception v1) as torchvision builds it (no auxiliary heads): every conv is conv (no bias) + BN
 * (eps 0.001) + ReLU, max-pools round up, and the "5×5" branch uses a 3×3 conv as torchvision's does.
 * `lrn: true` adds the two LRNs of the paper and the ONNX zoo's googlenet/inception-v1.
 */
import type { onnx } from '../../generated/onnx-proto.js';
import type { GraphBuilder } from '../builder/graph-builder.js';
import type { ClassifierDropoutOptions } from './alexnet.js';
import { imageInput, resolveArchitectureOptions, type ResolvedArchitectureOptions } from './architecture-options.js';

/**
 * Options of {@link googlenet}.
 *
 * @example
 * ```ts
 * googlenet({ lrn: true, dropout: false } satisfies GoogLeNetOptions);
 * ```
 */
export interface GoogLeNetOptions extends ClassifierDropoutOptions {
  /** Add LRN after the first max-pool and after conv3, as the paper and the ONNX zoo's models (default false). */
  lrn?: boolean;
}

/** Per inception block: 1×1, 3×3 reduce, 3×3, "5×5" reduce, "5×5", pool projection (torchvision's table). */
const INCEPTION = Object.freeze({
  '3a': [64, 96, 128, 16, 32, 32],
  '3b': [128, 128, 192, 32, 96, 64],
  '4a': [192, 96, 208, 16, 48, 64],
  '4b': [160, 112, 224, 24, 64, 64],
  '4c': [128, 128, 256, 24, 64, 64],
  '4d': [112, 144, 288, 32, 64, 64],
  '4e': [256, 160, 320, 32, 128, 128],
  '5a': [256, 160, 320, 32, 128, 128],
  '5b': [384, 192, 384, 48, 128, 128],
} as const);

function basicConv(b: GraphBuilder, x: string, name: string, out: number, kernel: number, stride = 1): string {
  const y = b.conv(x, { outChannels: out, kernel, stride, pad: (kernel - 1) / 2, bias: false, name });
  return b.relu(b.batchNorm(y, { epsilon: 0.001, name: `${name}.bn` }));
}

function inception(r: ResolvedArchitectureOptions, x: string, id: keyof typeof INCEPTION): string {
  const b = r.builder;
  const [c1, r3, c3, r5, c5, pp] = INCEPTION[id].map(r.scale) as [number, number, number, number, number, number];
  const n = `inception${id}`;
  const branch1 = basicConv(b, x, `${n}.branch1`, c1, 1);
  const branch2 = basicConv(b, basicConv(b, x, `${n}.branch2.0`, r3, 1), `${n}.branch2.1`, c3, 3);
  const branch3 = basicConv(b, basicConv(b, x, `${n}.branch3.0`, r5, 1), `${n}.branch3.1`, c5, 3);
  const pooled = b.maxPool(x, { kernel: 3, stride: 1, pad: 1, ceil: true, name: `${n}.branch4.pool` });
  const branch4 = basicConv(b, pooled, `${n}.branch4.1`, pp, 1);
  return b.concat([branch1, branch2, branch3, branch4], { name: `${n}.concat` });
}

/**
 * GoogLeNet: 6,624,904 trainable parameters and 14,560 BN running statistics at full width (torchvision,
 * `aux_logits=False`). Output: logits [N, numClasses]; the feature tensor is 'flatten' [N, 1024·width].
 *
 * @example
 * ```ts
 * const model = googlenet({ width: 0.125, inputSize: 64, lrn: true }); // [N, 3, 64, 64] → 'logits' [N, 1000]
 * ```
 */
export function googlenet(options: GoogLeNetOptions = {}): onnx.ModelProto {
  const r = resolveArchitectureOptions('googlenet', options);
  const b = r.builder;
  const lrn = (t: string, name: string): string => (options.lrn ? b.lrn(t, { size: 5, name }) : t);
  let x = basicConv(b, imageInput(r), 'conv1', r.scale(64), 7, 2);
  x = lrn(b.maxPool(x, { kernel: 3, stride: 2, ceil: true, name: 'maxpool1' }), 'norm1');
  x = basicConv(b, x, 'conv2', r.scale(64), 1);
  x = lrn(basicConv(b, x, 'conv3', r.scale(192), 3), 'norm2');
  x = b.maxPool(x, { kernel: 3, stride: 2, ceil: true, name: 'maxpool2' });
  x = inception(r, inception(r, x, '3a'), '3b');
  x = b.maxPool(x, { kernel: 3, stride: 2, ceil: true, name: 'maxpool3' });
  for (const id of ['4a', '4b', '4c', '4d', '4e'] as const) x = inception(r, x, id);
  x = b.maxPool(x, { kernel: 2, stride: 2, ceil: true, name: 'maxpool4' });
  x = inception(r, inception(r, x, '5a'), '5b');
  x = b.flatten(b.globalAveragePool(x, { name: 'avgpool' }), { name: 'flatten' });
  if (options.dropout ?? true) x = b.dropout(x, { ratio: 0.2 });
  b.output(b.dense(x, { units: r.numClasses, name: 'logits' }));
  return b.build();
}
