/**
 * Test support: run one model on onnxruntime-node (CPU) and onnxruntime-web (WASM, in Node, one thread) and
 * return both outputs, so builder graphs can be checked to agree across the two.
 */
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { onnx } from '../../generated/onnx-proto.js';

ortWeb.env.wasm.numThreads = 1;

/**
 * One named float32 output of each runtime.
 *
 * @example
 * ```ts
 * const { node, web, dims } = await runOnBothOrt(model, input, [1, 3, 32, 32]);
 * ```
 */
export interface BothOutputs {
  node: Float32Array;
  web: Float32Array;
  dims: readonly number[];
}

/**
 * Encode the model and run it on both runtimes with the same input; returns the first output.
 *
 * @example
 * ```ts
 * const { node, web, dims } = await runOnBothOrt(lenet5(), new Float32Array(32 * 32), [1, 1, 32, 32]);
 * ```
 */
export async function runOnBothOrt(model: onnx.ModelProto, input: Float32Array, dims: readonly number[]): Promise<BothOutputs> {
  const bytes = onnx.ModelProto.encode(model).finish();
  const inputName = model.graph!.input![0]!.name!;
  const outputName = model.graph!.output![0]!.name!;
  const nodeSession = await ortNode.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  const webSession = await ortWeb.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const a = await nodeSession.run({ [inputName]: new ortNode.Tensor('float32', input, [...dims]) });
    const b = await webSession.run({ [inputName]: new ortWeb.Tensor('float32', input, [...dims]) });
    const outNode = a[outputName]!;
    const outWeb = b[outputName]!;
    return { node: outNode.data as Float32Array, web: outWeb.data as Float32Array, dims: outNode.dims };
  } finally {
    await nodeSession.release();
    await webSession.release();
  }
}

/**
 * Largest absolute difference between two arrays of the same length.
 *
 * @example
 * ```ts
 * maxAbsDiff(new Float32Array([1, 2]), new Float32Array([1, 2.5])); // 0.5
 * ```
 */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
