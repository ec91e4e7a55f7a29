/**
 * Benchmark: feature extraction end to end (decode JPEG + preprocess in a worker + DenseNet-121 inference +
 * store writes) against the bare ONNX Runtime session on pre-made tensors, same model, batch 16, CPU; and
 * against PyTorch CPU running the same architecture (plain-torch DenseNet-121, random weights) on the same
 * threads when Debian's python3-torch is there.
 *
 *   KENOBI_MIRROR=../shared/models node --conditions=@kenobi/source --import tsx scripts/bench/extract/run.ts [--images 96] [--threads 2]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { extractFeatures, loadDataset, prepareFeatureModel, subsetDataset } from '@kenobi/features/node';
import { createSession, runBatched } from '@kenobi/runtime';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const shared = resolve(process.env.KENOBI_SHARED ?? resolve(repo, '../shared'));
process.env.KENOBI_MIRROR ??= join(shared, 'models');
process.env.KENOBI_OFFLINE ??= '1';
const { values } = parseArgs({ options: { images: { type: 'string', default: '96' }, threads: { type: 'string', default: '2' }, batch: { type: 'string', default: '16' } } });
const images = Number(values.images);
const threads = Number(values.threads);
const batch = Number(values.batch);
const sessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1 };

const fm = await prepareFeatureModel('densenet121-keras', 'auto');
// 1. Bare session: pre-made input, batch 16, after one warm-up run.
const session = await createSession(fm.cut, { device: 'cpu', sessionOptions });
const x = Float32Array.from({ length: batch * 3 * 224 * 224 }, (_, i) => Math.sin(i));
await runBatched(session, x, [batch, 3, 224, 224], { batchSize: batch });
const bareBatches = Math.max(2, Math.round(images / batch) - 1);
let t = performance.now();
for (let k = 0; k < bareBatches; k++) await runBatched(session, x, [batch, 3, 224, 224], { batchSize: batch });
const bare = (bareBatches * batch) / ((performance.now() - t) / 1000);
await session.dispose();

// 2. End to end on GZ1 JPEGs (423×423 → resize 256 → crop 224), steady state: from the first batch done to the end.
const ds = await loadDataset(join(shared, 'data/labeled/gz1_sdss/labels.csv'), { columns: { id: 'objid', path: 'file', label: 'gz1_class_name' } });
const sub = subsetDataset(ds, Array.from({ length: images }, (_, i) => i));
const out = mkdtempSync(join(tmpdir(), 'kenobi-bench-extract-'));
let tFirst = 0;
let doneFirst = 0;
t = performance.now();
const r = await extractFeatures(sub, {
  model: 'densenet121-keras', out: join(out, 'store'), batchSize: batch, device: 'cpu', sessionOptions, workers: 1, rowsPerPart: 4096,
  onProgress: (e) => { if (tFirst === 0 && e.done >= batch) { tFirst = performance.now(); doneFirst = e.done; } },
});
const tEnd = performance.now();
rmSync(out, { recursive: true, force: true });
const e2e = (images - doneFirst) / ((tEnd - tFirst) / 1000);
const e2eWithStartup = images / ((tEnd - t) / 1000);

// 3. PyTorch peer.
let torch: { torch: string; imagesPerSecond: number } | undefined;
if (existsSync('/usr/bin/python3')) {
  try {
    torch = JSON.parse(execFileSync('/usr/bin/python3', [join(here, 'torch_densenet121.py'), '--batch', String(batch), '--threads', String(threads), '--batches', String(Math.max(2, Math.round(images / batch) - 2))], { encoding: 'utf8' }).trim().split('\n').pop()!);
  } catch (e) {
    console.error(`PyTorch peer not run: ${(e as Error).message.split('\n')[0]}`);
  }
}
const rows = [
  ['bare ORT session (pre-made tensors)', bare],
  ['kenobi extract end to end (steady state)', e2e],
  ['kenobi extract incl. model prep + session + worker start', e2eWithStartup],
  ...(torch ? [[`PyTorch ${torch.torch} CPU, plain-torch DenseNet-121`, torch.imagesPerSecond]] : []),
] as [string, number][];
console.log(`DenseNet-121 features (avg_pool, 1024), batch ${batch}, ${threads} threads, ${images} GZ1 images, device ${r.meta.device.device}`);
console.log('| run | images/s |\n| --- | ---: |');
for (const [name, v] of rows) console.log(`| ${name} | ${v.toFixed(2)} |`);
console.log(`end-to-end / bare = ${(e2e / bare).toFixed(3)} (goal >= 0.90)`);
if (torch) console.log(`end-to-end / PyTorch = ${(e2e / torch.imagesPerSecond).toFixed(2)} (goal >= 1.0); bare / PyTorch = ${(bare / torch.imagesPerSecond).toFixed(2)}`);
