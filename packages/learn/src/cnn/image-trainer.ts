/**
 * The image-model trainer: one ORT session on the training graph (forward + loss + backward from
 * `@kenobi/autodiff`), optimizers and running statistics in TypeScript, counter-based seeded randomness,
 * checkpoints that resume bit-identically. Options are plain data, so a worker thread can own a trainer
 * (ORT's `run` blocks its thread) while the main thread shows progress.
 */
import { matrix, type Matrix } from '../backend/matrix.js';
import { HeadLayerAdapter } from './head-layer-adapter.js';
import type { Param } from '../layers/layer.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { LearnError } from '../learn-error.js';
import { binaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { categoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import { meanSquaredError } from '../losses/mean-squared-error.js';
import type { Optimizer } from '../optim/optimizer.js';
import { optimizerFromSpec } from '../optim/optimizer-spec.js';
import type { EpochLogs } from '../train/training-callback.js';
import { decodeCheckpoint, encodeCheckpoint, type TrainingPosition } from './checkpoint-format.js';
import { drawDropoutMasks, suppliedMasks, type SuppliedMasks } from './dropout-masks.js';
import type { MaskPort } from './image-graph.js';
import type { ImageDataset, ImageSource } from './image-dataset.js';
import { fitImages, type ImageFitOptions, type ImageFitResult } from './image-fit.js';
import { imageModelFromSpec } from './image-layer-registry.js';
import { ImageModel, type ImageModelSpec } from './image-model.js';
import { loadWeights } from './image-kenobi-format.js';
import { batchTargets, checkImageTargets } from './image-targets.js';
import { BatchReader } from './batch-reader.js';
import { countCorrect, ImageInference } from './image-inference.js';
import { copyGradients, gradientFormsFor, openGraphSession, runGraph, type GraphSession, type OrtTensor } from './ort-graph-session.js';
import { StepClock, type StepTimings } from './step-timings.js';
import { stepRandom } from './step-random.js';
import { resolveTrainerOptions, type ImageTrainerOptions, type ResolvedTrainerOptions, type TrainerDevice } from './trainer-options.js';
import { compileTrainingGraph, type ImageTrainingPlan } from './training-graph.js';

/** What one training step returns. */
export interface StepResult {
  readonly loss: number;
  /** Correct predictions in the batch (class labels only). */
  readonly correct?: number;
}

/** Options of {@link ImageTrainer.step}. @example `await trainer.step(train, [0, 1], 0, 0, { masks: torchMasks });` */
export interface StepOptions {
  /** Dropout masks to feed instead of the seeded draw (see {@link SuppliedMasks}), e.g. another framework's. */
  readonly masks?: SuppliedMasks;
}

/** Loss (and accuracy for class labels) over a dataset in inference mode. */
export interface Evaluation {
  readonly loss: number;
  readonly accuracy?: number;
}

/**
 * The image trainer class; create with {@link ImageTrainer.create} or {@link ImageTrainer.resume}.
 *
 * @example
 * ```ts
 * const trainer = await ImageTrainer.create(model, { loss: 'binaryCrossEntropy' });
 * await trainer.fit(train, { epochs: 5 });
 * await trainer.dispose();
 * ```
 */
export class ImageTrainer {
  /** Where the next step starts, with the partial sums of the epoch in progress. */
  position: TrainingPosition = { epoch: 0, batch: 0, lossSum: 0, seen: 0, correct: 0 };
  /** One entry per finished epoch. */
  history: EpochLogs[] = [];
  private readonly clock = new StepClock();
  /**
   * The params this trainer differentiates and updates: those of layers trainable when it was created
   * (NOTE: the gradient graph is compiled once; change `trainable` flags before creating a trainer).
   */
  readonly trainable: readonly Param[];
  private readonly inference: ImageInference;
  private readonly reader: BatchReader;
  private readonly maskBuffers = new Map<string, Float32Array>();
  private disposed = false;

  private constructor(
    readonly model: ImageModel,
    readonly options: ResolvedTrainerOptions,
    readonly optimizer: Optimizer,
    private readonly plan: ImageTrainingPlan,
    private readonly train: GraphSession,
  ) {
    this.trainable = plan.gradients.map((g) => g.param);
    this.inference = new ImageInference(model, options.device, options.batchSize, options.threads);
    this.reader = new BatchReader(model, options.batchSize);
  }

  /**
   * Compiles the training graph and opens its session.
   *
   * @example
   * ```ts
   * const trainer = await ImageTrainer.create(model, { loss: 'binaryCrossEntropy', batchSize: 32, seed: 7 });
   * await trainer.fit(train, { epochs: 10, validation: test });
   * await trainer.dispose();
   * ```
   */
  static async create(model: ImageModel | ImageModelSpec, options: ImageTrainerOptions): Promise<ImageTrainer> {
    const m = model instanceof ImageModel ? model : imageModelFromSpec(model);
    const resolved = resolveTrainerOptions(options, m.seed);
    const optimizer = optimizerFromSpec(resolved.optimizer);
    const plan = compileTrainingGraph(m, resolved.loss, await gradientFormsFor(resolved.device));
    const session = await openGraphSession(plan.model, plan.weights, resolved.device, resolved.threads, { gradients: plan.gradients });
    return new ImageTrainer(m, resolved, optimizer, plan, session);
  }

  /**
   * A trainer at the state a checkpoint holds (model rebuilt from its spec, weights, optimizer state,
   * position, history); `overrides` may change where it runs, not what it computes.
   *
   * @example
   * ```ts
   * const trainer = await ImageTrainer.resume(await readFile('run.ckpt'));
   * await trainer.fit(train, { epochs: 10 }); // continues where the checkpoint stopped
   * ```
   */
  static async resume(bytes: Uint8Array, overrides: { readonly device?: TrainerDevice; readonly threads?: number } = {}): Promise<ImageTrainer> {
    const state = decodeCheckpoint(bytes);
    const trainer = await ImageTrainer.create(imageModelFromSpec(state.model), { ...state.options, ...overrides });
    trainer.restore(bytes);
    return trainer;
  }

  /**
   * The training graph's dropout mask inputs in layer order (what {@link StepOptions.masks} holds).
   * @example `trainer.dropoutMasks.map((m) => m.name); // ['dropout/mask', 'dropout_1/mask', ...]`
   */
  get dropoutMasks(): readonly MaskPort[] {
    return this.plan.masks;
  }

  /** Ops the gradient graph differentiates, in forward order. */
  get differentiatedOps(): readonly string[] {
    return this.plan.differentiatedOps;
  }

  /**
   * One optimisation step on images `indices` of `data`, as step `batch` of `epoch` (which picks the dropout
   * masks and augmentation, unless `stepOptions.masks` gives them). Updates weights, optimizer state and
   * batch-norm running statistics.
   *
   * @example
   * ```ts
   * const { loss } = await trainer.step(train, [0, 1, 2, 3], 0, 0);
   * ```
   */
  async step(data: ImageDataset, indices: ArrayLike<number>, epoch: number, batch: number, stepOptions: StepOptions = {}): Promise<StepResult> {
    this.check();
    const { model, plan, options } = this;
    const n = indices.length;
    const supplied = stepOptions.masks === undefined ? undefined : suppliedMasks(stepOptions.masks, plan.masks, n);
    const [c, h, w] = model.inputChw;
    const t = (d: Float32Array, dims: readonly number[]): OrtTensor => this.train.session.tensor(d, dims);
    this.clock.start();
    const x = await this.reader.read(data.images, indices, stepRandom(options.seed, 'augment', epoch, batch), { seed: options.seed, epoch, batch });
    this.clock.lap('read');
    const targets = batchTargets(options.loss, model.outputs, data.labels, indices, data.weights, options.labelSmoothing);
    const feeds: Record<string, OrtTensor> = {
      ...this.train.weightFeeds,
      [plan.input]: t(x, [n, c, h, w]),
      [plan.target]: t(targets.target, targets.targetDims),
      [plan.scale]: t(targets.scale, targets.scaleDims),
    };
    const masks = supplied ?? drawDropoutMasks(plan.masks, n, options.batchSize, stepRandom(options.seed, 'dropout', epoch, batch), this.maskBuffers);
    plan.masks.forEach((m, k) => { feeds[m.name] = t(masks[k]!, [n, ...m.dims]); });
    this.clock.lap('feeds');
    const out = await runGraph(this.train, feeds);
    this.clock.lap('run');
    try {
      const loss = (out[plan.loss]!.data as Float32Array)[0]!;
      if (!Number.isFinite(loss)) {
        throw new LearnError('learn/non-finite-input', `the loss is ${loss} at epoch ${epoch + 1}, batch ${batch + 1}: training diverged (or the images hold NaN/∞)`, { hint: 'lower the learning rate, or check the inputs', details: { epoch, batch } });
      }
      copyGradients(this.train, out, plan.gradients);
      this.clock.lap('gradients');
      this.optimizer.step(this.trainable);
      this.clock.lap('optimizer');
      for (const s of plan.statistics) this.updateRunningStatistics(s.layer, out[s.mean]!.data as Float32Array, out[s.variance]!.data as Float32Array, n * s.perSample);
      const correct = countCorrect(out[plan.logits]!.data as Float32Array, data.labels, indices, model.outputs);
      this.clock.lap('statistics');
      this.clock.done();
      return { loss, ...(correct === undefined ? {} : { correct }) };
    } finally {
      for (const [name, v] of Object.entries(feeds)) if (!(name in this.train.weightFeeds)) v.dispose();
      for (const v of Object.values(out)) (v as OrtTensor).dispose();
    }
  }

  /**
   * Trains until `options.epochs` epochs are done (from the current position, as Keras's `initial_epoch`).
   * Stops after the current step when `options.signal` aborts; `checkpoint()` then resumes exactly there.
   *
   * @example
   * ```ts
   * const result = await trainer.fit(train, { epochs: 10, validation: test, onProgress: (e) => console.log(e) });
   * result.stopped; // 'done' | 'aborted'
   * ```
   */
  async fit(data: ImageDataset, options: ImageFitOptions): Promise<ImageFitResult> {
    this.check();
    checkImageTargets(data.labels, data.images.size, this.options.loss, this.model.outputs, true);
    return fitImages(this, data, options);
  }

  /**
   * The model's outputs for every image (after a final sigmoid/softmax: probabilities), [n × outputs].
   *
   * @example
   * ```ts
   * const p = await trainer.predict(test.images); // Float32Array of n probabilities for a sigmoid model
   * ```
   */
  async predict(images: ImageSource, options: { readonly batchSize?: number } = {}): Promise<Float32Array> {
    this.check();
    return (await this.inference.run(images, options.batchSize)).output;
  }

  /**
   * Loss (and accuracy for class labels) over `data` in inference mode (dropout off, running statistics).
   *
   * @example
   * ```ts
   * const { loss, accuracy } = await trainer.evaluate(test);
   * ```
   */
  async evaluate(data: ImageDataset, options: { readonly batchSize?: number } = {}): Promise<Evaluation> {
    const { model } = this;
    checkImageTargets(data.labels, data.images.size, this.options.loss, model.outputs, false);
    this.check();
    const { logits, output } = await this.inference.run(data.images, options.batchSize);
    const n = data.images.size, k = model.outputs;
    const pred: Matrix = matrix(n, k, this.options.loss === 'meanSquaredError' ? output : logits);
    const loss = this.options.loss === 'binaryCrossEntropy' ? binaryCrossEntropy()
      : this.options.loss === 'categoricalCrossEntropy' ? categoricalCrossEntropy({ labelSmoothing: this.options.labelSmoothing })
        : meanSquaredError();
    const value = loss.compute(pred, data.labels, undefined, data.weights);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const correct = countCorrect(logits, data.labels, all, k);
    return { loss: value, ...(correct === undefined ? {} : { accuracy: correct / n }) };
  }

  /**
   * The full training state as bytes (weights, optimizer state, position, history, options, model spec).
   * Pure: write it with `writeCheckpointFile` (Node, atomic) or anywhere else.
   *
   * @example
   * ```ts
   * const bytes = trainer.checkpoint();
   * ```
   */
  checkpoint(): Uint8Array {
    const state = this.optimizer.saveState?.(this.trainable);
    if (!state) throw new LearnError('learn/bad-argument', `optimizer ${this.optimizer.name} cannot save its state`);
    return encodeCheckpoint({ model: this.model.spec(), options: this.options, position: this.position, history: this.history, optimizer: state, weights: [...this.model.params(), ...this.model.buffers()] });
  }

  /**
   * Loads a checkpoint of the same architecture into this trainer (weights, optimizer state, position, history).
   *
   * @example
   * ```ts
   * trainer.restore(bytes);
   * trainer.position; // { epoch: 1, batch: 0, ... }
   * ```
   */
  restore(bytes: Uint8Array): void {
    const state = decodeCheckpoint(bytes);
    loadWeights(this.model, state.tensors, 'checkpoint');
    const params = this.trainable;
    if (!this.optimizer.loadState) throw new LearnError('learn/bad-argument', `optimizer ${this.optimizer.name} cannot load a state`);
    this.optimizer.loadState(params, state.optimizerState(params));
    this.position = state.position;
    this.history = [...state.history];
  }

  /** Accumulated time per step phase (see {@link StepTimings}). */
  timings(): StepTimings {
    return this.clock.snapshot();
  }

  /** Closes the ORT sessions. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.train.dispose();
    await this.inference.dispose();
  }

  private check(): void {
    if (this.disposed) throw new LearnError('learn/bad-argument', 'this trainer was disposed');
  }

  private updateRunningStatistics(layer: number, mean: Float32Array, variance: Float32Array, count: number): void {
    const bn = (this.model.layers[layer] as HeadLayerAdapter).inner as BatchNormalization;
    const [rm, rv] = bn.buffers();
    const m = bn.momentum, unbias = count > 1 ? count / (count - 1) : 1;
    for (let j = 0; j < mean.length; j++) {
      rm!.value[j] = (1 - m) * rm!.value[j]! + m * mean[j]!;
      rv!.value[j] = (1 - m) * rv!.value[j]! + m * variance[j]! * unbias;
    }
  }
}
