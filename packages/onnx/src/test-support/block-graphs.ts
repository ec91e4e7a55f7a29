/**
 * Test support: small builder graphs of the backbone topologies the block finder names (pre-activation
 * ResNet v2, DenseNet, MobileNetV2, ShuffleNet v2) and an unnamed custom CNN, so block detection is checked
 * without ../shared. Node names are deliberately not the families' own: detection must come from structure.
 */
import { GraphBuilder } from '../builder/graph-builder.js';
import type { ModelProto } from '../onnx-types.js';

type B = GraphBuilder;

function bnRelu(b: B, x: string): string {
  return b.relu(b.batchNorm(x));
}

function head(b: B, x: string, classes = 5): ModelProto {
  b.output(b.dense(b.flatten(b.globalAveragePool(x)), { units: classes, name: 'classifier' }));
  return b.build();
}

/**
 * ResNet v2 (pre-activation): conv stem, 3 blocks (BN-ReLU before each conv; a projection from the
 * pre-activated input where the shape changes), a final BN-ReLU, then the head.
 *
 * @example
 * ```ts
 * modelBlocks(preactResNet()).blocks.map((b) => b.name); // ['conv1', 'layer1.0', 'layer2.0', 'layer2.1', 'post_bn']
 * ```
 */
export function preactResNet(): ModelProto {
  const b = new GraphBuilder({ name: 'n1', seed: 1 });
  let x = b.conv(b.input('input', 'float32', ['N', 3, 32, 32]), { outChannels: 8, kernel: 3, pad: 1 });
  for (const [out, stride] of [[8, 1], [16, 2], [16, 1]] as const) {
    const pre = bnRelu(b, x);
    const y = b.conv(bnRelu(b, b.conv(pre, { outChannels: out, kernel: 3, pad: 1, stride })), { outChannels: out, kernel: 3, pad: 1 });
    x = b.add(y, stride !== 1 ? b.conv(pre, { outChannels: out, kernel: 1, stride }) : x);
  }
  return head(b, bnRelu(b, x));
}

/**
 * A DenseNet (Keras layout, growth 4): stem conv + max-pool, dense blocks of 3 and 2 layers (BN-ReLU-1×1,
 * BN-ReLU-3×3, Concat with the input), a transition (BN-ReLU-1×1-AvgPool) between them, a final BN.
 *
 * @example
 * ```ts
 * modelBlocks(tinyDenseNet()).stages; // [{ name: 'conv2', blocks: 3 }, { name: 'conv3', blocks: 2 }]
 * ```
 */
export function tinyDenseNet(): ModelProto {
  const b = new GraphBuilder({ name: 'n2', seed: 2 });
  let x = b.relu(b.conv(b.input('input', 'float32', ['N', 3, 32, 32]), { outChannels: 8, kernel: 3, pad: 1, stride: 2 }));
  x = b.maxPool(x, { kernel: 2 });
  const denseBlock = (layers: number): void => {
    for (let i = 0; i < layers; i++) {
      const y = b.conv(bnRelu(b, b.conv(bnRelu(b, x), { outChannels: 8, kernel: 1, bias: false })), { outChannels: 4, kernel: 3, pad: 1, bias: false });
      x = b.concat([x, y]);
    }
  };
  denseBlock(3);
  x = b.averagePool(b.conv(bnRelu(b, x), { outChannels: 10, kernel: 1, bias: false }), { kernel: 2 });
  denseBlock(2);
  return head(b, b.batchNorm(x));
}

function convAct(b: B, x: string, out: number, kernel: number, stride = 1, group = 1, act = true): string {
  const y = b.batchNorm(b.conv(x, { outChannels: out, kernel, stride, pad: (kernel - 1) / 2, group, bias: false }));
  if (!act) return y;
  const [clipped] = b.node('Clip', [y, b.constant([0], []), b.constant([6], [])]);
  b.setShape(clipped!, b.shapeOf(y)!);
  return clipped!;
}

/**
 * A MobileNetV2 (opset-12 style ReLU6 as Clip): stem 3×3/2, an inverted residual without expansion, one with
 * expansion and stride 2 (no skip), one with a skip, a final 1×1 conv.
 *
 * @example
 * ```ts
 * modelBlocks(tinyMobileNetV2()).blocks.map((b) => b.name); // ['Conv1', 'expanded_conv', 'block_1', 'block_2', 'Conv_1']
 * ```
 */
export function tinyMobileNetV2(): ModelProto {
  const b = new GraphBuilder({ name: 'n3', seed: 3 });
  const invertedResidual = (t: string, expand: number, out: number, stride: number): string => {
    const wide = expand === 1 ? t : convAct(b, t, expand, 1);
    const c = b.shapeOf(wide)![1] as number;
    return convAct(b, convAct(b, wide, c, 3, stride, c), out, 1, 1, 1, false);
  };
  let x = convAct(b, b.input('input', 'float32', ['N', 3, 32, 32]), 8, 3, 2);
  x = invertedResidual(x, 1, 4, 1);
  x = invertedResidual(x, 24, 6, 2);
  x = b.add(x, invertedResidual(x, 36, 6, 1));
  return head(b, convAct(b, x, 32, 1));
}

/** Reshape [N, C, H, W] → [N, 2, C/2, H, W] → transpose → [N, C, H, W]: ShuffleNet's channel shuffle. */
function shuffle(b: B, x: string): string {
  const [n, c, h, w] = b.shapeOf(x)! as [number, number, number, number];
  return b.reshape(b.transpose(b.reshape(x, [n, 2, c / 2, h, w]), [0, 2, 1, 3, 4]), [n, c, h, w]);
}

/**
 * A ShuffleNet v2 (batch fixed at 1, as the zoo's): stem conv + max-pool, a downsampling unit (two
 * branches, Concat, shuffle), a basic unit (Split, one branch, Concat, shuffle), a second downsampling
 * unit, a final 1×1 conv.
 *
 * @example
 * ```ts
 * modelBlocks(tinyShuffleNet()).stages; // [{ name: 'stage2', blocks: 2 }, { name: 'stage3', blocks: 1 }]
 * ```
 */
export function tinyShuffleNet(): ModelProto {
  const b = new GraphBuilder({ name: 'n4', seed: 4 });
  let x = b.maxPool(b.relu(b.conv(b.input('input', 'float32', [1, 3, 32, 32]), { outChannels: 8, kernel: 3, pad: 1, stride: 2 })), { kernel: 2 });
  const down = (t: string, c: number): string => {
    const dw = (u: string): string => b.batchNorm(b.conv(u, { outChannels: b.shapeOf(u)![1] as number, kernel: 3, pad: 1, stride: 2, group: b.shapeOf(u)![1] as number, bias: false }));
    const left = b.relu(b.conv(dw(t), { outChannels: c, kernel: 1 }));
    const right = b.relu(b.conv(dw(b.relu(b.conv(t, { outChannels: c, kernel: 1 }))), { outChannels: c, kernel: 1 }));
    return shuffle(b, b.concat([left, right]));
  };
  const basic = (t: string): string => {
    const [n, c, h, w] = b.shapeOf(t)! as [number, number, number, number];
    const halves = b.node('Split', [t], { axis: 1 }, { outputs: 2 });
    halves.forEach((half) => b.setShape(half, [n, c / 2, h, w]));
    const r = b.relu(b.conv(b.batchNorm(b.conv(b.relu(b.conv(halves[1]!, { outChannels: c / 2, kernel: 1 })), { outChannels: c / 2, kernel: 3, pad: 1, group: c / 2, bias: false })), { outChannels: c / 2, kernel: 1 }));
    return shuffle(b, b.concat([halves[0]!, r]));
  };
  x = basic(down(x, 8));
  x = down(x, 12);
  return head(b, b.relu(b.conv(x, { outChannels: 32, kernel: 1 })));
}

/**
 * A CNN of no known family: 5×5 and 3×3 convs on 48×48 input, a sigmoid gate (Mul of a feature map and a
 * 1×1 conv of it), then conv + max-pool and the head.
 *
 * @example
 * ```ts
 * modelBlocks(customCnn()).family; // 'generic'
 * ```
 */
export function customCnn(): ModelProto {
  const b = new GraphBuilder({ name: 'n5', seed: 5 });
  let x = b.relu(b.conv(b.input('pixels', 'float32', ['N', 3, 48, 48]), { outChannels: 6, kernel: 5, pad: 2 }));
  x = b.relu(b.conv(x, { outChannels: 12, kernel: 3, stride: 2, pad: 1 }));
  x = b.mul(x, b.sigmoid(b.conv(x, { outChannels: 12, kernel: 1 })));
  x = b.maxPool(b.relu(b.conv(x, { outChannels: 16, kernel: 3, pad: 1 })), { kernel: 2 });
  return head(b, x, 3);
}
