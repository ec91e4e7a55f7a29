/**
 * Test support: the ONNX twins of the PyTorch networks of scripts/fixtures/autodiff/make_torch_parity.py
 * (issue #13 §4 b–d), written with {@link TorchGraph} so every initializer carries its state_dict name.
 */
import type { ModelProto } from '@kenobi/onnx';
import type { ParityNetwork } from './parity-fixture.js';
import { TorchGraph, type TensorSource } from './torch-graph.js';

/** A forward graph ending in the cross-entropy `loss`, and its trainable parameters. */
export interface ParityModel {
  readonly model: ModelProto;
  readonly params: readonly string[];
  /** BatchNormalization node (module) name → elements per channel M, for PyTorch's unbiased running variance. */
  readonly batchNorms: ReadonlyMap<string, number>;
}

/** torchvision's BasicBlock: conv3×3(stride)–BN–ReLU–conv3×3–BN, + identity or the 1×1 downsample + BN, ReLU. */
function basicBlock(g: TorchGraph, x: string, name: string, out: number, stride: number): string {
  let y = g.relu(g.batchNorm(g.conv(x, `${name}.conv1`, { out, kernel: 3, stride, padding: 1, bias: false }), `${name}.bn1`));
  y = g.batchNorm(g.conv(y, `${name}.conv2`, { out, kernel: 3, padding: 1, bias: false }), `${name}.bn2`);
  const identity = stride !== 1 || g.b.shapeOf(x)![1] !== out
    ? g.batchNorm(g.conv(x, `${name}.downsample.0`, { out, kernel: 1, stride, bias: false }), `${name}.downsample.1`)
    : x;
  return g.relu(g.add(y, identity));
}

/**
 * (b) torchvision ResNet-18's `layer4` (BasicBlock 256→512 stride 2 with downsample, BasicBlock 512→512),
 * avgpool, flatten, fc → `classes`, at full width.
 *
 * @example
 * ```ts
 * resnet18Layer4([4, 256, 14, 14], source, 10).params.length; // 17 (5 convs, 5 BN × 2, fc × 2)
 * ```
 */
export function resnet18Layer4(inputDims: readonly number[], source: TensorSource, classes = 10): ParityModel {
  const g = new TorchGraph(inputDims, source);
  const y = basicBlock(g, basicBlock(g, g.x, 'layer4.0', 512, 2), 'layer4.1', 512, 1);
  const model = g.crossEntropy(g.linear(g.flatten(g.globalAveragePool(y)), 'fc', classes), classes);
  return { model, params: g.params, batchNorms: g.batchNorms };
}

/**
 * (c) AlexNet-like: Conv 11×11/4 pad 2 → ReLU → LRN(5, 1e-4, 0.75, 2) → MaxPool 3/2 → Conv 5×5 pad 2 groups 2
 * → ReLU → LRN → MaxPool 3/2 → flatten → fc (16 and 32 channels, [N, 3, 67, 67] → 3×3 before fc).
 *
 * @example
 * ```ts
 * alexnetLrn([4, 3, 67, 67], source).params; // ['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias', 'fc.weight', 'fc.bias']
 * ```
 */
export function alexnetLrn(inputDims: readonly number[], source: TensorSource, classes = 10): ParityModel {
  const g = new TorchGraph(inputDims, source);
  let y = g.maxPool(g.lrn(g.relu(g.conv(g.x, 'conv1', { out: 16, kernel: 11, stride: 4, padding: 2 })), 5, 1e-4, 0.75, 2), 3, 2);
  y = g.maxPool(g.lrn(g.relu(g.conv(y, 'conv2', { out: 32, kernel: 5, padding: 2, groups: 2 })), 5, 1e-4, 0.75, 2), 3, 2);
  const model = g.crossEntropy(g.linear(g.flatten(y), 'fc', classes), classes);
  return { model, params: g.params, batchNorms: g.batchNorms };
}

/**
 * (d) torchvision MobileNetV2 `InvertedResidual(16, 16, stride 1, expand_ratio 6)` (1×1 expand + BN + ReLU6,
 * depthwise 3×3 + BN + ReLU6, 1×1 project + BN, residual add), then global average pool and fc.
 *
 * @example
 * ```ts
 * mobilenetv2Block([4, 16, 14, 14], source).params[0]; // 'block.conv.0.0.weight'
 * ```
 */
export function mobilenetv2Block(inputDims: readonly number[], source: TensorSource, classes = 10): ParityModel {
  const g = new TorchGraph(inputDims, source);
  const c = inputDims[1]!, hidden = c * 6;
  let y = g.relu6(g.batchNorm(g.conv(g.x, 'block.conv.0.0', { out: hidden, kernel: 1, bias: false }), 'block.conv.0.1'));
  y = g.relu6(g.batchNorm(g.conv(y, 'block.conv.1.0', { out: hidden, kernel: 3, padding: 1, groups: hidden, bias: false }), 'block.conv.1.1'));
  y = g.add(g.x, g.batchNorm(g.conv(y, 'block.conv.2', { out: c, kernel: 1, bias: false }), 'block.conv.3'));
  const model = g.crossEntropy(g.linear(g.flatten(g.globalAveragePool(y)), 'fc', classes), classes);
  return { model, params: g.params, batchNorms: g.batchNorms };
}

/**
 * The builder of each fixture network.
 *
 * @example
 * ```ts
 * PARITY_BUILDERS['alexnet-lrn']([4, 3, 67, 67], source).model;
 * ```
 */
export const PARITY_BUILDERS: Readonly<Record<ParityNetwork, (inputDims: readonly number[], source: TensorSource, classes?: number) => ParityModel>> = Object.freeze({
  'resnet18-layer4': resnet18Layer4,
  'alexnet-lrn': alexnetLrn,
  'mobilenetv2-block': mobilenetv2Block,
});
