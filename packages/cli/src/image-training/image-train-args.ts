/**
 * `kenobi train --arch ...` flags → an {@link ImageRunConfig}: the dataset (labelled rows), the model (a
 * built-in name or a JSON layer list, checked against the classes), the preprocessing (as `kenobi extract`
 * takes it), augmentation, trainer options and the run's fingerprint. Runs in the main thread, before any
 * training, so bad input fails at once with a typed error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkImagePreprocessing, labelIndices, parseAugment, type Dataset, type ImagePreprocessing } from '@kenobi/features';
import { datasetFingerprint } from '@kenobi/features/node';
import type { PreprocessingConfig } from '@kenobi/imaging';
import { BUILTIN_ARCHITECTURES, builtinArchitecture, heUniform, checkClassifierOutputs, compileTrainingGraph, imageModelFromLayerList, LearnError, OPTIMIZER_NAMES, TRAINER_DEVICES, type ImageModel, type OptimizerSpec, type TrainerDevice } from '@kenobi/learn';
import { UsageError } from '../usage-error.js';
import { commaList } from '../commands/comma-list.js';
import { readImageData } from '../commands/image-data-flags.js';
import { withoutUnreadable } from './skip-unreadable.js';
import { decodeLimitFlags } from '../commands/decode-flags.js';
import { positiveClass } from './class-scores.js';
import { standardized } from './standardize.js';
import { FINAL_MODELS, type FinalModel, type ImageRunConfig } from './image-run-config.js';

type Values = Record<string, unknown>;

function num(values: Values, name: string, fallback: number | undefined, check: (n: number) => boolean, what: string): number | undefined {
  const v = values[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !check(n)) throw new UsageError(`kenobi train: --${name} must be ${what}, got '${String(v)}'`);
  return n;
}
const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;

/**
 * Labelled rows and their class indices (into `dataset.classNames`).
 *
 * @example
 * ```ts
 * const given: LabelledDataset = { dataset, labels: labelIndices(dataset) };
 * ```
 */
export interface LabelledDataset {
  readonly dataset: Dataset;
  readonly labels: Int32Array;
}

/**
 * Loads `--data` with the catalog column flags and keeps the labelled rows; `learn/single-class` /
 * `learn/bad-argument` when the labels cannot train a classifier.
 *
 * @example
 * ```ts
 * const { dataset, labels } = await labelledDataset({ data: 'sim/catalog.csv', bands: 'g,r,i' }, (l) => console.error(l));
 * ```
 */
export async function labelledDataset(values: Values, say: (line: string) => void): Promise<{ dataset: Dataset; labels: Int32Array }> {
  const all = await readImageData(values, 'train');
  const items = all.items.filter((it) => it.label !== undefined);
  if (items.length === 0) {
    throw new LearnError('learn/bad-argument', `${all.source} has no labels for its ${all.items.length} images`, { hint: all.kind === 'catalog' ? 'name the label column with --label-col' : all.kind === 'class-folders' || all.kind === 'image-folder' ? 'put the images in one folder per class' : 'give one label per image with --labels-file' });
  }
  if (items.length < all.items.length) say(`${all.items.length - items.length} of ${all.items.length} rows have no label and are left out`);
  const dataset: Dataset = { ...all, items, classNames: [...new Set(items.map((it) => it.label!))].sort() };
  if (dataset.classNames.length < 2) throw new LearnError('learn/single-class', `every labelled image of ${all.source} is '${dataset.classNames[0]}': a classifier needs two classes or more`);
  return { dataset, labels: labelIndices(dataset) };
}

/**
 * The JSON of an `--arch` file (a layer list or a Keras `model.to_json()`); `learn/bad-file` when it cannot be
 * read or parsed.
 *
 * @example
 * ```ts
 * imageModelFromLayerList(readLayerListFile('net.json'), { inputShape: [64, 64, 3] });
 * ```
 */
export function readLayerListFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new LearnError('learn/bad-file', `cannot read the layer list ${resolve(path)}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * The model `--arch` names: a built-in architecture, or a JSON layer list file; checked against the
 * classes (`learn/shape-mismatch` when its outputs do not fit them) and compiled for training
 * (`autodiff/unsupported-op` naming an op on the trainable path that has no gradient rule).
 *
 * @example
 * ```ts
 * archModel('seeds-cnn', [64, 64, 3], 2, 0).countParams(); // 2332513
 * ```
 */
export function archModel(arch: string, inputShape: readonly [number, number, number], classes: number, seed: number, init: 'glorot' | 'he' = 'glorot'): { model: ImageModel; loss: 'binaryCrossEntropy' | 'categoricalCrossEntropy' } {
  let model: ImageModel;
  if ((BUILTIN_ARCHITECTURES as readonly string[]).includes(arch)) {
    model = builtinArchitecture(arch, { inputShape, classes, seed, ...(init === 'he' ? { kernelInitializer: heUniform() } : {}) });
  } else if (arch.toLowerCase().endsWith('.json')) {
    if (init !== 'glorot') throw new UsageError('kenobi train: --init is for the built-in architectures; a layer list keeps Keras\'s defaults');
    model = imageModelFromLayerList(readLayerListFile(arch), { inputShape, seed, name: 'custom' });
  } else {
    throw new UsageError(`kenobi train: --arch must be one of ${BUILTIN_ARCHITECTURES.join(', ')} or a .json layer list, got '${arch}'`);
  }
  const loss = checkClassifierOutputs(model, classes);
  // NOTE: compiled here once, before any worker starts, so a layer with no gradient rule (autodiff/unsupported-op) fails at once.
  compileTrainingGraph(model, loss);
  return { model, loss };
}

/**
 * The preprocessing of training images: `--input-size` (default 64; `H,W` or one number), the channel count
 * (`--channels`, default the number of bands, else 3), pixels scaled to [0, 1] with no mean/std, and
 * `--interval` / `--stretch` / `--band-order` as `kenobi extract` takes them.
 *
 * @example
 * ```ts
 * imagePreprocessing({ 'input-size': '64', stretch: 'lupton' }, 3).config.inputSize; // [64, 64]
 * ```
 */
export function imagePreprocessing(values: Values, bands: number): ImagePreprocessing {
  const size = commaList(values['input-size'] ?? '64')!.map(Number);
  if (!(size.length === 1 || size.length === 2) || !size.every((v) => Number.isInteger(v) && v >= 4)) throw new UsageError(`kenobi train: --input-size must be N or H,W (integers ≥ 4), got '${String(values['input-size'])}'`);
  const channels = num(values, 'channels', bands > 0 ? bands : 3, (n) => n === 1 || n === 3, '1 or 3')!;
  const config: PreprocessingConfig = {
    inputSize: [size[0]!, size[1] ?? size[0]!], channels, resize: 'exact', crop: 'none', scale: '0-1',
    mean: Array(channels).fill(0), std: Array(channels).fill(1), channelOrder: 'RGB', layout: 'NCHW',
  };
  const bandOrder = commaList(values['band-order'])?.map((b) => (/^\d+$/.test(b) ? Number(b) : b));
  return {
    config, tta: 'none',
    ...(typeof values['interval'] === 'string' ? { interval: values['interval'] } : {}),
    ...(typeof values['stretch'] === 'string' ? { stretch: values['stretch'] } : {}),
    ...(bandOrder ? { bandOrder } : {}),
  };
}

/**
 * Everything `kenobi train --arch` takes, validated, as one plain-data config for the worker.
 *
 * @example
 * ```ts
 * const { config, model } = await imageRunConfig(values, console.error);
 * const mine = await imageRunConfig({ arch: 'lenet5', out: 'cnn.kenobi' }, console.error, { dataset, labels: labelIndices(dataset) });
 * ```
 */
export async function imageRunConfig(values: Values, say: (line: string) => void, given?: LabelledDataset): Promise<{ config: ImageRunConfig; model: ImageModel }> {
  if (given === undefined && typeof values['data'] !== 'string') throw new UsageError('kenobi train: --arch needs --data <catalog.csv|dir|stack>');
  const out = values['out'] as string;
  // NOTE: `given` lets a caller that already holds the rows (kenobi demo: simulated or two-class filtered) skip --data.
  const loaded = given ?? await labelledDataset(values, say);
  const standardize = (values['standardize'] as string | undefined) ?? 'featurewise';
  if (!['featurewise', 'scale', 'none'].includes(standardize)) throw new UsageError(`kenobi train: --standardize must be featurewise, scale or none, got '${standardize}'`);
  const plain = imagePreprocessing(values, loaded.dataset.bandNames.length);
  checkImagePreprocessing(plain); // a bad --interval/--stretch fails here, before any image is read
  const { dataset, labels } = await withoutUnreadable(values, loaded, plain, 'train', say);
  const [h, w] = plain.config.inputSize;
  const seed = num(values, 'seed', 0, Number.isInteger, 'an integer')!;
  const init = (values['init'] as string | undefined) ?? 'glorot';
  if (init !== 'glorot' && init !== 'he') throw new UsageError(`kenobi train: --init must be glorot or he, got '${init}'`);
  const { model, loss } = archModel(values['arch'] as string, [h, w, plain.config.channels!], dataset.classNames.length, seed, init);
  const preprocessing = standardize === 'none' ? plain : await standardized(dataset, plain, 256, standardize === 'featurewise');
  if (standardize !== 'none') say(`${standardize} standardisation (${Math.min(256, dataset.items.length)} images): mean [${preprocessing.config.mean.map((v) => v.toFixed(4)).join(', ')}], std [${preprocessing.config.std.map((v) => v.toFixed(4)).join(', ')}]`);
  const optimizerName = (values['optimizer'] as string | undefined) ?? 'adam';
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(optimizerName)) throw new UsageError(`kenobi train: --optimizer must be one of ${OPTIMIZER_NAMES.join(', ')} for --arch, got '${optimizerName}'`);
  const lr = num(values, 'lr', 1e-3, (n) => n > 0 && Number.isFinite(n), 'a positive number')!;
  const weightDecay = num(values, 'weight-decay', undefined, (n) => n >= 0, 'a number >= 0');
  const momentum = num(values, 'momentum', undefined, (n) => n >= 0 && n < 1, 'in [0, 1)');
  if (momentum !== undefined && optimizerName !== 'sgd' && optimizerName !== 'rmsprop') throw new UsageError(`kenobi train: --momentum is for sgd and rmsprop, not ${optimizerName}`);
  const device = (values['device'] as string | undefined) ?? 'cpu';
  if (!(TRAINER_DEVICES as readonly string[]).includes(device)) throw new UsageError(`kenobi train: --device must be one of ${TRAINER_DEVICES.join(', ')} for --arch, got '${device}'`);
  const threads = num(values, 'threads', undefined, positiveInt, 'a positive integer');
  const final = (values['final'] as string | undefined) ?? 'all-rows';
  if (!(FINAL_MODELS as readonly string[]).includes(final)) throw new UsageError(`kenobi train: --final must be one of ${FINAL_MODELS.join(', ')}, got '${final}'`);
  const kfold = num(values, 'kfold', undefined, (n) => Number.isInteger(n) && n >= 2, 'an integer >= 2');
  if (final === 'best-fold' && kfold === undefined) throw new UsageError('kenobi train: --final best-fold needs --kfold');
  const valFraction = num(values, 'val-fraction', 0.1, (n) => n >= 0 && n < 0.5, 'in [0, 0.5)')!;
  const patience = num(values, 'patience', undefined, positiveInt, 'a positive integer');
  if (patience !== undefined && valFraction === 0) throw new UsageError('kenobi train: --patience watches the validation loss; it needs --val-fraction > 0');
  const trainer = {
    loss, seed, device: device as TrainerDevice,
    optimizer: { name: optimizerName, lr, ...(weightDecay !== undefined ? { weightDecay } : {}), ...(momentum !== undefined ? { momentum } : {}) } as OptimizerSpec,
    batchSize: num(values, 'batch', 32, positiveInt, 'a positive integer')!,
    ...(threads !== undefined ? { threads } : {}),
  };
  const augment = parseAugment(typeof values['augment'] === 'string' ? values['augment'] : 'none');
  if (augment.dihedral && h !== w) throw new UsageError(`kenobi train: --augment dihedral needs a square --input-size, got ${h},${w}`);
  const decided = {
    data: { source: dataset.source, fingerprint: datasetFingerprint(dataset) }, classes: dataset.classNames, model: model.spec(), trainer, preprocessing,
    augment, epochs: num(values, 'epochs', 30, positiveInt, 'a positive integer')!, patience, valFraction, kfold, final,
    warmup: num(values, 'warmup', 0, (n) => Number.isInteger(n) && n >= 0, 'a whole number of epochs')!,
  };
  const cacheMb = num(values, 'cache-mb', 1024, (n) => Number.isFinite(n) && n >= 0, 'a number of MB >= 0')!;
  const config: ImageRunConfig = {
    dataset, labels, classes: dataset.classNames, positive: positiveClass(dataset.classNames, values['positive'] as string | undefined),
    model: model.spec(), trainer, preprocessing, augment, epochs: decided.epochs, warmup: decided.warmup, valFraction, final: final as FinalModel,
    ...(patience !== undefined ? { patience } : {}), ...(kfold !== undefined ? { kfold } : {}),
    cacheBytes: cacheMb * 2 ** 20, workers: num(values, 'workers', 1, (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer')!,
    limits: decodeLimitFlags('train', values), checkpoint: typeof values['checkpoint'] === 'string' ? values['checkpoint'] : `${out}.ckpt`,
    resume: values['resume'] === true,
    fingerprint: `sha256:${createHash('sha256').update(JSON.stringify(decided)).digest('hex')}`,
    settings: JSON.parse(JSON.stringify(decided)) as unknown,
  };
  return { config, model };
}
