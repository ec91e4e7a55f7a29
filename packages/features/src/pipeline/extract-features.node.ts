/**
 * Node-only. `extractFeatures`: dataset → feature store. Decode and preprocessing run in worker threads a
 * few batches ahead of inference (bounded prefetch, so memory stays flat however large the dataset); the
 * main thread runs the cut model; finished parts are written atomically and journalled for `--resume`.
 */
import { statSync } from 'node:fs';
import { throttleProgress } from '@kenobi/core';
import type { PreprocessingConfig } from '@kenobi/imaging';
import { normaliseFitted } from '@kenobi/imaging';
import { decodeModel, encodeModel, pixelInputModel, PIXEL_INPUT } from '@kenobi/onnx';
import { createSession, runBatched, type KenobiSession } from '@kenobi/runtime';
import type { Dataset, DatasetItem } from '../dataset/dataset.js';
import { datasetFingerprint } from '../dataset/dataset-fingerprint.node.js';
import { FeaturesError } from '../features-error.js';
import { shardRange } from '../store/shard-spec.js';
import { FEATURE_STORE_FORMAT, type FeatureStoreMeta } from '../store/store-meta.js';
import { kenobiVersion } from '../store/kenobi-version.node.js';
import { openStoreWriter } from '../store/store-writer.node.js';
import { checkDecodeLimits, defaultWorkerMemoryMb } from './decode-limits.js';
import { DecodePool, defaultDecodeWorkers } from './decode-pool.node.js';
import { reduceVariants } from './dihedral-tta.js';
import type { ExtractOptions, ExtractResult } from './extract-options.js';
import { prepareFeatureModel, type FeatureModel } from './feature-model.node.js';
import { bandCountProblem, checkImagePreprocessing, variantCount, type ImagePreprocessing } from './image-preprocessing.js';
import { formatFailure, type ItemFailure } from './item-failure.js';
import { pixelInputPossible } from './pixel-input.js';
import type { BatchJob, PreparedBatch } from './prepare-batch.node.js';

interface Job extends BatchJob { readonly part: number; readonly lastOfPart: boolean }

/**
 * Extracts features of `dataset` into the store `options.out`.
 *
 * @example
 * ```ts
 * const ds = await loadDataset('gz1/labels.csv', { columns: { id: 'objid', path: 'file', label: 'gz1_class_name' } });
 * const r = await extractFeatures(ds, { model: 'densenet121-keras', out: 'feats', batchSize: 16 });
 * r.meta.rows; r.meta.dim; r.meta.device.device; // 1221, 1024, 'cpu'
 * ```
 */
export async function extractFeatures(dataset: Dataset, options: ExtractOptions): Promise<ExtractResult> {
  const t0 = performance.now();
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 32));
  const rowsPerPart = Math.max(1, Math.floor(options.rowsPerPart ?? 4096));
  const fm = await prepareFeatureModel(options.model, options.tensor ?? 'auto', options.pool);
  const preprocessing: ImagePreprocessing = {
    config: preprocessingConfig(fm, options.preprocessing),
    ...(options.interval !== undefined ? { interval: options.interval } : {}),
    ...(options.stretch !== undefined ? { stretch: options.stretch } : {}),
    ...(options.bandOrder !== undefined ? { bandOrder: [...options.bandOrder] } : {}),
    tta: options.tta ?? 'none',
  };
  checkImagePreprocessing(preprocessing);
  const bands = bandCountProblem(dataset.bandNames, preprocessing);
  if (bands) throw new FeaturesError('features/bad-option', `${dataset.source}: ${bands}`);
  checkDecodeLimits(options);
  const shard = options.shard ?? { index: 0, count: 1 };
  const [start, end] = shardRange(dataset.items.length, shard);
  const items = dataset.items.slice(start, end);
  const parts = Math.ceil(items.length / rowsPerPart);
  const opened = await openSession(fm, preprocessing.config, options);
  const { batchMode } = opened;
  // NOTE: with pixel input the float32 session is only reopened for a batch holding a FITS or 16-bit image.
  const pixels = items.some(isPhotoFile)
    ? await openPixelSession(fm, opened.session, batchMode, preprocessing, options)
    : { reason: 'no PNG or JPEG files among the items' };
  let session: KenobiSession | undefined = pixels.session ? undefined : opened.session;
  const floatSession = async (): Promise<KenobiSession> => (session ??= (await openSession(fm, preprocessing.config, options)).session);
  const reportSession = pixels.session ?? opened.session;
  const variants = variantCount(preprocessing);
  const [h, w] = preprocessing.config.inputSize;
  const channels = preprocessing.config.channels ?? preprocessing.config.mean.length;
  const workerMemoryMb = options.workerMemoryMb ?? defaultWorkerMemoryMb({ batchInputBytes: batchSize * variants * channels * h * w * 4, largestStackBytes: largestStackBytes(items) });
  const pool = new DecodePool(options.workers ?? defaultDecodeWorkers(), {
    workerMemoryMb, ...(options.itemTimeoutMs !== undefined ? { itemTimeoutMs: options.itemTimeoutMs } : {}),
  });
  try {
    const meta: FeatureStoreMeta = {
      format: FEATURE_STORE_FORMAT, formatVersion: 1, status: 'running',
      model: { id: fm.id, ...(fm.path !== undefined ? { path: fm.path } : {}), sha256: fm.sha256, batchMode },
      tensor: fm.tensor, pool: fm.pool, preprocessing,
      dataset: { source: dataset.source, kind: dataset.kind, fingerprint: datasetFingerprint(dataset), items: dataset.items.length, classNames: dataset.classNames, targetNames: dataset.targetNames },
      shard: { ...shard, start, end }, rowsPerPart, parts, dim: 0, rows: 0, batchSize,
      device: deviceReport(reportSession), failures: [], kenobiVersion: kenobiVersion(), createdAt: new Date().toISOString(),
    };
    const writer = openStoreWriter(options.out, meta, { ...(options.resume ? { resume: true } : {}), ...(options.overwrite ? { overwrite: true } : {}) });
    const resumedParts = writer.done.size;
    const jobs = planJobs(items, parts, rowsPerPart, batchSize, writer.done, dataset.bandNames, preprocessing, pixels.session !== undefined);
    const progress = throttleProgress(options.onProgress, 200);
    let done = [...writer.done.keys()].reduce((a, p) => a + Math.min(rowsPerPart, items.length - p * rowsPerPart), 0);
    progress({ phase: 'extract', done, total: items.length, unit: 'images' });
    const failures: ItemFailure[] = [];
    const prefetch = Math.max(2, pool.size * 2);
    const inflight: Promise<PreparedBatch>[] = [];
    let next = 0;
    const refill = (): void => {
      while (next < jobs.length && inflight.length < prefetch) {
        const p = pool.submit(jobs[next++]!);
        p.catch(() => {}); // NOTE: awaited in order below; this only keeps an early rejection from being "unhandled".
        inflight.push(p);
      }
    };
    let partRows: Float32Array[] = [];
    let partItems: DatasetItem[] = [];
    let partFailures: ItemFailure[] = [];
    let dim = writer.meta.dim;
    let imagesThisRun = 0;
    const labelIndex = new Map(dataset.classNames.map((c, i) => [c, i]));
    refill();
    for (let j = 0; j < jobs.length; j++) {
      const job = jobs[j]!;
      const batch = await inflight.shift()!;
      refill();
      if (batch.failures.length > 0) {
        failures.push(...batch.failures);
        partFailures.push(...batch.failures);
        if ((options.onError ?? 'skip') === 'stop') {
          throw new FeaturesError('features/unreadable-item', `cannot read ${batch.failures.length} item(s): ${batch.failures.map(formatFailure).join('; ')}`, {
            hint: 'fix or remove them, then rerun with --resume (finished parts are kept), or pass --on-error skip',
            details: { failures: batch.failures },
          });
        }
      }
      if (batch.ok.length > 0) {
        const n = batch.ok.length * variants;
        let out;
        if (batch.data instanceof Uint8Array) {
          const s = pixels.session!;
          out = (await s.run({ [PIXEL_INPUT]: { data: batch.data, dims: [n, h, w, 3] } }, [s.outputNames[0]!]))[s.outputNames[0]!]!;
        } else {
          const s = await floatSession();
          out = (await runBatched(s, batch.data, [n, channels, h, w], { batchSize: n })).outputs[s.outputNames[0]!]!;
        }
        const d = out.dims.slice(1).reduce((a, b) => a * b, 1);
        const rows = reduceVariants(out.data as Float32Array, n, d, variants, preprocessing.tta);
        dim = rows.length / batch.ok.length;
        partRows.push(rows);
        for (const k of batch.ok) partItems.push(job.items[k]!);
      }
      imagesThisRun += job.items.length;
      done += job.items.length;
      progress({ phase: 'extract', done, total: items.length, unit: 'images' });
      if (job.lastOfPart) {
        writer.writePart(job.part, concat(partRows), dim, {
          ids: partItems.map((it) => it.id),
          labels: partItems.map((it) => (it.label === undefined ? -1 : (labelIndex.get(it.label) ?? -1))),
          targets: partItems.map((it) => [...(it.targets ?? [])]),
        }, partFailures);
        partRows = [];
        partItems = [];
        partFailures = [];
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const final = writer.finish({ seconds: (writer.meta.seconds ?? 0) + seconds, device: deviceReport(reportSession), batchSize });
    return {
      meta: final, failures: final.failures, resumedParts, imagesThisRun, seconds, decode: pool.stats,
      pixelInput: { used: pixels.session !== undefined, ...(pixels.reason ? { reason: pixels.reason } : {}) },
    };
  } finally {
    await pool.dispose();
    await session?.dispose();
    await pixels.session?.dispose();
  }
}

/** The size of the largest FITS cube or `.npy` stack the items read (each decode worker reads one whole). */
function largestStackBytes(items: readonly DatasetItem[]): number {
  const paths = new Set(items.flatMap((it) => (it.source.kind === 'stack' ? [it.source.path] : [])));
  let largest = 0;
  for (const p of paths) {
    try {
      largest = Math.max(largest, statSync(p).size);
    } catch {
      // NOTE: a missing stack fails its items later, with their rows.
    }
  }
  return largest;
}

function planJobs(items: readonly DatasetItem[], parts: number, rowsPerPart: number, batchSize: number, done: ReadonlyMap<number, unknown>,
  bandNames: readonly string[], preprocessing: ImagePreprocessing, pixels: boolean): Job[] {
  const jobs: Job[] = [];
  for (let part = 0; part < parts; part++) {
    if (done.has(part)) continue;
    const end = Math.min(items.length, (part + 1) * rowsPerPart);
    for (let s = part * rowsPerPart; s < end; s += batchSize) {
      const e = Math.min(end, s + batchSize);
      jobs.push({ seq: jobs.length, part, lastOfPart: e === end, items: items.slice(s, e), bandNames, preprocessing, ...(pixels ? { pixels } : {}) });
    }
  }
  return jobs;
}

function preprocessingConfig(fm: FeatureModel, override: Partial<PreprocessingConfig> | undefined): PreprocessingConfig {
  const merged = { ...(fm.entry?.preprocessing ?? {}), ...(override ?? {}) } as Partial<PreprocessingConfig>;
  const missing = (['inputSize', 'resize', 'crop', 'scale', 'mean', 'std', 'channelOrder'] as const).filter((k) => merged[k] === undefined);
  if (missing.length > 0) {
    throw new FeaturesError('features/bad-option', `model '${fm.id}' has no preprocessing config in the zoo, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not given`, {
      hint: 'import it with `kenobi models import <file> --id <name> --preset imagenet` or pass the preprocessing options',
    });
  }
  return { layout: 'NCHW', ...merged } as PreprocessingConfig;
}

async function openSession(fm: FeatureModel, config: PreprocessingConfig, options: ExtractOptions): Promise<{ session: KenobiSession; batchMode: FeatureModel['batchMode'] }> {
  const sessionOptions = sessionOptionsOf(options);
  const session = await createSession(fm.cut, sessionOptions);
  if (fm.batchMode !== 'repaired' || !fm.cutFixed) return { session, batchMode: fm.batchMode };
  // NOTE: makeBatchDynamic asks to be checked: 2 images in one run must equal 2 single runs.
  const [h, w] = config.inputSize;
  const c = config.channels ?? config.mean.length;
  const x = Float32Array.from({ length: 2 * c * h * w }, (_, i) => Math.sin(i * 0.37));
  const name = session.outputNames[0]!;
  try {
    const both = (await runBatched(session, x, [2, c, h, w], { batchSize: 2 })).outputs[name]!.data as Float32Array;
    const one = (await runBatched(session, x, [2, c, h, w], { batchSize: 1 })).outputs[name]!.data as Float32Array;
    if (both.every((v, i) => Math.abs(v - one[i]!) <= 1e-4 * (1 + Math.abs(one[i]!)))) return { session, batchMode: 'repaired' };
  } catch {
    // fall through to the loop
  }
  await session.dispose();
  return { session: await createSession(fm.cutFixed, sessionOptions), batchMode: 'loop' };
}

/**
 * The pixel-input session of a run, when its preprocessing allows one (`pixelInputPossible`), the model's batch
 * is not a fixed-size loop, and a canary agrees: 2 synthetic 8-bit images through the pixel graph must give
 * the float32 session's outputs (≤ 1e-5 relative; on ORT CPU they are equal). On success the float32
 * session is disposed (reopened only if a batch needs it); otherwise it stays and the reason is returned.
 */
async function openPixelSession(fm: FeatureModel, floatSession: KenobiSession, batchMode: FeatureModel['batchMode'], p: ImagePreprocessing, options: ExtractOptions): Promise<{ session?: KenobiSession; reason?: string }> {
  if (options.pixelInput === false) return { reason: 'pixelInput: false' };
  if (!pixelInputPossible(p)) return { reason: 'the preprocessing needs float32 inputs (a stretch, band order, TTA or not 3 channels)' };
  if (batchMode === 'loop') return { reason: "the model's batch is fixed" };
  const sessionOptions = sessionOptionsOf(options);
  const c = p.config;
  let px: KenobiSession | undefined;
  try {
    const model = pixelInputModel(decodeModel(fm.cut), { scale: c.scale as '0-1' | '0-255', mean: c.mean, std: c.std, channelOrder: c.channelOrder as 'RGB' | 'BGR' });
    px = await createSession(encodeModel(model), sessionOptions);
    const [h, w] = c.inputSize;
    const pixelsIn = Uint8Array.from({ length: 2 * h * w * 3 }, (_, i) => (i * 37 + (i >> 7)) & 255);
    const floats = new Float32Array(2 * 3 * h * w);
    for (let n = 0; n < 2; n++) normaliseFitted({ width: w, height: h, channels: 3, data: pixelsIn.subarray(n * h * w * 3, (n + 1) * h * w * 3) }, c, floats.subarray(n * 3 * h * w, (n + 1) * 3 * h * w));
    const name = floatSession.outputNames[0]!;
    const want = (await runBatched(floatSession, floats, [2, 3, h, w], { batchSize: 2 })).outputs[name]!.data as Float32Array;
    const got = (await px.run({ [PIXEL_INPUT]: { data: pixelsIn, dims: [2, h, w, 3] } }, [px.outputNames[0]!]))[px.outputNames[0]!]!.data as Float32Array;
    const bad = got.length !== want.length || got.some((v, i) => !(Math.abs(v - want[i]!) <= 1e-5 * (1 + Math.abs(want[i]!))));
    if (bad) {
      await px.dispose();
      return { reason: 'the pixel graph did not give the float32 session\'s outputs on this device' };
    }
  } catch (e) {
    await px?.dispose();
    return { reason: `the pixel graph could not run: ${(e as Error).message}` };
  }
  await floatSession.dispose();
  return { session: px };
}

/** The `createSession` options of a run (its device and ORT options). */
function sessionOptionsOf(options: ExtractOptions): Parameters<typeof createSession>[1] {
  return { ...(options.device !== undefined ? { device: options.device } : {}), ...(options.sessionOptions ? { sessionOptions: options.sessionOptions } : {}) };
}

/** Whether an item is one PNG or JPEG file (the images that may go as 8-bit pixels). */
function isPhotoFile(item: DatasetItem): boolean {
  return item.source.kind === 'file' && /\.(png|jpe?g)$/i.test(item.source.path);
}

function deviceReport(s: KenobiSession): FeatureStoreMeta['device'] {
  return { requested: s.requested, device: s.device, provider: s.provider, ortVersion: s.ortVersion, report: s.report(), attempts: [...s.attempts] };
}

function concat(chunks: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(chunks.reduce((a, c) => a + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
