/**
 * The fine-tuning trainer: a pretrained backbone split at a cut tensor, the trunk before it frozen (its
 * output comes from a {@link TrunkSource}: a cache or the trunk run per step), the blocks after it and a head
 * trained in ONE ORT session on the `@kenobi/autodiff` gradient graph, with layer-wise learning rates,
 * batch-norm running statistics in TypeScript, counter-based seeded randomness and checkpoints that resume
 * bit-identically. The same machinery as `ImageTrainer` (graph sessions, losses, targets, dropout masks,
 * optimizers with saved state), over "an ONNX subgraph + a head" instead of Keras-named layers.
 */
import type { ModelProto } from '@kenobi/onnx';
import { type TrainingPosition } from '../cnn/checkpoint-format.js';
import { drawDropoutMasks } from '../cnn/dropout-masks.js';
import { countCorrect } from '../cnn/image-inference.js';
import { batchTargets } from '../cnn/image-targets.js';
import { copyGradients, gradientFormsFor, openGraphSession, runGraph, type GraphSession, type OrtTensor } from '../cnn/ort-graph-session.js';
import { stepRandom } from '../cnn/step-random.js';
import type { Buffer, Param } from '../layers/layer.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import type { Sequential } from '../model/sequential.js';
import type { Optimizer } from '../optim/optimizer.js';
import { optimizerFromSpec } from '../optim/optimizer-spec.js';
import type { LrSchedule } from '../schedules/lr-schedule.js';
import type { EpochLogs } from '../train/training-callback.js';
import { LearnError } from '../learn-error.js';
import { splitBackbone, type BackboneSplit } from './backbone-split.js';
import { decodeFinetuneCheckpoint, encodeFinetuneCheckpoint } from './finetune-checkpoint.js';
import { FinetuneError } from './finetune-error.js';
import { finetuneIdentity, type FinetuneData } from './finetune-data.js';
import { compileFinetuneTraining, type FinetuneTrainingPlan, type StatisticsOutput } from './finetune-graph.js';
import { FinetuneInference } from './finetune-inference.js';
import { resolveFinetuneOptions, type FinetuneOptions, type ResolvedFinetuneOptions } from './finetune-options.js';
import { finetuneSchedule, layerwiseGroups, stepGroups, type ParamGroup } from './layerwise-lr.js';

/** What one step returns. @example `const r: FinetuneStepResult = { loss: 0.69, correct: 21 };` */
export interface FinetuneStepResult {
  readonly loss: number;
  /** Correct predictions in the batch (class labels only). */
  readonly correct?: number;
}

/**
 * The fine-tuning trainer; create with {@link Finetuner.create}.
 *
 * @example
 * ```ts
 * const ft = await Finetuner.create(densenet, linearHead({ inputs: 1024, classes: 2 }), { cut: 'pool4_pool', feature: 'avg_pool', loss: 'binaryCrossEntropy', epochs: 10 });
 * await fitFinetune(ft, train, { validation: test });
 * const merged = ft.exportModel({ classes: ['elliptical', 'spiral'] });
 * await ft.dispose();
 * ```
 */
export class Finetuner {
  /** Where the next step starts, with the partial sums of the epoch in progress. */
  position: TrainingPosition = { epoch: 0, batch: 0, lossSum: 0, seen: 0, correct: 0 };
  /** One entry per finished epoch. */
  history: EpochLogs[] = [];
  /** The params this trainer updates: the blocks' then the head's trainable ones. */
  readonly trainable: readonly Param[];
  /** The learning-rate groups (head, block 1, block 2, ...). */
  readonly groups: readonly ParamGroup[];
  /** What a checkpoint must match to be resumed here. */
  readonly identity: string;
  readonly inference: FinetuneInference;
  private readonly schedule: LrSchedule | undefined;
  private readonly masks = new Map<string, Float32Array>();
  private input = new Float32Array(0);
  private disposed = false;

  private constructor(
    readonly backbone: ModelProto,
    readonly split: BackboneSplit,
    readonly head: Sequential,
    readonly options: ResolvedFinetuneOptions,
    readonly optimizer: Optimizer,
    private readonly plan: FinetuneTrainingPlan,
    private readonly train: GraphSession,
  ) {
    this.trainable = plan.gradients.map((g) => g.param);
    const blockParams = new Set<Param>(split.params);
    this.groups = layerwiseGroups(
      this.trainable.filter((p) => !blockParams.has(p)),
      this.trainable.filter((p) => blockParams.has(p)).map((param) => ({ param, block: options.paramBlocks?.[param.name] ?? 1 })),
      options.lrDecay,
    );
    this.schedule = finetuneSchedule(options.schedule, options.epochs);
    this.identity = finetuneIdentity(options, head, this.trainable.map((p) => p.name));
    this.inference = new FinetuneInference(split, head, options.device, options.batchSize, options.threads);
  }

  /**
   * Splits `backbone`, compiles the training graph and opens its session. `learn/finetune-cut` for a bad cut,
   * `learn/finetune-head-mismatch` when the head's input width is not the feature width.
   *
   * @example
   * ```ts
   * const ft = await Finetuner.create(model, head, { cut: 'layer3_out', feature: 'pooled', loss: 'categoricalCrossEntropy', epochs: 5, batchNorm: 'train' });
   * ```
   */
  static async create(backbone: ModelProto, head: Sequential, options: FinetuneOptions): Promise<Finetuner> {
    const resolved = resolveFinetuneOptions(options);
    const split = splitBackbone(backbone, resolved);
    if (head.inputs !== split.width) {
      throw new FinetuneError('learn/finetune-head-mismatch', `the head takes ${head.inputs} features but '${split.feature}'${split.featureDims.length > 1 ? ` (${split.pool}-pooled)` : ''} gives ${split.width}`, { hint: 'build the head on the feature width of this backbone and tensor' });
    }
    const plan = compileFinetuneTraining(split, head, resolved.loss, resolved.batchNorm, await gradientFormsFor(resolved.device));
    const session = await openGraphSession(plan.model, plan.weights, resolved.device, resolved.threads, { gradients: plan.gradients });
    return new Finetuner(backbone, split, head, resolved, optimizerFromSpec(resolved.optimizer), plan, session);
  }

  /** Ops the gradient graph differentiates, in forward order. */
  get differentiatedOps(): readonly string[] {
    return this.plan.differentiatedOps;
  }

  /** The learning rate of the head and top block in `epoch` (the schedule applied to the optimizer's base lr). */
  lrAt(epoch: number): number {
    return this.schedule ? this.schedule.lrAt(epoch, this.optimizer.baseLr) : this.optimizer.baseLr;
  }

  /**
   * One optimisation step on rows `positions` of `data`, as step `batch` of `epoch` (which picks the
   * augmentation variants and the head's dropout masks). Updates weights, optimizer state and running statistics.
   *
   * @example
   * ```ts
   * const { loss } = await ft.step(train, [0, 1, 2, 3], 0, 0);
   * ```
   */
  async step(data: FinetuneData, positions: ArrayLike<number>, epoch: number, batch: number): Promise<FinetuneStepResult> {
    this.check();
    const { plan, options } = this;
    const n = positions.length, per = data.source.perItem;
    if (this.input.length < n * per) this.input = new Float32Array(Math.max(n, options.batchSize) * per);
    const x = this.input.subarray(0, n * per);
    await data.source.read(Int32Array.from(positions, (p) => data.items[p]!), x, { seed: options.seed, epoch });
    const targets = batchTargets(options.loss, this.head.outputs, data.labels, positions, data.weights, options.labelSmoothing);
    const t = (d: Float32Array, dims: readonly number[]): OrtTensor => this.train.session.tensor(d, dims);
    const feeds: Record<string, OrtTensor> = {
      ...this.train.weightFeeds,
      [plan.input]: t(x, [n, ...this.split.cutDims]),
      [plan.target]: t(targets.target, targets.targetDims),
      [plan.scale]: t(targets.scale, targets.scaleDims),
    };
    const masks = drawDropoutMasks(plan.masks, n, options.batchSize, stepRandom(options.seed, 'dropout', epoch, batch), this.masks);
    plan.masks.forEach((m, k) => (feeds[m.name] = t(masks[k]!, [n, ...m.dims])));
    const out = await runGraph(this.train, feeds);
    try {
      const loss = (out[plan.loss]!.data as Float32Array)[0]!;
      if (!Number.isFinite(loss)) {
        throw new LearnError('learn/non-finite-input', `the loss is ${loss} at epoch ${epoch + 1}, batch ${batch + 1}: training diverged`, { hint: 'lower the learning rate', details: { epoch, batch } });
      }
      copyGradients(this.train, out, plan.gradients);
      stepGroups(this.optimizer, this.groups, this.lrAt(epoch));
      for (const s of plan.statistics) this.updateStatistics(s, out[s.mean]!.data as Float32Array, out[s.variance]!.data as Float32Array, n);
      const correct = countCorrect(out[plan.logits]!.data as Float32Array, data.labels, positions, this.head.outputs);
      return { loss, ...(correct === undefined ? {} : { correct }) };
    } finally {
      for (const [name, v] of Object.entries(feeds)) if (!(name in this.train.weightFeeds)) v.dispose();
      for (const v of Object.values(out)) (v as OrtTensor).dispose();
    }
  }

  /** Every weight a checkpoint or export carries: the blocks' params and running statistics, the head's params and buffers. */
  weights(): readonly (Param | Buffer)[] {
    return [...this.split.params, ...this.split.batchNorms.flatMap((bn) => [bn.mean, bn.variance]), ...this.inference.headWeights()];
  }

  /**
   * The full training state as bytes (see `finetune-checkpoint.ts`).
   *
   * @example
   * ```ts
   * writeCheckpointFile('run.ckpt', ft.checkpoint());
   * ```
   */
  checkpoint(info: Readonly<Record<string, unknown>> = {}): Uint8Array {
    const state = this.optimizer.saveState?.(this.trainable);
    if (!state) throw new FinetuneError('learn/finetune-option', `optimizer ${this.optimizer.name} cannot save its state`);
    return encodeFinetuneCheckpoint({ identity: this.identity, info, position: this.position, history: this.history, optimizer: state, weights: this.weights() });
  }

  /**
   * Loads a checkpoint of this run (`learn/finetune-checkpoint` for another run's).
   *
   * @example
   * ```ts
   * ft.restore(readFileSync('run.ckpt'));
   * ft.position.epoch; // where it stopped
   * ```
   */
  restore(bytes: Uint8Array): Readonly<Record<string, unknown>> {
    const weights = this.weights();
    const state = decodeFinetuneCheckpoint(bytes, this.identity, weights, this.trainable);
    for (const w of weights) w.value.set(state.tensors.get(w.name)!);
    this.optimizer.loadState!(this.trainable, state.optimizer);
    this.position = state.position;
    this.history = [...state.history];
    return state.info;
  }

  /** The backbone with the trained blocks' weights and running statistics written into its initializers. */
  finetunedBackbone(): ModelProto {
    return this.inference.finetunedBackbone(this.backbone);
  }

  /** Closes the ORT sessions. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.train.dispose();
    await this.inference.dispose();
  }

  private check(): void {
    if (this.disposed) throw new FinetuneError('learn/finetune-option', 'this fine-tuner was disposed');
  }

  /**
   * Running statistics from the batch's: the blocks' as PyTorch (and TF) update them, with the UNBIASED batch
   * variance and the node's ONNX momentum; the head's as its `BatchNormalization` layer defines them.
   */
  private updateStatistics(s: StatisticsOutput, mean: Float32Array, variance: Float32Array, n: number): void {
    if (s.kind === 'block') {
      const m = s.bn.momentum, count = n * s.bn.perSample, unbias = count > 1 ? count / (count - 1) : 1;
      const rm = s.bn.mean.value, rv = s.bn.variance.value;
      for (let j = 0; j < mean.length; j++) {
        rm[j] = m * rm[j]! + (1 - m) * mean[j]!;
        rv[j] = m * rv[j]! + (1 - m) * variance[j]! * unbias;
      }
      return;
    }
    const bn = this.head.layers[s.layer] as BatchNormalization;
    const [rm, rv] = bn.buffers();
    const m = bn.momentum, unbias = n > 1 ? n / (n - 1) : 1;
    for (let j = 0; j < mean.length; j++) {
      rm!.value[j] = (1 - m) * rm!.value[j]! + m * mean[j]!;
      rv!.value[j] = (1 - m) * rv!.value[j]! + m * variance[j]! * unbias;
    }
  }
}

