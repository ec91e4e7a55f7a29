/**
 * Inference for a model being trained: the inference graph (dropout off, running statistics) in its own ORT
 * session, opened on first use, with the weights bound as inputs over the params' arrays so it always sees
 * the current weights.
 */
import type { Targets } from '../losses/loss.js';
import { BatchReader } from './batch-reader.js';
import type { ImageSource } from './image-dataset.js';
import type { ImageModel } from './image-model.js';
import { openGraphSession, type GraphSession, type OrtTensor } from './ort-graph-session.js';
import type { TrainerDevice } from './trainer-options.js';
import { compileInferenceGraph, type ImageInferencePlan } from './training-graph.js';

/** Outputs ([n × k], after a final sigmoid/softmax) and logits (before it; the same array when there is none). */
export interface InferenceResult {
  readonly output: Float32Array;
  readonly logits: Float32Array;
}

/**
 * Lazily opened inference over a model's current weights.
 *
 * @example
 * ```ts
 * const inference = new ImageInference(model, 'cpu', 64);
 * const { output } = await inference.run(test.images);
 * await inference.dispose();
 * ```
 */
export class ImageInference {
  private opened: Promise<{ plan: ImageInferencePlan; s: GraphSession }> | undefined;
  private readonly reader: BatchReader;

  constructor(private readonly model: ImageModel, private readonly device: TrainerDevice, private readonly batchSize: number, private readonly threads?: number) {
    this.reader = new BatchReader(model, batchSize);
  }

  /** Every image of `images`, in batches of `batchSize`. */
  async run(images: ImageSource, batchSize = this.batchSize): Promise<InferenceResult> {
    this.opened ??= (async () => {
      const plan = compileInferenceGraph(this.model);
      return { plan, s: await openGraphSession(plan.model, plan.weights, this.device, this.threads) };
    })();
    const { plan, s } = await this.opened;
    const k = this.model.outputs, n = images.size;
    const [c, h, w] = this.model.inputChw;
    const output = new Float32Array(n * k), logits = plan.logits === plan.output ? output : new Float32Array(n * k);
    for (let r0 = 0; r0 < n; r0 += batchSize) {
      const idx = Int32Array.from({ length: Math.min(n, r0 + batchSize) - r0 }, (_, i) => r0 + i);
      if (r0 + batchSize < n) images.prefetch?.(Int32Array.from({ length: Math.min(n, r0 + 2 * batchSize) - r0 - batchSize }, (_, i) => r0 + batchSize + i));
      const input = s.session.tensor(await this.reader.read(images, idx), [idx.length, c, h, w]);
      const out = await s.session.session.run({ ...s.weightFeeds, [plan.input]: input });
      output.set(out[plan.output]!.data as Float32Array, r0 * k);
      if (logits !== output) logits.set(out[plan.logits]!.data as Float32Array, r0 * k);
      input.dispose();
      for (const v of Object.values(out)) (v as OrtTensor).dispose();
    }
    return { output, logits };
  }

  async dispose(): Promise<void> {
    if (this.opened) await (await this.opened).s.dispose();
  }
}

/**
 * Correct predictions of rows `indices` from their logits [rows × k]: class labels only (undefined for
 * matrix targets); one output: logit > 0 is class 1; k outputs: the argmax (first on ties).
 *
 * @example
 * ```ts
 * countCorrect(Float32Array.of(2, -1), Int32Array.of(1, 1), [0, 1], 1); // 1
 * ```
 */
export function countCorrect(logits: Float32Array, y: Targets, indices: ArrayLike<number>, k: number): number | undefined {
  if (!(y instanceof Int32Array)) return undefined;
  let correct = 0;
  for (let r = 0; r < indices.length; r++) {
    let predicted = 0;
    if (k === 1) predicted = logits[r]! > 0 ? 1 : 0;
    else for (let j = 1; j < k; j++) if (logits[r * k + j]! > logits[r * k + predicted]!) predicted = j;
    if (predicted === y[indices[r]!]) correct++;
  }
  return correct;
}
