/**
 * ResNet-18 and ResNet-50 as torchvision builds them: batch norm after every conv, basic blocks (two 3×3) for
 * ResNet-18, bottlenecks (1×1, 3×3, 1×1 ×4) with the stride on the 3×3 (ResNet v1.5) for ResNet-50, a 1×1
 * conv + BN projection where the shape changes.
 */
import type { onnx } from '../../generated/onnx-proto.js';
import type { GraphBuilder } from '../builder/graph-builder.js';
import { imageInput, resolveArchitectureOptions, type ArchitectureOptions, type ResolvedArchitectureOptions } from './architecture-options.js';

type BlockKind = 'basic' | 'bottleneck';

function convBn(b: GraphBuilder, x: string, name: string, out: number, kernel: number, stride: number, relu: boolean): string {
  const y = b.batchNorm(b.conv(x, { outChannels: out, kernel, stride, pad: (kernel - 1) / 2, bias: false, name }), { name: `${name}.bn` });
  return relu ? b.relu(y) : y;
}

function block(r: ResolvedArchitectureOptions, kind: BlockKind, x: string, name: string, planes: number, stride: number): string {
  const b = r.builder;
  const inChannels = b.shapeOf(x)![1] as number;
  const p = r.scale(planes);
  let y: string;
  let outChannels: number;
  if (kind === 'basic') {
    outChannels = p;
    y = convBn(b, x, `${name}.conv1`, p, 3, stride, true);
    y = convBn(b, y, `${name}.conv2`, p, 3, 1, false);
  } else {
    outChannels = r.scale(planes * 4);
    y = convBn(b, x, `${name}.conv1`, p, 1, 1, true);
    y = convBn(b, y, `${name}.conv2`, p, 3, stride, true);
    y = convBn(b, y, `${name}.conv3`, outChannels, 1, 1, false);
  }
  const shortcut = stride !== 1 || inChannels !== outChannels ? convBn(b, x, `${name}.downsample`, outChannels, 1, stride, false) : x;
  return b.relu(b.add(y, shortcut, { name: `${name}.add` }));
}

function resnet(name: string, kind: BlockKind, layers: readonly number[], options: ArchitectureOptions): onnx.ModelProto {
  const r = resolveArchitectureOptions(name, options);
  const b = r.builder;
  let x = convBn(b, imageInput(r), 'conv1', r.scale(64), 7, 2, true);
  x = b.maxPool(x, { kernel: 3, stride: 2, pad: 1, name: 'maxpool' });
  layers.forEach((blocks, stage) => {
    for (let i = 0; i < blocks; i++) {
      x = block(r, kind, x, `layer${stage + 1}.${i}`, 64 * 2 ** stage, i === 0 && stage > 0 ? 2 : 1);
    }
  });
  x = b.flatten(b.globalAveragePool(x, { name: 'avgpool' }), { name: 'flatten' });
  b.output(b.dense(x, { units: r.numClasses, name: 'logits' }));
  return b.build();
}

/**
 * ResNet-18: 11,689,512 trainable parameters and 9,600 BN running statistics at full width, as torchvision.
 * Output: logits [N, numClasses]; the feature tensor (before the fc) is 'flatten' [N, 512·width].
 *
 * @example
 * ```ts
 * const model = resnet18({ width: 0.25, inputSize: 64, seed: 3 }); // [N, 3, 64, 64] → 'logits' [N, 1000]
 * ```
 */
export function resnet18(options: ArchitectureOptions = {}): onnx.ModelProto {
  return resnet('resnet18', 'basic', [2, 2, 2, 2], options);
}

/**
 * ResNet-50 (v1.5): 25,557,032 trainable parameters and 53,120 BN running statistics at full width, as
 * torchvision. Output: logits [N, numClasses]; the feature tensor is 'flatten' [N, 2048·width].
 *
 * @example
 * ```ts
 * const model = resnet50({ width: 0.125, inputSize: 64 }); // [N, 3, 64, 64] → 'logits' [N, 1000]
 * ```
 */
export function resnet50(options: ArchitectureOptions = {}): onnx.ModelProto {
  return resnet('resnet50', 'bottleneck', [3, 4, 6, 3], options);
}
