/**
 * Per-stage CPU budget of `kenobi extract` per image on GZ1 JPEGs with DenseNet-121, batch 16, 2 ORT threads:
 *
 * 1. the decode worker's stages, one thread, no ORT (CPU of this thread, `/proc/thread-self/schedstat`):
 *    read file, JPEG decode (libjpeg-turbo WebAssembly → RGBA), RGBA → RGB, resize 423 → 256 + crop 224,
 *    normalisation into the batch buffer;
 * 2. the ORT run on a pre-made batch (process CPU, all threads);
 * 3. `extractFeatures` end to end, steady state, CPU per image of each thread of the process
 *    (`/proc/self/task/<tid>/schedstat`): the main thread (ORT's calling thread, batch glue, store),
 *    ORT's pool threads, the decode worker, everything else (V8 helpers, libuv), against the same threads
 *    in a bare run. The decode worker is told apart by a decode hook that records its thread id.
 *
 * `--pixel-input 0` makes the decode worker write float32 inputs (as before 8-bit pixel input), for an A/B.
 *
 *   KENOBI_MIRROR=../shared/models KENOBI_OFFLINE=1 node --conditions=@kenobi/source --import tsx scripts/bench/extract/budget.ts [--images 256] [--spin 0] [--pixel-input 0]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeJpeg, fitToSize, toModelInput, type PreprocessingConfig, type Raster } from '@kenobi/imaging';
import { extractFeatures, loadDataset, prepareFeatureModel, subsetDataset } from '@kenobi/features/node';
import { createSession, runBatched } from '@kenobi/runtime';
import { libjpegDecode } from '../../../packages/imaging/src/raster/libjpeg-turbo.js';
import { prepareImage } from '../../../packages/features/src/pipeline/image-preprocessing.js';
import { cpuModel } from '../peer-env.js';

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(process.env.KENOBI_SHARED ?? resolve(here, '../../../../shared'));
process.env.KENOBI_MIRROR ??= join(shared, 'models');
process.env.KENOBI_OFFLINE ??= '1';
const { values } = parseArgs({ options: { images: { type: 'string', default: '256' }, threads: { type: 'string', default: '2' }, batch: { type: 'string', default: '16' }, spin: { type: 'string', default: '1' }, 'pixel-input': { type: 'string', default: '1' } } });
const images = Number(values.images);
const threads = Number(values.threads);
const batch = Number(values.batch);
// `--spin 0`: ORT's pool threads sleep instead of spinning when they run out of work (session.intra_op.allow_spinning).
const sessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, ...(values.spin === '0' ? { extra: { session: { intra_op: { allow_spinning: '0' } } } } : {}) };

/** CPU nanoseconds a thread has run (`schedstat`'s first field: ns resolution, unlike `stat`'s 10 ms ticks). */
const threadNs = (path: string): number => Number(readFileSync(`${path}/schedstat`, 'utf8').split(' ')[0]);
const selfNs = (): number => threadNs('/proc/thread-self');
function tasks(): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of readdirSync('/proc/self/task')) {
    try { m.set(t, threadNs(`/proc/self/task/${t}`)); } catch { /* NOTE: the thread ended between readdir and read */ }
  }
  return m;
}
const mainTid = readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]!;

// 1. The decode worker's stages, in this thread.
const dir = join(shared, 'data/labeled/gz1_sdss/images');
const files = readdirSync(dir).filter((f) => f.endsWith('.jpeg')).sort().slice(0, 64).map((f) => join(dir, f));
const config = {
  inputSize: [224, 224], resize: 'shorter-side', resizeSize: 256, crop: 'center', scale: '0-1',
  mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], layout: 'NCHW', channelOrder: 'RGB',
} as PreprocessingConfig;
const bytes = await Promise.all(files.map(async (f) => new Uint8Array(await readFile(f))));
const decoded: Raster[] = [];
for (const b of bytes) decoded.push(await decodeJpeg(b));
const fitted = decoded.map((r) => fitToSize(r, config));
const batchBuffer = new Float32Array(batch * 3 * 224 * 224);
async function stage(reps: number, fn: () => unknown): Promise<number> {
  await fn();
  const t = selfNs();
  for (let r = 0; r < reps; r++) await fn();
  return (selfNs() - t) / 1e6 / reps / files.length;
}
const reps = 5;
const readMs = await stage(reps, async () => { for (const f of files) await readFile(f); });
const libjpegMs = await stage(reps, async () => { for (const b of bytes) await libjpegDecode(b); });
const decodeMs = await stage(reps, async () => { for (const b of bytes) await decodeJpeg(b); });
const fitMs = await stage(reps, () => { for (const r of decoded) fitToSize(r, config); });
// NOTE: on the already fitted 224 × 224 images with resize and crop off, toModelInput only normalises.
const normalise = { ...config, resize: 'none', crop: 'none' } as PreprocessingConfig;
const normMs = await stage(reps, () => { fitted.forEach((r, k) => toModelInput(r, normalise, batchBuffer.subarray((k % batch) * 150528, (k % batch + 1) * 150528))); });
const itemMs = await stage(reps, async () => {
  for (let k = 0; k < files.length; k++) {
    prepareImage(await decodeJpeg(new Uint8Array(await readFile(files[k]!))), [], { config, tta: 'none' }, batchBuffer.subarray((k % batch) * 150528, (k % batch + 1) * 150528));
  }
});

// 2. The ORT run, pre-made batch.
const fm = await prepareFeatureModel('densenet121-keras', 'auto');
const session = await createSession(fm.cut, { device: 'cpu', sessionOptions });
const x = Float32Array.from({ length: batch * 3 * 224 * 224 }, (_, i) => Math.sin(i));
await runBatched(session, x, [batch, 3, 224, 224], { batchSize: batch });
const bareBatches = Math.max(2, Math.round(images / batch / 2));
interface Threads { rate: number; main: number; pool: number; worker: number; other: number; total: number; load: string }
async function bare(): Promise<Threads> {
  const l0 = loadavg()[0]!;
  const a = tasks();
  const t0 = performance.now();
  for (let k = 0; k < bareBatches; k++) await runBatched(session, x, [batch, 3, 224, 224], { batchSize: batch });
  const sec = (performance.now() - t0) / 1000;
  const b = tasks();
  const n = bareBatches * batch;
  const per = (t: string): number => ((b.get(t) ?? 0) - (a.get(t) ?? 0)) / 1e6 / n;
  const all = [...b.keys()].map(per).reduce((s, v) => s + v, 0);
  const ort = [...b.keys()].filter((t) => t !== mainTid && per(t) > 1).reduce((s, t) => s + per(t), 0);
  return { rate: n / sec, main: per(mainTid), pool: ort, worker: 0, other: all - per(mainTid) - ort, total: all, load: `${l0.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}` };
}
const bareA = await bare();

// 3. End to end, steady state (from the first finished batch), per thread.
const out = mkdtempSync(join(tmpdir(), 'kenobi-bench-budget-'));
const tidFile = join(out, 'worker-tid');
const hook = join(out, 'hook.mjs');
// NOTE: the decode hook (a test seam of the decode worker) only records the worker's thread id.
writeFileSync(hook, `import { readFileSync, writeFileSync } from 'node:fs';\nexport function beforeDecode() { writeFileSync(${JSON.stringify(tidFile)}, readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]); }\n`);
process.env.KENOBI_TEST_DECODE_HOOK = hook;
const ds = await loadDataset(join(shared, 'data/labeled/gz1_sdss/labels.csv'), { columns: { id: 'objid', path: 'file', label: 'gz1_class_name' } });
const sub = subsetDataset(ds, Array.from({ length: images }, (_, i) => i));
const before = tasks();
let first: Map<string, number> | undefined;
let last: Map<string, number> | undefined;
let tFirst = 0;
let tLast = 0;
let doneFirst = 0;
const l0 = loadavg()[0]!;
const extracted = await extractFeatures(sub, {
  model: 'densenet121-keras', out: join(out, 'store'), batchSize: batch, device: 'cpu', sessionOptions, workers: 1, rowsPerPart: 4096, pixelInput: values['pixel-input'] !== '0',
  onProgress: (e) => {
    if (!first && e.done >= batch) { first = tasks(); tFirst = performance.now(); doneFirst = e.done; }
    if (e.done >= images) { last = tasks(); tLast = performance.now(); }
  },
});
const end = tasks();
delete process.env.KENOBI_TEST_DECODE_HOOK;
const workerTid = readFileSync(tidFile, 'utf8');
rmSync(out, { recursive: true, force: true });
const n = images - doneFirst;
// NOTE: ORT's pool threads and the worker end before extractFeatures returns: read them at the last progress event
// (after the last batch's inference, before the store is written); the main thread's store write and disposal
// are the main thread's CPU from there to the return.
const per = (t: string, to = last!): number => ((to.get(t) ?? 0) - (first!.get(t) ?? before.get(t) ?? 0)) / 1e6 / n;
const fresh = [...last!.keys()].filter((t) => !before.has(t));
const e2eMain = per(mainTid);
const e2ePool = fresh.filter((t) => t !== workerTid && per(t) > 1).reduce((s, t) => s + per(t), 0);
const e2eWorker = per(workerTid);
const e2eAll = [...last!.keys()].map((t) => per(t)).reduce((s, v) => s + v, 0);
const storeMs = ((end.get(mainTid) ?? 0) - (last!.get(mainTid) ?? 0)) / 1e6 / images;
const e2e: Threads = { rate: n / ((tLast - tFirst) / 1000), main: e2eMain, pool: e2ePool, worker: e2eWorker, other: e2eAll - e2eMain - e2ePool - e2eWorker, total: e2eAll, load: `${l0.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}` };
const bareB = await bare();
await session.dispose();

const f = (v: number): string => v.toFixed(2);
console.log(`CPU budget per image, DenseNet-121 batch ${batch}, ${threads} ORT threads (spinning ${values.spin === '0' ? 'off' : 'on'}), model input ${extracted.pixelInput.used ? '8-bit pixels scaled in the graph' : `float32 (${extracted.pixelInput.reason})`}, GZ1 JPEGs 423×423; CPU ${cpuModel()} (${cpus().length} logical cores); ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
console.log(`\nDecode worker stages, one thread, no ORT (${files.length} images × ${reps}):\n\n| stage | CPU ms/img |\n| --- | ---: |`);
console.log(`| read file (fs.promises.readFile) | ${f(readMs)} |`);
console.log(`| JPEG decode, libjpeg-turbo WASM → RGBA (incl. copies in and out of WASM memory) | ${f(libjpegMs)} |`);
console.log(`| RGBA → RGB (decodeJpeg − libjpeg) | ${f(decodeMs - libjpegMs)} |`);
console.log(`| resize 423 → 256 + centre crop 224 (fitToSize, Pillow bilinear) | ${f(fitMs)} |`);
console.log(`| normalise + write into the batch buffer (toModelInput) | ${f(normMs)} |`);
console.log(`| **sum** | **${f(readMs + decodeMs + fitMs + normMs)}** |`);
console.log(`| all in one, as the worker does it (read + decodeJpeg + prepareImage into the batch) | ${f(itemMs)} |`);
console.log(`\nPer thread, CPU ms/img (bare: ${bareBatches * batch} images on a pre-made batch; end to end: ${n} images, steady state):\n`);
console.log('| run | img/s | main thread (ORT caller; glue) | ORT pool | decode worker | other threads | total | load |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const [name, s] of [['bare, before', bareA], ['end to end', e2e], ['bare, after', bareB]] as const) {
  console.log(`| ${name} | ${f(s.rate)} | ${f(s.main)} | ${f(s.pool)} | ${name === 'end to end' ? f(s.worker) : '—'} | ${f(s.other)} | ${f(s.total)} | ${s.load} |`);
}
console.log(`\nmain thread after the last batch (store write + finish + disposal), per image of the run: ${f(storeMs)} ms`);
console.log(`end to end / bare (mean) = ${(e2e.rate / ((bareA.rate + bareB.rate) / 2)).toFixed(3)}`);
