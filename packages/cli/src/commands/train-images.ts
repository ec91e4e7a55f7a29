/**
 * `kenobi train --arch <name|file.json> --data <catalog|folder|stack>`: a CNN trained on images (not a head
 * on features), optionally k-fold cross-validated, in a worker thread with progress, Ctrl-C checkpoints and
 * `--resume`; saved as a `.kenobi` image model that `kenobi evaluate`, `export` and `predict` take.
 */
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatAugment } from '@kenobi/features';
import { datasetFingerprint, writeFileAtomic } from '@kenobi/features/node';
import { loadImageModel, saveImageModel } from '@kenobi/learn';
import type { CommandIo } from '../command.js';
import { imageRunConfig } from '../image-training/image-train-args.js';
import type { ImageRunConfig, ImageRunReport } from '../image-training/image-run-config.js';
import { driveImageTraining } from '../image-training/train-driver.js';
import { outOfFoldCsv } from '../image-training/score-csv.js';

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. @example `STOPPED_EXIT_CODE; // 130` */
export const STOPPED_EXIT_CODE = 130;

/**
 * The metadata an image model's `.kenobi` file carries: what `kenobi evaluate`, `export` and `predict`
 * need to prepare images and name classes, and how it was trained.
 *
 * @example
 * ```ts
 * imageModelMetadata(config, report, 'seeds-cnn').classes; // ['lens', 'non-lens']
 * ```
 */
export function imageModelMetadata(config: ImageRunConfig, report: ImageRunReport, arch: string): Record<string, unknown> {
  const cv = report.crossValidation;
  return JSON.parse(JSON.stringify({
    kind: 'kenobi-image-classifier', task: 'classification', classes: config.classes, positive: config.classes[config.positive], labels: 'class',
    arch, preprocessing: config.preprocessing, augment: formatAugment(config.augment),
    data: { source: config.dataset.source, kind: config.dataset.kind, rows: config.dataset.items.length, bandNames: config.dataset.bandNames, fingerprint: datasetFingerprint(config.dataset) },
    training: {
      trainer: config.trainer, epochs: config.epochs, patience: config.patience, valFraction: config.valFraction, kfold: config.kfold,
      final: report.final.from, finalStage: report.final.stage, stoppedEarly: report.final.stoppedEarly, history: report.final.history,
      seconds: report.seconds, fingerprint: config.fingerprint,
    },
    ...(cv ? { crossValidation: { folds: cv.folds, perFold: cv.perFold, mean: cv.mean, std: cv.std, outOfFold: cv.outOfFold } } : {}),
    createdAt: new Date().toISOString(),
  })) as Record<string, unknown>;
}

function oofCsv(config: ImageRunConfig, report: ImageRunReport): string {
  const cv = report.crossValidation!;
  const k = cv.outputs;
  const cols = k === 1 ? [`p_${config.classes[1]}`] : config.classes.map((c) => `p_${c}`);
  return outOfFoldCsv(config.dataset.items, cols, cv.fold, cv.scores);
}

/**
 * Runs the `--arch` form of `kenobi train` (the command's flags, parsed).
 *
 * @example
 * ```ts
 * await trainImages({ arch: 'seeds-cnn', data: 'sim/catalog.csv', out: 'lensnet.kenobi', kfold: '5' }, io);
 * ```
 */
export async function trainImages(values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const quiet = values['json'] === true;
  const say = (line: string): void => {
    if (!quiet) io.stderr.write(`${line}\n`);
  };
  const arch = values['arch'] as string;
  const out = values['out'] as string;
  const { config, model } = await imageRunConfig(values, say);
  say(`${config.dataset.items.length} labelled images, classes ${config.classes.map((c, i) => `${c} ${config.labels.filter((l) => l === i).length}`).join(', ')}; positive class '${config.classes[config.positive]}'`);
  say(`${arch}: ${model.countParams().toLocaleString('en-US')} params, input ${model.inputShape.join('×')}, ${config.trainer.loss}, ${config.trainer.optimizer.name} lr ${config.trainer.optimizer.lr}, batch ${config.trainer.batchSize}, ${config.epochs} epochs, augment ${formatAugment(config.augment)}${config.kfold ? `, ${config.kfold}-fold` : ''}`);
  if (config.resume && !existsSync(config.checkpoint)) {
    say(`no checkpoint at ${config.checkpoint}: starting from the beginning`);
  }
  const result = await driveImageTraining({ ...config, resume: config.resume && existsSync(config.checkpoint) }, io, { quiet });
  if (result.kind === 'stopped') {
    io.stderr.write(`kenobi train: stopped in ${result.position}; checkpoint written to ${resolve(result.checkpoint)}; resume with --resume\n`);
    return STOPPED_EXIT_CODE;
  }
  const { model: trained } = loadImageModel(result.model);
  const report = result.report;
  writeFileAtomic(out, saveImageModel(trained, imageModelMetadata(config, report, arch)));
  const files = [resolve(out)];
  if (report.crossValidation) {
    const oof = `${out}.oof.csv`;
    writeFileAtomic(oof, oofCsv(config, report));
    files.push(resolve(oof));
  }
  rmSync(config.checkpoint, { force: true });
  const cv = report.crossValidation;
  const summary = {
    out: resolve(out), arch, params: trained.countParams(), rows: config.dataset.items.length, classes: config.classes, positive: config.classes[config.positive],
    seconds: report.seconds, final: { from: report.final.from, stage: report.final.stage, epochs: report.final.epochs, stoppedEarly: report.final.stoppedEarly },
    ...(cv ? { crossValidation: { folds: cv.folds, perFold: cv.perFold, mean: cv.mean, std: cv.std, outOfFold: cv.outOfFold } } : {}), files,
  };
  if (quiet) {
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  }
  if (cv) {
    for (const name of Object.keys(cv.mean)) io.stdout.write(`${name} ${cv.mean[name]!.toFixed(4)} ± ${cv.std[name]!.toFixed(4)} (${cv.folds} folds)${cv.outOfFold[name] !== undefined ? `; out-of-fold ${cv.outOfFold[name]!.toFixed(4)}` : ''}\n`);
  }
  const trainedOn = config.valFraction > 0 ? `trained on all ${config.dataset.items.length} rows but the ${config.valFraction} validation share` : `trained on all ${config.dataset.items.length} rows`;
  io.stdout.write(`wrote ${files.join(', ')}: ${arch}, ${summary.params} params, ${report.final.stage === 'final (all rows)' ? trainedOn : `the best fold's model (${report.final.stage})`}, ${report.seconds.toFixed(0)} s\n`);
  return 0;
}
