/**
 * Runs a large NCHW input through a session in batches, in order, and stitches the outputs back together.
 * Models whose batch dimension is fixed (the zoo's MNIST, ResNet-20, ShuffleNet int8: 1) are fed exactly that
 * many samples per run, the last batch padded and its padding dropped.
 */
import { throttleProgress, type ProgressCallback, type StridedView } from '@kenobi/core';
import type { ArrayTensor, KenobiSession, TensorData } from './kenobi-session.js';
import { RuntimeError } from './runtime-error.js';
import { floatBatch } from './tensor-input.js';

/** Options of {@link runBatched}. @example `{ batchSize: 32, outputNames: ['avg_pool'], onProgress: (e) => console.log(e.done, e.total) }` */
export interface RunBatchedOptions {
  /** Samples per run (default 8). Ignored when the model's batch dimension is fixed. */
  readonly batchSize?: number;
  /** The input to feed (default the model's first input). */
  readonly inputName?: string;
  /** Outputs to return (default all). */
  readonly outputNames?: readonly string[];
  /** Called after each batch: phase 'infer', unit 'images'. */
  readonly onProgress?: ProgressCallback;
}

/** What {@link runBatched} returns: each output over all N samples, plus the batch size it used. @example `const { outputs, runs } = await runBatched(s, x, [100, 3, 224, 224]) // runs 13 at batch 8` */
export interface BatchedResult {
  readonly outputs: Readonly<Record<string, ArrayTensor>>;
  /** Samples per run actually used (the fixed batch of the model when it has one). */
  readonly batchSize: number;
  /** Number of `session.run` calls. */
  readonly runs: number;
}

/**
 * Runs `input` (dims [N, ...]) in batches and returns every output with its first dim = N, in input order.
 * Input batches are views (no copy) except the padded last batch of a fixed-batch model. `input` is a
 * Float32Array with its `dims`, or a strided view (in Node a scijs `ndarray`, transposed or sliced) whose
 * shape gives the dims (`dims` may then be left out); a view that is not C-contiguous float32 is read into
 * one C-order float32 copy first.
 *
 * @example
 * ```ts
 * const r = await runBatched(session, images, [100, 3, 224, 224], { batchSize: 32, onProgress: console.log });
 * r.outputs[session.outputNames[0]!]!.dims; // [100, 1000]
 * r.runs;                                     // 4
 * await runBatched(session, ndarray(nhwc, [100, 224, 224, 3]).transpose(0, 3, 1, 2)); // NHWC memory as NCHW
 * ```
 */
export async function runBatched(session: KenobiSession, source: Float32Array | StridedView, batchDims?: readonly number[], options: RunBatchedOptions = {}): Promise<BatchedResult> {
  const { data: input, dims } = floatBatch(source, batchDims);
  const inputName = options.inputName ?? session.inputNames[0];
  if (inputName === undefined || !session.inputNames.includes(inputName)) {
    throw new RuntimeError('runtime/bad-input', `no input named '${String(inputName)}'`, { hint: `inputs: ${session.inputNames.join(', ')}` });
  }
  if (dims.length < 1 || dims.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new RuntimeError('runtime/bad-input', `dims must be non-negative integers with the batch first, got [${dims.join(', ')}]`);
  }
  const n = dims[0]!;
  const perSample = dims.slice(1).reduce((a, b) => a * b, 1);
  if (input.length !== n * perSample) {
    throw new RuntimeError('runtime/bad-input', `input holds ${input.length} values but dims [${dims.join(', ')}] need ${n * perSample}`);
  }
  const declared = session.inputShape(inputName);
  if (declared) checkSampleDims(inputName, declared, dims);
  const fixed = typeof declared?.[0] === 'number' ? declared[0] : undefined;
  const batchSize = fixed ?? Math.max(1, Math.floor(options.batchSize ?? 8));
  const outputNames = options.outputNames ?? session.outputNames;
  const progress = throttleProgress(options.onProgress);

  const outputs = new Map<string, { data: TensorData; sampleDims: number[]; perSample: number }>();
  let runs = 0;
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    let batch = input.subarray(start * perSample, (start + count) * perSample);
    if (fixed !== undefined && count < fixed) {
      const padded = new Float32Array(fixed * perSample);
      padded.set(batch);
      batch = padded;
    }
    const rows = fixed ?? count;
    const result = await session.run({ [inputName]: { data: batch, dims: [rows, ...dims.slice(1)] } }, outputNames);
    runs++;
    for (const name of outputNames) {
      const t = result[name]!;
      if (t.dims[0] !== rows) {
        throw new RuntimeError('runtime/bad-input', `output '${name}' has dims [${t.dims.join(', ')}]: its first dim is not the batch (${rows}), so it cannot be split per sample`);
      }
      let o = outputs.get(name);
      if (!o) {
        const sampleDims = t.dims.slice(1);
        const per = sampleDims.reduce((a, b) => a * b, 1);
        const Ctor = t.data.constructor as new (length: number) => TensorData;
        o = { data: new Ctor(n * per), sampleDims, perSample: per };
        outputs.set(name, o);
      }
      (o.data as Float32Array).set((t.data as Float32Array).subarray(0, count * o.perSample), start * o.perSample);
    }
    progress({ phase: 'infer', done: start + count, total: n, unit: 'images' });
  }
  const out: Record<string, ArrayTensor> = {};
  for (const [name, o] of outputs) out[name] = { data: o.data, dims: [n, ...o.sampleDims] };
  return { outputs: out, batchSize, runs };
}

function checkSampleDims(name: string, declared: readonly (number | string | null)[], dims: readonly number[]): void {
  const bad = declared.length !== dims.length || declared.some((d, i) => i > 0 && typeof d === 'number' && d !== dims[i]);
  if (bad) {
    throw new RuntimeError('runtime/bad-input', `input '${name}' expects [${declared.map((d) => d ?? '?').join(', ')}], got [${dims.join(', ')}]`, {
      hint: 'resize or reorder the images to the model\'s input shape (NCHW)',
    });
  }
}
