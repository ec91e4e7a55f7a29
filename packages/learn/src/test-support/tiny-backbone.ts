/**
 * A tiny seeded CNN to export heads onto in tests: input [N, 3, 16, 16] → Conv(3→8) → Relu (`feature_map`,
 * [N, 8, 16, 16]) → GlobalAveragePool → Flatten (`pooled`, [N, 8]) → Gemm(10) → Softmax.
 */
import { SeededRandom } from '@kenobi/core';
import { GraphBuilder, toLong, type ModelProto } from '@kenobi/onnx';
import type { Sequential } from '../model/sequential.js';

/**
 * The tiny backbone; `opset` below 13 is written into the model after building (its ops mean the same there).
 *
 * @example
 * ```ts
 * const backbone = tinyBackbone({ seed: 1 }); // cut at 'auto' → 'pooled' [N, 8]
 * ```
 */
export function tinyBackbone(options: { seed?: number; opset?: number } = {}): ModelProto {
  const b = new GraphBuilder({ name: 'tiny', seed: options.seed ?? 0 });
  const x = b.input('input', 'float32', ['N', 3, 16, 16]);
  const f = b.relu(b.conv(x, { outChannels: 8, kernel: 3, pad: 1, bias: true, name: 'conv' }), { name: 'feature_map' });
  const pooled = b.flatten(b.globalAveragePool(f), { name: 'pooled' });
  b.output(b.softmax(b.dense(pooled, { units: 10, name: 'fc' }), { name: 'probs' }));
  const model = b.build();
  if (options.opset !== undefined) model.opset_import = [{ domain: '', version: toLong(options.opset) }];
  return model;
}

/**
 * Seeded random inputs of the tiny backbone's shape, normalised-looking (about N(0, 1)).
 *
 * @example
 * ```ts
 * const x = randomImages(4, 7); // Float32Array of 4·3·16·16
 * ```
 */
export function randomImages(n: number, seed: number, scale = 1, offset = 0): Float32Array {
  const rng = new SeededRandom(seed);
  return Float32Array.from({ length: n * 3 * 16 * 16 }, () => offset + scale * rng.normal());
}

/**
 * Makes batch-norm running statistics and biases non-trivial, so folding them is really tested.
 *
 * @example
 * ```ts
 * perturbBuffers(head, 3);
 * ```
 */
export function perturbBuffers(head: Sequential, seed: number): void {
  const rng = new SeededRandom(seed);
  for (const p of head.params()) if (p.name.endsWith('bias') || p.name.endsWith('beta') || p.name.endsWith('gamma')) for (let i = 0; i < p.value.length; i++) p.value[i] = p.value[i]! + 0.3 * rng.normal();
  for (const b of head.buffers()) {
    const variance = b.name.endsWith('running_var');
    for (let i = 0; i < b.value.length; i++) b.value[i] = variance ? 0.2 + rng.uniform() * 2 : 0.5 * rng.normal();
  }
}
