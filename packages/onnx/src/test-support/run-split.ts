/**
 * Test support: runs a whole model, or a split one (front, then back on front's output whatever its element
 * type: uint8 in quantized models), on ORT-node CPU, to compare the two.
 */
import * as ort from 'onnxruntime-node';
import { encodeModel } from '../model-codec.js';
import type { ModelProto } from '../onnx-types.js';

/** ORT's graph optimisation level: 'disabled' runs every node as it is (no fusions), so results match bit for bit. */
export type OptimizationLevel = 'disabled' | 'all';

async function withSession<T>(model: ModelProto, level: OptimizationLevel, use: (s: ort.InferenceSession) => Promise<T>): Promise<T> {
  const session = await ort.InferenceSession.create(encodeModel(model), { executionProviders: ['cpu'], logSeverityLevel: 3, graphOptimizationLevel: level });
  try {
    return await use(session);
  } finally {
    await session.release();
  }
}

function floats(r: ort.InferenceSession.OnnxValueMapType): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(r).map(([name, t]) => [name, Float32Array.from((t as ort.Tensor).data as ArrayLike<number>)]));
}

/**
 * The outputs of `model` on one float input, as float arrays by name.
 *
 * @example
 * ```ts
 * (await runWhole(model, seededInput([1, 3, 32, 32]), [1, 3, 32, 32], 'disabled')).logits; // Float32Array
 * ```
 */
export async function runWhole(model: ModelProto, input: Float32Array, shape: readonly number[], level: OptimizationLevel = 'all'): Promise<Record<string, Float32Array>> {
  return withSession(model, level, async (s) => floats(await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', input, [...shape]) })));
}

/**
 * The outputs of `back(front(input))`, as float arrays by name.
 *
 * @example
 * ```ts
 * const out = await runSplit(splitAtBlock(model, 3), seededInput([1, 3, 32, 32]), [1, 3, 32, 32]);
 * out.logits; // Float32Array
 * ```
 */
export async function runSplit(split: { front: ModelProto; back: ModelProto; tensor: string }, input: Float32Array, shape: readonly number[], level: OptimizationLevel = 'all'): Promise<Record<string, Float32Array>> {
  const middle = await withSession(split.front, level, async (s) => (await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', input, [...shape]) }))[split.tensor]!);
  return withSession(split.back, level, async (s) => floats(await s.run({ [split.tensor]: middle })));
}
