/**
 * VGG-11 (configuration A) and VGG-16 (configuration D) as torchvision builds them (without batch norm):
 * 3×3 convs with bias and ReLU, 2×2 max-pools, and the 4096-4096 classifier.
 */
import type { onnx } from '../../generated/onnx-proto.js';
import type { ClassifierDropoutOptions } from './alexnet.js';
import { imageInput, requireSpatial, resolveArchitectureOptions } from './architecture-options.js';

const VGG_CONFIGS = Object.freeze({
  vgg11: Object.freeze([64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'] as const),
  vgg16: Object.freeze([64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'] as const),
});

function vgg(name: keyof typeof VGG_CONFIGS, options: ClassifierDropoutOptions): onnx.ModelProto {
  const r = resolveArchitectureOptions(name, options);
  const b = r.builder;
  let x = imageInput(r);
  let block = 1;
  let conv = 1;
  for (const layer of VGG_CONFIGS[name]) {
    if (layer === 'M') {
      x = b.maxPool(x, { kernel: 2, stride: 2, name: `pool${block}` });
      block++;
      conv = 1;
    } else {
      x = b.relu(b.conv(x, { outChannels: r.scale(layer), kernel: 3, pad: 1, name: `conv${block}_${conv++}` }));
    }
  }
  requireSpatial(r, x, name);
  x = b.flatten(x, { name: 'flatten' });
  const drop = (t: string): string => (options.dropout ?? true ? b.dropout(t, { ratio: 0.5 }) : t);
  x = drop(b.relu(b.dense(x, { units: r.scale(4096), init: 'he-normal', name: 'fc6' })));
  x = drop(b.relu(b.dense(x, { units: r.scale(4096), init: 'he-normal', name: 'fc7' })));
  b.output(b.dense(x, { units: r.numClasses, name: 'logits' }));
  return b.build();
}

/**
 * VGG-11: 8 convs (64, M, 128, M, 256×2, M, 512×2, M, 512×2, M) then fc 4096 → fc 4096 → fc numClasses.
 * At 224×224 the last map is 512×7×7 (torchvision's adaptive pool is then the identity and is left out).
 *
 * @example
 * ```ts
 * const model = vgg11({ width: 0.125, inputSize: 32 }); // input [N, 3, 32, 32] → 'logits' [N, 1000]
 * ```
 */
export function vgg11(options: ClassifierDropoutOptions = {}): onnx.ModelProto {
  return vgg('vgg11', options);
}

/**
 * VGG-16: 13 convs in 5 blocks (2, 2, 3, 3, 3) then fc 4096 → fc 4096 → fc numClasses; 138,357,544
 * parameters at full width (553 MB of float32: use `{ materialize: false }` to only count them).
 *
 * @example
 * ```ts
 * const model = vgg16({ width: 0.125, inputSize: 32 }); // input [N, 3, 32, 32] → 'logits' [N, 1000]
 * ```
 */
export function vgg16(options: ClassifierDropoutOptions = {}): onnx.ModelProto {
  return vgg('vgg16', options);
}
