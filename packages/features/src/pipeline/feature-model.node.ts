/**
 * Node-only. Turns "a model" (zoo id, path, URL or bytes) into the feature extractor a run uses: resolved
 * through the zoo (cache → mirror → download), the feature tensor chosen (name, or `auto`: the zoo's
 * verified tensor, else the tensor feeding the classifier), a batch fixed at 1 repaired when it can be, and
 * the graph cut there with global pooling.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cutAtTensor, decodeModel, encodeModel, findFeatureTensor, makeBatchDynamic, type ModelProto, type PoolMode } from '@kenobi/onnx';
import { resolveModelArg, type ZooEntry } from '@kenobi/zoo/node';

/**
 * A model as `extractFeatures` takes it: a zoo id, a registered user id, a path, a URL, or bytes you hold.
 *
 * @example
 * ```ts
 * const a: ModelSource = 'densenet121-keras';
 * const b: ModelSource = { bytes: readFileSync('my.onnx'), id: 'my-net' };
 * ```
 */
export type ModelSource = string | { readonly bytes: Uint8Array; readonly id?: string };

/**
 * How a fixed batch is handled: the model was already `dynamic`, its batch was `repaired`
 * (`makeBatchDynamic`), or images run through it in a `loop` of its fixed batch.
 *
 * @example
 * ```ts
 * BATCH_MODES; // ['dynamic', 'repaired', 'loop']
 * ```
 */
export const BATCH_MODES = Object.freeze(['dynamic', 'repaired', 'loop'] as const);
/** One of {@link BATCH_MODES}. @example `const m: BatchMode = 'repaired';` */
export type BatchMode = (typeof BATCH_MODES)[number];

/**
 * The feature extractor of a run.
 *
 * @example
 * ```ts
 * const fm = await prepareFeatureModel('mnist-8', 'auto');
 * fm.tensor; fm.batchMode; // 'Pooling160_Output_0_reshape0', 'repaired'
 * ```
 */
export interface FeatureModel {
  /** Zoo id, or the file name / given id. */
  readonly id: string;
  readonly path?: string;
  /** sha256 of the original model bytes. */
  readonly sha256: string;
  readonly entry?: ZooEntry;
  readonly tensor: string;
  readonly pool: PoolMode;
  readonly batchMode: BatchMode;
  /** The cut model (batch repaired where it could be). */
  readonly cut: Uint8Array;
  /** The cut model without batch repair (to fall back to a loop if the repair is wrong). */
  readonly cutFixed?: Uint8Array;
}

/**
 * Resolves and cuts a model for feature extraction.
 *
 * @example
 * ```ts
 * const fm = await prepareFeatureModel('densenet121-keras', 'auto');
 * fm.tensor; fm.pool; // 'avg_pool', 'none'
 * ```
 */
export async function prepareFeatureModel(source: ModelSource, tensor: string = 'auto', pool?: PoolMode): Promise<FeatureModel> {
  let bytes: Uint8Array;
  let id: string;
  let path: string | undefined;
  let entry: ZooEntry | undefined;
  if (typeof source === 'string') {
    const r = await resolveModelArg(source);
    path = r.path;
    entry = r.entry;
    id = entry?.id ?? source;
    bytes = new Uint8Array(readFileSync(r.path));
  } else {
    bytes = source.bytes;
    id = source.id ?? 'model';
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const model = decodeModel(bytes);
  let name = tensor;
  let chosenPool = pool;
  if (tensor === 'auto') {
    const known = entry?.featureTensors[0];
    if (known) {
      name = known.name;
      chosenPool ??= known.pooling === 'global-average' ? 'avg' : known.pooling === 'global-max' ? 'max' : 'none';
    } else {
      const found = findFeatureTensor(model);
      name = found.name;
      chosenPool ??= found.poolingNeeded ? 'avg' : 'none';
    }
  }
  chosenPool ??= 'none';
  const fixed = batchIsFixed(model);
  let repaired: ModelProto | undefined;
  if (fixed) {
    try {
      repaired = makeBatchDynamic(model);
    } catch {
      repaired = undefined; // NOTE: not repairable; runBatched loops over the fixed batch instead.
    }
  }
  const cutFixed = encodeModel(cutAtTensor(model, name, { pool: chosenPool }));
  const cut = repaired ? encodeModel(cutAtTensor(repaired, name, { pool: chosenPool })) : cutFixed;
  return {
    id, sha256, tensor: name, pool: chosenPool, batchMode: !fixed ? 'dynamic' : repaired ? 'repaired' : 'loop', cut,
    ...(path !== undefined ? { path } : {}), ...(entry ? { entry } : {}), ...(repaired ? { cutFixed } : {}),
  };
}

function batchIsFixed(model: ModelProto): boolean {
  const init = new Set((model.graph?.initializer ?? []).map((t) => t.name));
  const input = (model.graph?.input ?? []).find((i) => !init.has(i.name ?? ''));
  const d0 = input?.type?.tensor_type?.shape?.dim?.[0];
  if (!d0) return false;
  const v = d0.dim_value;
  return v !== undefined && v !== null && Number(v) > 0 && !d0.dim_param;
}
