/**
 * Test support: a small seeded residual CNN to fine-tune in tests, with non-trivial batch-norm statistics:
 * input [N, 3, 16, 16] → stem (Conv 8 + BN + Relu, `stem`) → residual block 1 (`block1_out`, [N, 8, 16, 16])
 * → residual block 2 with a strided 1×1 downsample (`block2_out`, [N, 16, 8, 8]) → GlobalAveragePool →
 * Flatten (`pooled`, [N, 16]) → Gemm (10 classes, `logits`).
 */
import { SeededRandom } from '@kenobi/core';
import { float32Tensor, GraphBuilder, tensorToTypedArray, type ModelProto } from '@kenobi/onnx';

function block(b: GraphBuilder, x: string, name: string, out: number, stride: number): string {
  let y = b.relu(b.batchNorm(b.conv(x, { outChannels: out, kernel: 3, pad: 1, stride, bias: false, name: `${name}_conv1` }), { name: `${name}_bn1` }));
  y = b.batchNorm(b.conv(y, { outChannels: out, kernel: 3, pad: 1, bias: false, name: `${name}_conv2` }), { name: `${name}_bn2` });
  const skip = stride === 1 ? x : b.batchNorm(b.conv(x, { outChannels: out, kernel: 1, stride, bias: false, name: `${name}_down` }), { name: `${name}_down_bn` });
  return b.relu(b.add(y, skip), { name: `${name}_out` });
}

/**
 * The model; BN scales, shifts and running statistics are drawn from `seed` (not 1/0/0/1).
 *
 * @example
 * ```ts
 * const backbone = smallResnet(); // cut 'block1_out', feature 'pooled' (16 wide)
 * ```
 */
export function smallResnet(seed = 3): ModelProto {
  const b = new GraphBuilder({ name: 'small_resnet', seed });
  const x = b.input('input', 'float32', ['N', 3, 16, 16]);
  const stem = b.relu(b.batchNorm(b.conv(x, { outChannels: 8, kernel: 3, pad: 1, bias: false, name: 'stem_conv' }), { name: 'stem_bn' }), { name: 'stem' });
  const pooled = b.flatten(b.globalAveragePool(block(b, block(b, stem, 'block1', 8, 1), 'block2', 16, 2)), { name: 'pooled' });
  b.output(b.dense(pooled, { units: 10, name: 'logits' }));
  const model = b.build();
  const rng = new SeededRandom(seed + 100);
  const draw: Record<string, () => number> = {
    scale: () => 0.6 + 0.8 * rng.uniform(), bias: () => 0.2 * rng.normal(), running_mean: () => 0.2 * rng.normal(), running_var: () => 0.5 + rng.uniform(),
  };
  model.graph!.initializer = model.graph!.initializer!.map((t) => {
    const kind = Object.keys(draw).find((k) => t.name!.includes('_bn') && t.name!.endsWith(`.${k}`));
    if (!kind) return t;
    const v = Float32Array.from(tensorToTypedArray(t) as Float32Array, () => draw[kind]!());
    return float32Tensor(t.name!, v, (t.dims ?? []).map(Number));
  });
  return model;
}

/**
 * Seeded inputs of the model's shape (about N(0, 1)) and labels with a learnable rule (the sign of the mean
 * of channel 0), `classes` classes.
 *
 * @example
 * ```ts
 * const { x, y } = smallImages(16, 2, 7); // x: 16·3·16·16 values, y: Int32Array(16)
 * ```
 */
export function smallImages(n: number, classes: number, seed: number): { x: Float32Array; y: Int32Array } {
  const rng = new SeededRandom(seed);
  const per = 3 * 16 * 16;
  const x = Float32Array.from({ length: n * per }, () => rng.normal());
  const y = Int32Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let k = 0; k < 256; k++) s += x[i * per + k]!;
    return classes === 2 ? (s > 0 ? 1 : 0) : Math.min(classes - 1, Math.floor(((Math.tanh(s / 16) + 1) / 2) * classes));
  });
  for (let i = 0; i < n; i++) for (let k = 0; k < 256; k++) x[i * per + k]! += y[i]! - (classes - 1) / 2;
  return { x, y };
}
