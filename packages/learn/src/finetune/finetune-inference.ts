/**
 * Kenobi's own forward of a fine-tuned model: the trunk's output (from a {@link TrunkSource}) through the
 * blocks and the head in inference mode (batch norm on running statistics, dropout off), in its own ORT
 * session over the current weights; and the backbone with the trained weights written back, for the export.
 */
import { float32Tensor, onnx, type ModelProto } from '@kenobi/onnx';
import { openGraphSession, type GraphSession, type OrtTensor } from '../cnn/ort-graph-session.js';
import type { TrainerDevice } from '../cnn/trainer-options.js';
import type { Buffer } from '../layers/layer.js';
import type { Sequential } from '../model/sequential.js';
import type { BackboneSplit } from './backbone-split.js';
import { compileFinetuneInference, type FinetuneInferencePlan } from './finetune-graph.js';
import { HEAD_PREFIX } from './head-on-blocks.js';
import type { TrunkSource } from './trunk-source.js';

/**
 * Lazily opened inference over the blocks and head.
 *
 * @example
 * ```ts
 * const logits = await ft.inference.logits(cache, testItems); // Float32Array [n × outputs]
 * ```
 */
export class FinetuneInference {
  private opened: Promise<{ plan: FinetuneInferencePlan; s: GraphSession }> | undefined;

  constructor(
    private readonly split: BackboneSplit,
    private readonly head: Sequential,
    private readonly device: TrainerDevice,
    private readonly batchSize: number,
    private readonly threads?: number,
  ) {}

  /** The head's params and buffers under their graph names (`kenobi_head/...`), over the head's own arrays. */
  headWeights(): Buffer[] {
    return [...this.head.params(), ...this.head.buffers()].map((p) => ({ name: `${HEAD_PREFIX}${p.name}`, shape: p.shape, value: p.value }));
  }

  /** The logits [items.length × outputs] of `items` of `source` (as they are, or dihedral variant `variant`). */
  async logits(source: TrunkSource, items: ArrayLike<number>, variant?: number): Promise<Float32Array> {
    return this.run(source, items, variant, 'logits', this.head.outputs);
  }

  /**
   * The fine-tuned model's features of `items` [items.length × width]: the trunk output through the trained
   * blocks, pooled as the head reads them (for `--unfreeze 0`, the cached features themselves, pooled).
   *
   * @example
   * ```ts
   * const x = await ft.inference.features(cache, allItems); // embeddings for k-means
   * ```
   */
  async features(source: TrunkSource, items: ArrayLike<number>, variant?: number): Promise<Float32Array> {
    return this.run(source, items, variant, 'features', this.split.width);
  }

  private async run(source: TrunkSource, items: ArrayLike<number>, variant: number | undefined, output: 'logits' | 'features', k: number): Promise<Float32Array> {
    this.opened ??= (async () => {
      const plan = compileFinetuneInference(this.split, this.head);
      return { plan, s: await openGraphSession(plan.model, plan.weights, this.device, this.threads) };
    })();
    const { plan, s } = await this.opened;
    const n = items.length, per = source.perItem, name = plan[output];
    const out = new Float32Array(n * k);
    const x = new Float32Array(Math.min(n, this.batchSize) * per);
    for (let r0 = 0; r0 < n; r0 += this.batchSize) {
      const count = Math.min(this.batchSize, n - r0);
      const rows = Int32Array.from({ length: count }, (_, i) => items[r0 + i]!);
      if (r0 + count < n) source.prefetch?.(Int32Array.from({ length: Math.min(this.batchSize, n - r0 - count) }, (_, i) => items[r0 + count + i]!));
      if (variant === undefined) await source.read(rows, x.subarray(0, count * per));
      else await source.readVariant(rows, x.subarray(0, count * per), variant);
      const input = s.session.tensor(x.subarray(0, count * per), [count, ...this.split.cutDims]);
      try {
        const result = await s.session.session.run({ ...s.weightFeeds, [plan.input]: input }, [name]);
        out.set(result[name]!.data as Float32Array, r0 * k);
        for (const v of Object.values(result)) (v as OrtTensor).dispose();
      } finally {
        input.dispose();
      }
    }
    return out;
  }

  /** `backbone` with the blocks' trained params and running statistics in place of their initializers. */
  finetunedBackbone(backbone: ModelProto): ModelProto {
    const trained = new Map<string, { shape: readonly number[]; value: Float32Array }>();
    for (const p of this.split.params) trained.set(p.name, { shape: p.shape, value: p.value as Float32Array });
    for (const bn of this.split.batchNorms) for (const b of [bn.mean, bn.variance]) trained.set(b.name, { shape: b.shape, value: b.value as Float32Array });
    const graph = backbone.graph!;
    const initializer = (graph.initializer ?? []).map((t) => {
      const w = trained.get(t.name ?? '');
      // NOTE: a copy, so the exported model does not alias arrays the trainer keeps updating.
      return w ? float32Tensor(t.name!, Float32Array.from(w.value), (t.dims ?? []).map(Number)) : t;
    });
    return onnx.ModelProto.create({ ...backbone, graph: onnx.GraphProto.create({ ...graph, initializer: initializer as onnx.TensorProto[] }) });
  }

  async dispose(): Promise<void> {
    if (this.opened) await (await this.opened).s.dispose();
  }
}
