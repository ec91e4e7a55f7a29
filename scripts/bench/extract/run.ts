/**
 * Benchmark: feature extraction end to end (decode JPEG + preprocess in a worker + DenseNet-121 inference +
 * store writes) against the bare ONNX Runtime session on pre-made tensors, same model, batch 16, CPU; and
 * against PyTorch CPU running the same architecture (plain-torch DenseNet-121, random weights) on the same
 * threads when the peer interpreter (KENOBI_BENCH_PYTHON, default Debian's /usr/bin/python3) has torch. The bare session is timed before and after the end-to-end run
 * (A/B/A) and each row carries its load average and process CPU time per image.
 *
 *   KENOBI_MIRROR=../shared/models node --conditions=@kenobi/source --import tsx scripts/bench/extract/run.ts [--images 96] [--threads 2]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { extractFeatures, loadDataset, prepareFeatureModel, subsetDataset } from '@kenobi/features/node';
import { createSession, runBatched } from '@kenobi/runtime';
import { benchPython, cpuModel, hasBenchPython } from '../peer-env.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const shared = resolve(process.env.KENOBI_SHARED ?? resolve(repo, '../shared'));
process.env.KENOBI_MIRROR ??= join(shared, 'models');
process.env.KENOBI_OFFLINE ??= '1';
const { values } = parseArgs({ options: { images: { type: 'string', default: '256' }, threads: { type: 'string', default: '2' }, batch: { type: 'string', default: '16' } } });
const images = Number(values.images);
const threads = Number(values.threads);
const batch = Number(values.batch);
const sessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1 };

const fm = await prepareFeatureModel('densenet121-keras', 'auto');
/** Wall images/s and process CPU ms per image (all threads of this process: ORT's and the decode worker's). */
interface Sample { rate: number; cpuMs: number; loadBefore: number; loadAfter: number }
const bareBatches = Math.max(2, Math.round(images / batch / 2));
const x = Float32Array.from({ length: batch * 3 * 224 * 224 }, (_, i) => Math.sin(i));
// 1. Bare session: pre-made input, batch 16, after one warm-up run. Measured before AND after the end-to-end
// run (A/B/A) so that load drift during the run shows up as a difference between the two bare rows.
const session = await createSession(fm.cut, { device: 'cpu', sessionOptions });
await runBatched(session, x, [batch, 3, 224, 224], { batchSize: batch });
async function bareRun(): Promise<Sample> {
  const loadBefore = loadavg()[0]!;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let k = 0; k < bareBatches; k++) await runBatched(session, x, [batch, 3, 224, 224], { batchSize: batch });
  const c = process.cpuUsage(c0);
  const n = bareBatches * batch;
  return { rate: n / ((performance.now() - t0) / 1000), cpuMs: (c.user + c.system) / 1000 / n, loadBefore, loadAfter: loadavg()[0]! };
}
const bareA = await bareRun();

// 2. End to end on GZ1 JPEGs (423×423 → resize 256 → crop 224), steady state: from the first batch done to the end.
const ds = await loadDataset(join(shared, 'data/labeled/gz1_sdss/labels.csv'), { columns: { id: 'objid', path: 'file', label: 'gz1_class_name' } });
const sub = subsetDataset(ds, Array.from({ length: images }, (_, i) => i));
const out = mkdtempSync(join(tmpdir(), 'kenobi-bench-extract-'));
let tFirst = 0;
let doneFirst = 0;
let cFirst = process.cpuUsage();
const e2eLoadBefore = loadavg()[0]!;
const t = performance.now();
const r = await extractFeatures(sub, {
  model: 'densenet121-keras', out: join(out, 'store'), batchSize: batch, device: 'cpu', sessionOptions, workers: 1, rowsPerPart: 4096,
  onProgress: (e) => { if (tFirst === 0 && e.done >= batch) { tFirst = performance.now(); doneFirst = e.done; cFirst = process.cpuUsage(); } },
});
const tEnd = performance.now();
const cE2e = process.cpuUsage(cFirst);
const e2eLoadAfter = loadavg()[0]!;
rmSync(out, { recursive: true, force: true });
const e2e: Sample = { rate: (images - doneFirst) / ((tEnd - tFirst) / 1000), cpuMs: (cE2e.user + cE2e.system) / 1000 / (images - doneFirst), loadBefore: e2eLoadBefore, loadAfter: e2eLoadAfter };
const e2eWithStartup = images / ((tEnd - t) / 1000);
const bareB = await bareRun();
await session.dispose();
const bare = (bareA.rate + bareB.rate) / 2;

// 3. PyTorch peer (its own process, same threads; CPU time not measured there).
let torch: { torch: string; imagesPerSecond: number } | undefined;
const torchLoadBefore = loadavg()[0]!;
if (hasBenchPython()) {
  try {
    torch = JSON.parse(execFileSync(benchPython, [join(here, 'torch_densenet121.py'), '--batch', String(batch), '--threads', String(threads), '--batches', String(bareBatches)], { encoding: 'utf8' }).trim().split('\n').pop()!);
  } catch (e) {
    console.error(`PyTorch peer not run: ${(e as Error).message.split('\n')[0]}`);
  }
}
const torchLoadAfter = loadavg()[0]!;
const f = (v: number, d = 2): string => v.toFixed(d);
const rows: [string, number, string, string][] = [
  [`bare session, before (pre-made tensors, ${bareBatches * batch} images)`, bareA.rate, f(bareA.cpuMs, 0), `${f(bareA.loadBefore)} → ${f(bareA.loadAfter)}`],
  [`kenobi extract end to end, steady state (${images - doneFirst} images)`, e2e.rate, f(e2e.cpuMs, 0), `${f(e2e.loadBefore)} → ${f(e2e.loadAfter)}`],
  [`bare session, after (pre-made tensors, ${bareBatches * batch} images)`, bareB.rate, f(bareB.cpuMs, 0), `${f(bareB.loadBefore)} → ${f(bareB.loadAfter)}`],
  [`kenobi extract incl. model prep + session + worker start (${images} images)`, e2eWithStartup, '—', `${f(e2e.loadBefore)} → ${f(e2e.loadAfter)}`],
  ...(torch ? [[`PyTorch ${torch.torch} CPU (${benchPython}), plain-torch DenseNet-121 (pre-made tensors, ${bareBatches * batch} images)`, torch.imagesPerSecond, '—', `${f(torchLoadBefore)} → ${f(torchLoadAfter)}`] as [string, number, string, string]] : []),
];
console.log(`DenseNet-121 features (avg_pool, 1024), batch ${batch}, ${threads} threads (ORT intra-op and torch), ${images} GZ1 images, device ${r.meta.device.device}, CPU ${cpuModel()} (${cpus().length} logical cores), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
console.log('| run | images/s | CPU ms/img | load avg (1 min) |\n| --- | ---: | ---: | ---: |');
for (const [name, v, cpu, load] of rows) console.log(`| ${name} | ${v.toFixed(2)} | ${cpu} | ${load} |`);
console.log(`end-to-end / bare (mean of before and after) = ${(e2e.rate / bare).toFixed(3)} (goal >= 0.90); against bare before ${(e2e.rate / bareA.rate).toFixed(3)}, after ${(e2e.rate / bareB.rate).toFixed(3)}`);
if (torch) console.log(`end-to-end / PyTorch = ${(e2e.rate / torch.imagesPerSecond).toFixed(2)} (goal >= 1.0); bare / PyTorch = ${(bare / torch.imagesPerSecond).toFixed(2)}`);
