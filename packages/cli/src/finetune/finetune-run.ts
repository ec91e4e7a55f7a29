/**
 * The stages of a `kenobi finetune` run over an opened trunk source: k stratified folds (when
 * cross-validating: metrics per fold, mean ± std), then the final model on every row but a stratified
 * validation share; progress per step (epoch, loss, accuracy, images/s) and per epoch (the validation
 * metric), checkpoints per epoch, `--resume`, and Ctrl-C (finish the step, checkpoint, exit 130).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { ProgressCallback } from '@kenobi/core';
import { evaluateFinetune, Finetuner, finetuneRows, fitFinetune, linearHead, mlpHead, sampleWeightsFor, type EpochLogs, type FinetuneData, type FinetuneEvent, type Sequential, type TrunkSource } from '@kenobi/learn';
import { loadHeadFile, writeCheckpointFile } from '@kenobi/learn/node';
import { classMetrics } from '../image-training/class-scores.js';
import { planStages } from '../image-training/stage-plan.js';
import type { FinetuneRunConfig } from './finetune-config.js';
import { formatDuration } from '../progress-bar.js';

/** How a run ended. @example `const r: FinetuneRunResult = { kind: 'stopped', stage: 'final', checkpoint: 'gz1.kenobi.ckpt' };` */
export type FinetuneRunResult =
  | {
    readonly kind: 'done'; readonly trainer: Finetuner; readonly folds: readonly Readonly<Record<string, number>>[]; readonly seconds: number; readonly stoppedEarly: boolean;
    /** Cross-validating: each row's held-out outputs [rows × outputs] from its fold's model (absent when folds were resumed from a file). */
    readonly outOfFold?: Float32Array;
    /** Per-epoch logs of every stage trained in this run (folds, then the final model), in order. */
    readonly histories: readonly { readonly stage: string; readonly history: readonly EpochLogs[] }[];
  }
  | { readonly kind: 'stopped'; readonly stage: string; readonly checkpoint: string };

/**
 * The head a stage starts from (a fresh copy each time).
 *
 * @example
 * ```ts
 * const head = makeHead(config, 1024);
 * ```
 */
export function makeHead(config: FinetuneRunConfig, width: number): Sequential {
  const classes = config.classes.length, seed = config.options.seed ?? 0;
  const h = config.head;
  if (h.kind === 'linear') return linearHead({ inputs: width, classes, seed });
  if (h.kind === 'mlp') return mlpHead({ inputs: width, classes, seed, hidden: h.hidden, dropout: h.dropout });
  return loadHeadFile(h.path).model;
}

/**
 * Runs every stage; the final stage's trainer is returned open (the caller saves, exports and disposes it).
 *
 * @example
 * ```ts
 * const r = await runFinetune(config, trunk.source, split.width, { say, bar, signal });
 * ```
 */
export async function runFinetune(
  config: FinetuneRunConfig, source: TrunkSource, width: number, io: { readonly say: (line: string) => void; readonly bar: ProgressCallback & { finish(): void }; readonly signal: AbortSignal },
): Promise<FinetuneRunResult> {
  const t0 = performance.now();
  const k = config.classes.length === 2 ? 1 : config.classes.length;
  const all: FinetuneData = {
    source, items: Int32Array.from({ length: config.labels.length }, (_, i) => i), labels: config.labels,
    ...(config.classWeight ? { weights: sampleWeightsFor('balanced', config.labels) } : {}),
  };
  const stages = planStages(config.labels, { ...(config.kfold ? { kfold: config.kfold } : {}), valFraction: config.valFraction, seed: config.options.seed ?? 0 });
  // NOTE: finished folds are kept beside the checkpoint, so --resume after a stop in fold 3 does not redo folds 1–2.
  const foldsFile = `${config.checkpoint}.folds.json`;
  const folds: Record<string, number>[] = config.resume && existsSync(foldsFile) ? JSON.parse(readFileSync(foldsFile, 'utf8')) as Record<string, number>[] : [];
  if (folds.length > 0) io.say(`resumed: ${folds.length} finished fold${folds.length > 1 ? 's' : ''} read from ${foldsFile}`);
  const histories: { stage: string; history: EpochLogs[] }[] = [];
  // NOTE: out-of-fold outputs live in memory only: after a resume that skipped folds they are incomplete, so left out.
  const outOfFold = config.kfold && folds.length === 0 ? new Float32Array(config.labels.length * k) : undefined;
  for (const [s, stage] of stages.entries()) {
    if (s < folds.length) continue;
    // NOTE: the training rows of the stages after this one, for the time left (each later epoch costs what the last one did per row)
    const after = stages.slice(s + 1).reduce((n, t) => n + t.train.length, 0);
    const head = makeHead(config, width);
    const ft = await Finetuner.create(config.backbone, head, config.options);
    const checkpoint = stage.kind === 'final' ? config.checkpoint : `${config.checkpoint}.${stage.name.replace(/\W+/g, '-')}`;
    if (config.resume && existsSync(checkpoint)) {
      ft.restore(new Uint8Array(readFileSync(checkpoint)));
      io.say(`${stage.name}: resumed from ${checkpoint} at epoch ${ft.position.epoch + 1}, batch ${ft.position.batch + 1}`);
    }
    const train = finetuneRows(all, stage.train);
    const val = stage.val.length > 0 ? finetuneRows(all, stage.val) : undefined;
    io.say(`${stage.name}: ${stage.train.length} training rows${val ? `, ${stage.val.length} validation rows` : ''}${stage.test ? `, ${stage.test.length} held out` : ''}; ${ft.trainable.length} tensors trained (${ft.groups.map((g) => `${g.name} ×${g.scale.toPrecision(3)}`).join(', ')})`);
    const r = await fitFinetune(ft, train, {
      ...(val ? { validation: val } : {}), ...(config.patience !== undefined ? { patience: config.patience } : {}), signal: io.signal,
      onProgress: (e) => progress(e, stage.name, io, { rows: stage.train.length, after }),
      onCheckpoint: (bytes) => writeCheckpointFile(checkpoint, bytes),
    });
    io.bar.finish();
    if (r.stopped === 'aborted') {
      await ft.dispose();
      return { kind: 'stopped', stage: stage.name, checkpoint };
    }
    histories.push({ stage: stage.name, history: [...ft.history] });
    if (stage.kind === 'final') {
      rmSync(checkpoint, { force: true });
      rmSync(foldsFile, { force: true });
      return { kind: 'done', trainer: ft, folds, seconds: (performance.now() - t0) / 1000, stoppedEarly: r.stopped === 'early', histories, ...(outOfFold ? { outOfFold } : {}) };
    }
    const test = finetuneRows(all, stage.test!);
    const ev = await evaluateFinetune(ft, test);
    if (outOfFold) stage.test!.forEach((row, j) => outOfFold.set(ev.outputs.subarray(j * k, (j + 1) * k), row * k));
    const metrics = classMetrics(ev.outputs, k, test.labels as Int32Array, config.positive);
    folds.push(metrics);
    writeFileSync(foldsFile, JSON.stringify(folds));
    io.say(`${stage.name}: held-out ${Object.entries(metrics).map(([m, v]) => `${m} ${v.toFixed(4)}`).join(', ')}`);
    rmSync(checkpoint, { force: true });
    await ft.dispose();
  }
  throw new Error('unreachable: the final stage returns');
}

function progress(e: FinetuneEvent, stage: string, io: { readonly say: (line: string) => void; readonly bar: ProgressCallback }, sizes: { readonly rows: number; readonly after: number }): void {
  if (e.kind === 'batch') {
    io.bar({ phase: `${stage} epoch ${e.epoch + 1}/${e.epochs}`, done: e.batch + 1, total: e.batches, unit: 'batches', detail: `loss ${e.loss.toFixed(4)}${e.accuracy !== undefined ? ` acc ${e.accuracy.toFixed(3)}` : ''} ${e.imagesPerSecond.toFixed(1)} img/s` });
    return;
  }
  const l = e.logs;
  const val = [l.valLoss !== undefined ? `val_loss ${l.valLoss.toFixed(4)}` : '', ...Object.entries(l.metrics).filter(([m]) => m.startsWith('val_')).map(([m, v]) => `${m} ${v.toFixed(4)}`)].filter((s) => s).join('  ');
  const left = ((e.epochs - l.epoch - 1) * sizes.rows + sizes.after * e.epochs) * (l.seconds / Math.max(1, sizes.rows));
  io.say(`${stage} epoch ${l.epoch + 1}/${e.epochs}  loss ${l.loss.toFixed(4)}${l.metrics['accuracy'] !== undefined ? `  acc ${l.metrics['accuracy'].toFixed(3)}` : ''}  ${val}  lr ${l.lr.toExponential(2)}  ${e.imagesPerSecond.toFixed(1)} img/s  ${l.seconds.toFixed(1)} s${left > 0 ? `  about ${formatDuration(left)} left` : ''}${e.best ? '  (best)' : ''}`);
}
