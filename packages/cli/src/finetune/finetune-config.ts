/**
 * `kenobi finetune` flags → a checked run configuration: the backbone (resolved through the zoo, sha256),
 * its preprocessing, the trunk boundary (`--unfreeze k` blocks from the top, or `--cut-tensor`), the head
 * (linear, mlp, or a trained head file of the same backbone), augmentation, optimizer and schedule. Bad input
 * fails here, before any image is decoded.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseAugment, type AugmentSpec, type Dataset, type ImagePreprocessing } from '@kenobi/features';
import type { PreprocessingConfig } from '@kenobi/imaging';
import { BATCH_NORM_MODES, FinetuneError, loadModel, planUnfreeze, TRAINER_DEVICES, type BatchNormMode, type FinetuneOptions, type OptimizerSpec, type TrainerDevice } from '@kenobi/learn';
import { decodeModel, findFeatureTensor, makeBatchDynamic, POOL_MODES, withInputSize, type ModelProto, type PoolMode } from '@kenobi/onnx';
import { preprocessingPreset, PREPROCESSING_PRESETS } from '@kenobi/zoo';
import { resolveModelArg } from '@kenobi/zoo/node';
import { labelledDataset, type LabelledDataset } from '../image-training/image-train-args.js';
import { withoutUnreadable } from '../image-training/skip-unreadable.js';
import { readImageModelFile } from '../image-training/image-model-file.js';
import { isFinetunedFile, readModelFileBytes } from '../model-file-bytes.js';
import { positiveClass } from '../image-training/class-scores.js';
import { UsageError } from '../usage-error.js';
import { commaList } from '../commands/comma-list.js';

type Values = Record<string, unknown>;

/** The head a run starts from. @example `const h: HeadChoice = { kind: 'mlp', hidden: [256], dropout: 0.5 };` */
export type HeadChoice =
  | { readonly kind: 'linear' }
  | { readonly kind: 'mlp'; readonly hidden: readonly number[]; readonly dropout: number }
  | { readonly kind: 'file'; readonly path: string };

/** Everything `kenobi finetune` decided from its flags. @example `(await finetuneConfig(values, say)).options.cut; // 'pool4_pool'` */
export interface FinetuneRunConfig {
  readonly dataset: Dataset;
  readonly labels: Int32Array;
  readonly classes: readonly string[];
  readonly positive: number;
  readonly backbone: ModelProto;
  readonly backboneBytes: Uint8Array;
  readonly backboneId: string;
  readonly sha256: string;
  readonly preprocessing: ImagePreprocessing;
  /** What the trunk boundary is, in words (for the progress lines). */
  readonly boundary: string;
  readonly head: HeadChoice;
  readonly augment: AugmentSpec;
  /** Trainer options (cut, feature, blocks, loss, optimizer, schedule...). */
  readonly options: FinetuneOptions;
  readonly classWeight: boolean;
  readonly patience?: number;
  readonly valFraction: number;
  readonly kfold?: number;
  readonly cacheDir?: string;
  readonly cacheBytes: number;
  readonly workers: number;
  readonly out: string;
  readonly exportPath?: string;
  readonly checkpoint: string;
  readonly resume: boolean;
}

function num(values: Values, name: string, fallback: number | undefined, check: (n: number) => boolean, what: string): number | undefined {
  const v = values[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !check(n)) throw new UsageError(`kenobi finetune: --${name} must be ${what}, got '${String(v)}'`);
  return n;
}
const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;

function oneOf<T extends string>(values: Values, name: string, allowed: readonly T[], fallback: T): T {
  const v = (values[name] as string | undefined) ?? fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`kenobi finetune: --${name} must be one of ${allowed.join(', ')}, got '${v}'`);
  return v as T;
}

/**
 * The run configuration of `kenobi finetune`'s flags.
 *
 * @example
 * ```ts
 * const config = await finetuneConfig({ model: 'densenet121-keras', data: 'gz1/labels.csv', unfreeze: '17', out: 'gz1.kenobi' }, console.error);
 * const mine = await finetuneConfig({ model: 'densenet121-keras', unfreeze: '1', out: 'm.kenobi' }, console.error, { dataset, labels });
 * ```
 */
export async function finetuneConfig(values: Values, say: (line: string) => void, given?: LabelledDataset): Promise<FinetuneRunConfig> {
  for (const f of given ? ['model', 'out'] as const : ['model', 'data', 'out'] as const) if (typeof values[f] !== 'string' || values[f] === '') throw new UsageError(`kenobi finetune: --${f} is required`);
  if ((values['unfreeze'] === undefined) === (values['cut-tensor'] === undefined)) throw new UsageError('kenobi finetune: give --unfreeze <k> (blocks from the top) or --cut-tensor <tensor>, one of the two');
  const resolved = await resolveModelArg(values['model'] as string);
  const backboneBytes = new Uint8Array(readFileSync(resolved.path));
  const sha256 = createHash('sha256').update(backboneBytes).digest('hex');
  const entry = resolved.entry;
  const preset = values['preset'] === undefined ? undefined : oneOf(values, 'preset', PREPROCESSING_PRESETS, 'imagenet');
  const size = commaList(values['input-size'])?.map(Number);
  if (size && (size.length !== 2 || !size.every((v) => Number.isInteger(v) && v > 0))) throw new UsageError('kenobi finetune: --input-size must be H,W');
  const backbone: ModelProto = batchDynamic(decodeModel(backboneBytes, { source: resolved.path }), size ? [size[0]!, size[1]!] : undefined);
  if (!entry && !preset) throw new UsageError(`kenobi finetune: ${String(values['model'])} is not a zoo or imported model, so its preprocessing is unknown: give --preset (${PREPROCESSING_PRESETS.join(', ')}) and --input-size, or import it with kenobi models import`);
  // NOTE: the config extractFeatures builds from the same zoo entry and overrides, so a disk cache's key matches.
  // NOTE: --input-size resizes the shorter side to the new size before the crop, as kenobi extract does
  const config = Object.assign({ layout: 'NCHW' }, entry?.preprocessing ?? {}, preset ? preprocessingPreset(preset) : {}, size ? { inputSize: [size[0]!, size[1]!], resizeSize: Math.min(size[0]!, size[1]!) } : {}) as unknown as PreprocessingConfig;
  const backboneId = entry?.id ?? basename(resolved.path);
  const bandOrder = commaList(values['band-order'])?.map((b) => (/^\d+$/.test(b) ? Number(b) : b));
  const preprocessing: ImagePreprocessing = {
    config, tta: 'none',
    ...(typeof values['interval'] === 'string' ? { interval: values['interval'] } : {}),
    ...(typeof values['stretch'] === 'string' ? { stretch: values['stretch'] } : {}),
    ...(bandOrder ? { bandOrder } : {}),
  };
  const [h, w] = config.inputSize;
  const inputShape = [1, config.channels ?? config.mean.length, h, w];
  const pool = values['pool'] === undefined ? undefined : oneOf(values, 'pool', POOL_MODES, 'avg') as PoolMode;
  const known = entry?.featureTensors[0];
  const featureArg = values['feature'] as string | undefined;
  const feature = featureArg && featureArg !== 'auto' ? featureArg : known?.name ?? findFeatureTensor(backbone).name;
  let cut: string, boundary: string, paramBlocks: Record<string, number> | undefined;
  if (values['unfreeze'] !== undefined) {
    const arg = String(values['unfreeze']).trim();
    // NOTE: 'all' is the block count, known only once the blocks are found (a plan of 0 blocks finds them).
    if (arg !== 'all' && !/^\d+$/.test(arg)) throw new UsageError(`kenobi finetune: --unfreeze must be a number of blocks (0 = the head only) or 'all', got '${arg}'`);
    const k = arg === 'all' ? planUnfreeze(backbone, 0, { feature, inputShape }).blockCount : Number(arg);
    const plan = planUnfreeze(backbone, k, { feature, inputShape });
    ({ cut } = plan);
    paramBlocks = { ...plan.paramBlocks };
    const names = plan.trainable.map((b) => b.name);
    boundary = k === 0 ? `--unfreeze 0: the ${plan.family} backbone frozen up to '${plan.feature}' (head only)`
      : `--unfreeze ${arg === 'all' ? `all (${k})` : k} of ${plan.blockCount} ${plan.family} blocks (${names.length === 1 ? names[0] : `${names[names.length - 1]} … ${names[0]}`}), frozen trunk up to '${cut}'`;
  } else {
    cut = values['cut-tensor'] as string;
    boundary = `frozen trunk up to --cut-tensor '${cut}', trained from there to '${feature}'`;
  }
  // NOTE: `given` lets a caller that already holds the rows (kenobi demo) skip --data.
  const { dataset, labels } = await withoutUnreadable(values, given ?? await labelledDataset(values, say), preprocessing, 'finetune', say);
  const augment = parseAugment(typeof values['augment'] === 'string' ? values['augment'] : 'none');
  if (augment.dihedral && h !== w) throw new UsageError(`kenobi finetune: --augment dihedral needs a square model input, ${backboneId} takes ${h}×${w}`);
  const head = headChoice(values, sha256, feature);
  const optimizerName = oneOf(values, 'optimizer', ['adamw', 'adam', 'sgd'] as const, 'adamw');
  const lr = num(values, 'lr', 1e-4, (n) => n > 0 && Number.isFinite(n), 'a positive number')!;
  const weightDecay = num(values, 'weight-decay', optimizerName === 'adamw' ? 0.05 : 0, (n) => n >= 0, 'a number >= 0')!;
  const optimizer: OptimizerSpec = optimizerName === 'sgd' ? { name: 'sgd', lr, momentum: num(values, 'momentum', 0.9, (n) => n >= 0 && n < 1, 'in [0, 1)')!, weightDecay } : { name: optimizerName, lr, weightDecay };
  const schedule = oneOf(values, 'schedule', ['constant', 'cosine'] as const, 'constant');
  const warmup = num(values, 'warmup', 0, (n) => Number.isInteger(n) && n >= 0, 'a whole number of epochs');
  if (warmup && schedule !== 'cosine') throw new UsageError('kenobi finetune: --warmup goes with --schedule cosine');
  const epochs = num(values, 'epochs', 10, positiveInt, 'a positive integer')!;
  const classes = dataset.classNames;
  const threads = num(values, 'threads', undefined, positiveInt, 'a positive integer');
  const options: FinetuneOptions = {
    cut, feature, ...(pool ? { pool } : {}), ...(paramBlocks ? { paramBlocks } : {}), backboneSha256: sha256,
    inputShapes: { [backbone.graph!.input!.find((i) => !(backbone.graph!.initializer ?? []).some((t) => t.name === i.name))!.name!]: ['N', ...inputShape.slice(1)] },
    loss: classes.length === 2 ? 'binaryCrossEntropy' : 'categoricalCrossEntropy',
    batchNorm: oneOf(values, 'bn', BATCH_NORM_MODES, 'frozen') as BatchNormMode,
    optimizer, lrDecay: num(values, 'lr-decay', 0.75, (n) => n > 0 && n <= 1, 'in (0, 1]')!,
    schedule: schedule === 'cosine' ? { kind: 'cosine', warmup: warmup ?? 0 } : { kind: 'constant' },
    epochs, batchSize: num(values, 'batch', 32, positiveInt, 'a positive integer')!, seed: num(values, 'seed', 0, Number.isInteger, 'an integer')!,
    device: oneOf(values, 'device', TRAINER_DEVICES, 'cpu') as TrainerDevice, ...(threads !== undefined ? { threads } : {}),
  };
  const classWeight = values['class-weight'] === undefined ? false : values['class-weight'] === 'balanced' ? true : (() => { throw new UsageError("kenobi finetune: --class-weight takes 'balanced'"); })();
  const valFraction = num(values, 'val-fraction', 0.1, (n) => n >= 0 && n < 0.5, 'in [0, 0.5)')!;
  const patience = num(values, 'patience', undefined, positiveInt, 'a positive integer');
  if (patience !== undefined && valFraction === 0) throw new UsageError('kenobi finetune: --patience watches the validation loss; it needs --val-fraction > 0');
  const kfold = num(values, 'kfold', undefined, (n) => Number.isInteger(n) && n >= 2, 'an integer >= 2');
  const out = values['out'] as string;
  return {
    dataset, labels, classes, positive: positiveClass(classes, values['positive'] as string | undefined),
    backbone, backboneBytes, backboneId, sha256, preprocessing, boundary, head, augment, options, classWeight, valFraction,
    ...(patience !== undefined ? { patience } : {}), ...(kfold !== undefined ? { kfold } : {}),
    ...(typeof values['cache'] === 'string' ? { cacheDir: values['cache'] } : {}),
    cacheBytes: num(values, 'cache-mb', 1024, (n) => Number.isFinite(n) && n >= 0, 'a number of MB >= 0')! * 2 ** 20,
    workers: num(values, 'workers', 1, (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer')!,
    out, ...(typeof values['export'] === 'string' ? { exportPath: values['export'] } : {}),
    checkpoint: typeof values['checkpoint'] === 'string' ? values['checkpoint'] : `${out}.ckpt`, resume: values['resume'] === true,
  };
}

/** `--head linear|mlp|<file.kenobi>`; a head file must come from this backbone and feature tensor. */
function headChoice(values: Values, sha256: string, feature: string): HeadChoice {
  const arg = (values['head'] as string | undefined) ?? 'linear';
  if (arg === 'linear') return { kind: 'linear' };
  if (arg === 'mlp') {
    const hidden = (commaList(values['hidden']) ?? ['256']).map(Number);
    if (!hidden.every(positiveInt)) throw new UsageError(`kenobi finetune: --hidden must be positive integers, got '${String(values['hidden'])}'`);
    return { kind: 'mlp', hidden, dropout: num(values, 'dropout', 0.5, (n) => n >= 0 && n < 1, 'in [0, 1)')! };
  }
  if (!arg.endsWith('.kenobi')) throw new UsageError(`kenobi finetune: --head must be linear, mlp or a .kenobi head file, got '${arg}'`);
  const bytes = readModelFileBytes(arg);
  // NOTE: a fine-tuned model or an image model is a whole network, not a head on features: say which it is
  const tuned = isFinetunedFile(bytes);
  if (tuned || readImageModelFile(arg, bytes)) {
    throw new UsageError(`kenobi finetune: --head takes a head trained on features (kenobi train --features); ${arg} is a ${tuned ? 'fine-tuned model (kenobi finetune)' : 'CNN trained on images (kenobi train --arch)'}`);
  }
  const { metadata } = loadModel(bytes, { source: resolve(arg) });
  const features = (metadata['features'] ?? {}) as { model?: { sha256?: string; id?: string }; tensor?: string };
  if (features.model?.sha256 !== sha256 || features.tensor !== feature) {
    throw new FinetuneError('learn/finetune-head-mismatch', `the head ${arg} was trained on ${features.model?.id ?? 'an unknown backbone'} (${features.model?.sha256?.slice(0, 12) ?? 'no sha256'}…) at '${features.tensor ?? '?'}', not on this backbone (${sha256.slice(0, 12)}…) at '${feature}'`, {
      hint: 'start from --head linear|mlp, or from a head trained (kenobi train) on features of this backbone and tensor',
    });
  }
  return { kind: 'file', path: arg };
}

/**
 * The backbone with a batch fixed at 1 made dynamic (training needs batches) and, with `inputSize`, its
 * input declared at that height and width (`withInputSize`: `--input-size` on a model exported for another
 * size, e.g. the CIFAR ResNet-20 on 64×64 cutouts; `onnx/input-size` when the network cannot take it).
 *
 * @example
 * ```ts
 * const backbone = batchDynamic(decodeModel(bytes)); // input [N, 3, 224, 224]
 * const r64 = batchDynamic(decodeModel(resnet20Bytes), [64, 64]); // input [N, 3, 64, 64]
 * ```
 */
export function batchDynamic(model: ModelProto, inputSize?: readonly [number, number]): ModelProto {
  const init = new Set((model.graph?.initializer ?? []).map((t) => t.name));
  const d0 = (model.graph?.input ?? []).find((i) => !init.has(i.name ?? ''))?.type?.tensor_type?.shape?.dim?.[0];
  const fixed = d0 && d0.dim_value !== undefined && d0.dim_value !== null && Number(d0.dim_value) > 0 && !d0.dim_param;
  const dynamic = fixed ? makeBatchDynamic(model) : model;
  return inputSize ? withInputSize(dynamic, inputSize) : dynamic;
}
