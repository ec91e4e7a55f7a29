/**
 * The body of the training worker thread of `kenobi train --arch`: ONNX Runtime's `run` blocks its thread
 * for a whole step, so training runs here and the main thread stays free to draw progress and catch Ctrl-C.
 * Runs the stages (folds, then the final model), writes the run checkpoint at every epoch end, between
 * stages and on stop, and posts the model's bytes and the report at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { jsonDifference, KenobiError } from '@kenobi/core';
import { DecodedInputs, DecodePool } from '@kenobi/features/node';
import { imageModelFromSpec, saveImageModel } from '@kenobi/learn';
import { crossValidationReport } from './cross-validation-report.js';
import type { DriverCommand, ImageRunConfig, StageOutcome, WorkerEvent } from './image-run-config.js';
import { readRunCheckpoint, writeRunCheckpoint, type FoldResult, type RunBlobs, type RunState } from './run-checkpoint.js';
import { FRESH_EARLY, flatWeights, runStage, setFlatWeights, type StageStart } from './run-stage.js';
import { planStages } from './stage-plan.js';

const config = (workerData as { config: ImageRunConfig }).config;
const post = (e: WorkerEvent, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(e, transfer);
const controller = new AbortController();
parentPort!.on('message', (m: DriverCommand) => {
  if (m.type === 'stop') controller.abort();
});

/** The metric that ranks folds for `--final best-fold`: AUC for two classes, else accuracy. */
const rank = (m: Readonly<Record<string, number>>): number => m['auc'] ?? m['accuracy'] ?? 0;

async function run(): Promise<void> {
  const started = performance.now();
  const stages = planStages(config.labels, { ...(config.kfold ? { kfold: config.kfold } : {}), valFraction: config.valFraction, seed: config.trainer.seed });
  const pool = new DecodePool(config.workers, config.limits);
  try {
    const inputs = new DecodedInputs(config.dataset, { preprocessing: config.preprocessing, pool, cacheBytes: config.cacheBytes });
    const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
    const cache = inputs.cached
      ? `inputs cached in memory after their first decode (${mib(inputs.totalBytes)} ≤ budget ${mib(config.cacheBytes)})`
      : `inputs streamed, not cached (${mib(inputs.totalBytes)} > budget ${mib(config.cacheBytes)}): about 2 batches in memory`;
    post({ type: 'line', line: `${config.dataset.items.length} images ${inputs.dims[1]}×${inputs.dims[2]}×${inputs.dims[0]}; ${cache}; ${config.workers} decode worker(s)` });

    let state: RunState = { fingerprint: config.fingerprint, settings: config.settings, stage: 0, outcomes: [], folds: [], early: FRESH_EARLY, stageSeconds: 0 };
    let blobs: RunBlobs = { trainer: new Uint8Array(0) };
    if (config.resume) {
      ({ state, blobs } = readRunCheckpoint(config.checkpoint));
      if (state.fingerprint !== config.fingerprint) {
        const d = state.settings === undefined ? undefined : jsonDifference(state.settings, config.settings);
        throw new KenobiError('cli/checkpoint-mismatch', `${config.checkpoint} was written by a run with other settings (${d ? `${d.path}: ${d.left} there, ${d.right} here` : 'data, architecture, preprocessing, augmentation or training options'})`, { hint: 'resume with the same command line, or start again without --resume' });
      }
      post({ type: 'line', line: `resuming ${stages[state.stage]?.name ?? 'the end'} at epoch ${(state.early.val.length) + 1} from ${config.checkpoint}` });
    }
    // NOTE: "a checkpoint exists" means this run (or the one it resumes) wrote it, never a stale file.
    let saved = config.resume;
    const save = (s: RunState, b: RunBlobs): void => {
      state = s;
      blobs = b;
      writeRunCheckpoint(config.checkpoint, s, b);
      saved = true;
    };
    const ctx = {
      config, inputs, signal: controller.signal, post, hasCheckpoint: () => saved,
      save: (early: FoldState['early'], trainer: Uint8Array, seconds: number, bestEpoch: Float32Array | undefined) =>
        save({ ...state, early, stageSeconds: seconds }, { ...blobs, trainer, ...(bestEpoch ? { bestEpoch } : { bestEpoch: undefined }) }),
    };
    for (let s = state.stage; s < stages.length; s++) {
      const stage = stages[s]!;
      const start: StageStart = s === state.stage
        ? { trainer: blobs.trainer, early: state.early, seconds: state.stageSeconds, ...(blobs.bestEpoch ? { bestEpoch: blobs.bestEpoch } : {}) }
        : { early: FRESH_EARLY, seconds: 0 };
      // NOTE: the training rows of the stages still to run (a best-fold run trains no final stage), for the time left
      const after = stages.slice(s + 1).filter((t) => !(config.final === 'best-fold' && t.kind === 'final')).reduce((n, t) => n + t.train.length, 0);
      const r = await runStage(ctx, stage, start, after);
      if (r.stopped) {
        post({ type: 'stopped', checkpoint: config.checkpoint, position: `${stage.name}, epoch ${state.early.val.length + 1}` });
        return;
      }
      const folds: FoldResult[] = [...state.folds];
      let bestFold = state.bestFold, bestFoldWeights = blobs.bestFold;
      if (stage.test && r.scores) {
        const fold: FoldResult = { test: Array.from(stage.test), scores: Array.from(r.scores), metrics: foldMetrics(stage.test, r.scores, r.model.outputs) };
        folds.push(fold);
        post({ type: 'line', line: `${stage.name}: ${Object.entries(fold.metrics).map(([n, v]) => `${n} ${v.toFixed(4)}`).join(', ')} (${r.outcome.epochs} epochs, ${r.outcome.seconds.toFixed(0)} s)` });
        if (bestFold === undefined || rank(fold.metrics) > rank(folds[bestFold]!.metrics)) {
          bestFold = folds.length - 1;
          bestFoldWeights = flatWeights(r.model);
        }
      }
      const outcomes: StageOutcome[] = [...state.outcomes, r.outcome];
      const last = s + 1 === stages.length || (config.final === 'best-fold' && stages[s + 1]!.kind === 'final');
      if (!last) {
        save({ fingerprint: config.fingerprint, settings: config.settings, stage: s + 1, outcomes, folds, early: FRESH_EARLY, stageSeconds: 0, ...(bestFold !== undefined ? { bestFold } : {}) },
          { trainer: new Uint8Array(0), ...(bestFoldWeights ? { bestFold: bestFoldWeights } : {}) });
        continue;
      }
      const model = stage.kind === 'final' ? r.model : imageModelFromSpec(config.model);
      if (stage.kind !== 'final') setFlatWeights(model, bestFoldWeights!);
      const finalOutcome = stage.kind === 'final' ? r.outcome : outcomes[bestFold!]!;
      const report = {
        ...(config.kfold ? { crossValidation: crossValidationReport(folds, config.labels, config.positive, r.model.outputs) } : {}),
        stages: outcomes, final: { ...finalOutcome, from: config.final }, seconds: (performance.now() - started) / 1000, cache,
      };
      const bytes = saveImageModel(model);
      post({ type: 'done', model: bytes, report }, [bytes.buffer as ArrayBuffer]);
      return;
    }
  } finally {
    await pool.dispose();
  }

  function foldMetrics(test: Int32Array, scores: Float32Array, k: number): Record<string, number> {
    return crossValidationReport([{ test: Array.from(test), scores: Array.from(scores), metrics: {} }], config.labels, config.positive, k).outOfFold;
  }
}

type FoldState = Pick<RunState, 'early'>;

run().catch((e: unknown) => {
  const k = e instanceof KenobiError ? e : undefined;
  post({ type: 'failed', error: { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e), ...(k ? { code: k.code, details: JSON.parse(JSON.stringify(k.details)) as Record<string, unknown> } : {}) } });
});
