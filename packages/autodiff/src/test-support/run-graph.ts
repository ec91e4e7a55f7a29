/**
 * Test support: runs a model once on onnxruntime-node CPU or onnxruntime-web WASM and returns every output as
 * plain numbers (float and bool outputs alike), for tests that read more than the loss and gradients
 * (BatchNormalization statistics, Dropout masks).
 */
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { encodeModel, type ModelProto } from '@kenobi/onnx';
import type { Feed } from './check-gradients.js';

ortWeb.env.wasm.numThreads = 1;

/**
 * One output: its values as numbers (bool → 0/1) and its dims.
 *
 * @example
 * ```ts
 * const o: RunOutput = { data: [1, 0, 1], dims: [3] };
 * ```
 */
export interface RunOutput { readonly data: number[]; readonly dims: readonly number[] }

/**
 * Every output of `model` for `feeds` (float32).
 *
 * @example
 * ```ts
 * const out = await runGraph(g.model, { x: { data, dims: [2, 3] } }, 'wasm');
 * out['bn.batch_mean'].data; // [C] numbers
 * ```
 */
export async function runGraph(model: ModelProto, feeds: Readonly<Record<string, Feed>>, backend: 'cpu' | 'wasm'): Promise<Record<string, RunOutput>> {
  const bytes = encodeModel(model);
  const convert = (t: { data: unknown; dims: readonly number[] }): RunOutput => ({ data: Array.from(t.data as ArrayLike<number | boolean>, Number), dims: [...t.dims] });
  if (backend === 'cpu') {
    const s = await ortNode.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1, logSeverityLevel: 3 });
    try {
      const out = await s.run(Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, new ortNode.Tensor('float32', f.data, [...f.dims])])));
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, convert(t)]));
    } finally { await s.release(); }
  }
  const s = await ortWeb.InferenceSession.create(bytes, { executionProviders: ['wasm'], logSeverityLevel: 3 });
  try {
    const out = await s.run(Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, new ortWeb.Tensor('float32', f.data, [...f.dims])])));
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, convert(t)]));
  } finally { await s.release(); }
}
