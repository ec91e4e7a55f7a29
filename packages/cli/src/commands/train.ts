/**
 * `kenobi train`: a linear or MLP head on a feature store, optionally k-fold cross-validated, saved as `.kenobi`.
 */
import { resolve } from 'node:path';
import { readFeatures } from '@kenobi/features/node';
import { HEAD_KINDS, HEAD_OPTIMIZERS, type HeadKind, type HeadOptimizer, type HeadSpec } from '@kenobi/learn';
import { saveHeadFile } from '@kenobi/learn/node';
import type { Command } from '../command.js';
import { headData } from '../heads/head-data.js';
import { crossValidateHead, formatCrossValidation } from '../heads/cross-validate-head.js';
import { trainOnData } from '../heads/train-on-data.js';
import { progressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';

function num(name: string, v: unknown, check: (n: number) => boolean, what: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!check(n)) throw new UsageError(`kenobi train: --${name} must be ${what}, got '${String(v)}'`);
  return n;
}
const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;

/**
 * Parses the head options shared by `kenobi train` into a {@link HeadSpec} (without task and classes).
 *
 * @example
 * ```ts
 * headSpecFromArgs({ head: 'mlp', hidden: '256', dropout: '0.5' }); // { head: 'mlp', hidden: [256], dropout: 0.5, ... }
 * ```
 */
export function headSpecFromArgs(values: Record<string, unknown>): Omit<HeadSpec, 'task' | 'classes'> {
  const head = values['head'];
  if (typeof head !== 'string' || !(HEAD_KINDS as readonly string[]).includes(head)) throw new UsageError(`kenobi train: --head must be one of ${HEAD_KINDS.join(', ')}${head === undefined ? '' : `, got '${String(head)}'`}`);
  const optimizer = values['optimizer'];
  if (optimizer !== undefined && !(HEAD_OPTIMIZERS as readonly string[]).includes(String(optimizer))) throw new UsageError(`kenobi train: --optimizer must be one of ${HEAD_OPTIMIZERS.join(', ')}, got '${String(optimizer)}'`);
  const classWeight = values['class-weight'];
  if (classWeight !== undefined && classWeight !== 'balanced') throw new UsageError(`kenobi train: --class-weight must be 'balanced', got '${String(classWeight)}'`);
  const hidden = values['hidden'] === undefined ? undefined : String(values['hidden']).split(',').map((h) => num('hidden', h, positiveInt, 'positive integers (256 or 512,128)')!);
  const spec = {
    head: head as HeadKind,
    hidden,
    dropout: num('dropout', values['dropout'], (n) => n >= 0 && n < 1, 'in [0, 1)'),
    bn: values['bn'] === true ? true : undefined,
    optimizer: optimizer as HeadOptimizer | undefined,
    lr: num('lr', values['lr'], (n) => n > 0, 'a positive number'),
    c: num('c', values['c'], (n) => n > 0, 'a positive number'),
    weightDecay: num('weight-decay', values['weight-decay'], (n) => n >= 0, 'a number >= 0'),
    epochs: num('epochs', values['epochs'], positiveInt, 'a positive integer'),
    batchSize: num('batch', values['batch'], positiveInt, 'a positive integer'),
    classWeight: classWeight as 'balanced' | undefined,
    validationSplit: num('val-split', values['val-split'], (n) => n >= 0 && n < 1, 'in [0, 1)'),
    patience: num('patience', values['patience'], positiveInt, 'a positive integer'),
    seed: num('seed', values['seed'], Number.isInteger, 'an integer'),
  };
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as unknown as Omit<HeadSpec, 'task' | 'classes'>;
}

/**
 * The `train` command.
 *
 * @example
 * ```sh
 * kenobi train --features gz1-train --head mlp --hidden 256 --dropout 0.5 --kfold 5 --out morph.kenobi
 * ```
 */
export const trainCommand: Command = {
  words: ['train'],
  summary: 'Train a linear or MLP head on a feature store (optionally k-fold cross-validated) into a .kenobi file',
  usage: 'kenobi train --features <dir> [--labels class|<target>[,...]] --head linear|mlp [--hidden 256] [--dropout 0.5] [--bn] [--optimizer lbfgs|adam|...] [--lr] [--epochs] [--batch] [--class-weight balanced] [--kfold 5] [--seed 0] --out head.kenobi [--json]',
  details: `
Trains a head on features from kenobi extract. Classification on the store's class labels (2 classes: one
logit, binary cross-entropy; K: softmax, categorical cross-entropy), or regression (mean squared error) on
target columns with --labels z (or z,mass).

  --features      the feature store folder (kenobi extract --out)
  --labels        class (default when the store has classes) or regression target column(s)
  --head          linear (logistic/softmax/linear regression) | mlp
  --hidden        MLP hidden widths, e.g. 256 or 512,128 (default 256)
  --dropout       MLP dropout rate (default 0.5); --bn adds batch norm
  --optimizer     lbfgs (default for linear: scikit-learn's solver, L2 from --c, default C = 1) |
                  adam (default for mlp) | adamw | sgd | rmsprop | adagrad
  --lr, --weight-decay, --epochs (default 30; lbfgs: max iterations, 100), --batch (default 64)
  --val-split     fraction held out for the validation curves (default 0.1, seeded random rows)
  --patience      early stopping on the validation loss, restoring the best weights
  --class-weight  balanced: weights n / (k · count) as scikit-learn
  --kfold         k: stratified k-fold cross-validation first (metrics per fold, mean ± std), then the
                  final head on all rows
  --seed          seeds initial weights, shuffling and dropout (default 0): same seed, same head
  --out           the .kenobi file; its metadata records the features (model, tensor, pooling,
                  preprocessing, dim), classes, options and history; kenobi evaluate checks them

Example: kenobi train --features gz1-train --head linear --kfold 5 --out morph-linear.kenobi`,
  options: {
    features: { type: 'string' }, labels: { type: 'string' }, head: { type: 'string' }, hidden: { type: 'string' },
    dropout: { type: 'string' }, bn: { type: 'boolean' }, optimizer: { type: 'string' }, lr: { type: 'string' },
    c: { type: 'string' }, 'weight-decay': { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' },
    'val-split': { type: 'string' }, patience: { type: 'string' }, 'class-weight': { type: 'string' }, kfold: { type: 'string' },
    seed: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' },
  },
  async run({ values }, io) {
    if (typeof values.features !== 'string') throw new UsageError(`kenobi train: --features is required. Usage: ${trainCommand.usage}`);
    if (typeof values.out !== 'string') throw new UsageError(`kenobi train: --out is required. Usage: ${trainCommand.usage}`);
    const base = headSpecFromArgs(values);
    const kfold = num('kfold', values.kfold, (n) => Number.isInteger(n) && n >= 2, 'an integer >= 2');
    const table = await readFeatures(values.features);
    const data = headData(table, typeof values.labels === 'string' ? values.labels : undefined);
    const spec: HeadSpec = { ...base, task: data.task, classes: data.outputs };
    const log = (line: string): void => {
      if (!values.json) io.stderr.write(`${line}\n`);
    };
    log(`${data.x.rows} rows × ${data.x.cols} features, ${data.task} on ${data.labels}${data.task === 'classification' ? ` (${data.names.join(', ')})` : ''}`);
    const cv = kfold === undefined ? undefined : await crossValidateHead(data, spec, kfold, log);
    if (cv) log(formatCrossValidation(cv));
    const bar = values.json ? undefined : progressBar(io.stderr);
    const trained = await trainOnData(data, spec, bar);
    const meta = table.meta;
    const metadata = {
      kind: 'kenobi-head',
      task: data.task,
      loss: trained.loss.name,
      classes: data.task === 'classification' ? data.names : undefined,
      targets: data.task === 'regression' ? data.names : undefined,
      labels: data.labels,
      features: {
        store: resolve(values.features), dim: table.dim, model: meta.model, tensor: meta.tensor, pool: meta.pool,
        preprocessing: meta.preprocessing, fingerprint: meta.dataset.fingerprint, rows: data.x.rows,
      },
      training: {
        spec, seed: spec.seed ?? 0, engine: trained.engine,
        ...(trained.history ? { history: trained.history.epochs, stoppedEarly: trained.history.stoppedEarly } : {}),
        ...(trained.lbfgs ? { lbfgs: trained.lbfgs } : {}),
      },
      ...(cv ? { crossValidation: cv } : {}),
      createdAt: new Date().toISOString(),
    };
    saveHeadFile(values.out, trained.model, JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>);
    const summary = { out: resolve(values.out), task: data.task, rows: data.x.rows, dim: data.x.cols, params: trained.model.countParams(), engine: trained.engine, ...(cv ? { crossValidation: cv } : {}), ...(trained.lbfgs ? { lbfgs: trained.lbfgs } : {}), epochs: trained.history?.epochs.length };
    if (values.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else io.stdout.write(`wrote ${summary.out}: ${spec.head} head, ${summary.params} params, trained on ${summary.rows} rows (${trained.engine} engine)\n`);
    return 0;
  },
};
