/**
 * One ORT session for one compiled graph, with the weight inputs bound once: each weight tensor wraps the
 * param's own Float32Array, so in-place optimizer updates reach the next run with no copy (onnxruntime-node
 * reads the array at run time; onnxruntime-web copies inputs into WASM memory on each run in any case).
 */
import { encodeModel, type ModelProto } from '@kenobi/onnx';
import { createSession, type KenobiSession } from '@kenobi/runtime';
import type { Buffer, Param } from '../layers/layer.js';
import type { TrainerDevice } from './trainer-options.js';

/** An ORT tensor of the session's package (onnxruntime-node or -web). */
export type OrtTensor = ReturnType<KenobiSession['tensor']>;

/**
 * A session and its bound weight feeds.
 *
 * @example
 * ```ts
 * const s = await openGraphSession(plan.model, plan.weights, 'cpu');
 * await s.dispose();
 * ```
 */
export interface GraphSession {
  readonly session: KenobiSession;
  /** Weight input name → tensor over the param's or buffer's array. */
  readonly weightFeeds: Readonly<Record<string, OrtTensor>>;
  dispose(): Promise<void>;
}

/**
 * Opens `model` on `device` and binds `weights`.
 *
 * @example
 * ```ts
 * const s = await openGraphSession(plan.model, plan.weights, 'cpu', 2);
 * const out = await s.session.session.run({ ...s.weightFeeds, input: s.session.tensor(x, [n, 3, 64, 64]) });
 * ```
 */
export async function openGraphSession(model: ModelProto, weights: ReadonlyMap<string, Param | Buffer>, device: TrainerDevice, threads?: number): Promise<GraphSession> {
  const session = await createSession(encodeModel(model), {
    device,
    sessionOptions: {
      ...(threads === undefined ? {} : { intraOpNumThreads: threads, interOpNumThreads: 1 }),
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      // NOTE: measured on the seeds' CNN (batch 64) and ResNet-18 layer4 training graphs, 2 threads
      // (docs/benchmarks/cnn.md, train-autodiff.md). Without ORT's memory pattern (one preplanned block per
      // input shape, on top of the arena) peak RSS fell 1273 → 775 MB and 530 → 434 MB at the same time per
      // step. Intra-op threads do not spin: a step is a few long kernels, so waking a thread costs nothing
      // next to them, while spinning burnt ~30% more CPU per step on a loaded 2-core machine (seeds' CNN:
      // 2400 → 1706 ms CPU, wall 6144 → 4650 ms). Both hold for the inference graphs as well.
      enableMemPattern: false,
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    },
  });
  const weightFeeds: Record<string, OrtTensor> = {};
  for (const [name, p] of weights) weightFeeds[name] = session.tensor(p.value as Float32Array, p.shape);
  return {
    session,
    weightFeeds,
    async dispose(): Promise<void> {
      for (const t of Object.values(weightFeeds)) t.dispose();
      await session.dispose();
    },
  };
}
