/**
 * Benchmark (issue #15 §3): how far one machine streams a survey. `--rows` synthetic 16×16×3 cutouts (in
 * `.npy` stacks of 10⁴) go through (1) feature extraction with a LeNet-sized CNN into a feature store,
 * (2) mini-batch k-means over the store, streamed part by part, and (3) prediction with the exported CNN +
 * head, shard by shard (what one `kenobi slurm predict` task does). Each stage prints rows/s and resident
 * memory (RSS now and peak) against rows, and the store's bytes per row; docs/benchmarks.md and
 * docs/scale.md quote them.
 *
 *   node --expose-gc --conditions=@kenobi/source --import tsx scripts/bench/scale/run.ts [--rows 1000000] [--threads 1] [--workers 1] [--predict-shards 10] [--shards 1] [--keep <dir>]
 *
 * `--shards S` extracts S shard stores in turn (what S array tasks of `kenobi slurm extract` write) and times
 * their merge (`mergeFeatureStores`: MB/s and peak RSS) before the k-means.
 *
 * (`--expose-gc`: a full collection between stages, so each stage's RSS starts from what is really live.)
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { matrix, MiniBatchKMeans } from '@kenobi/cluster';
import { extractFeatures, mergeFeatureStores, streamFeatures } from '@kenobi/features/node';
import { predictionsCsv } from '../../../packages/cli/src/commands/predict-format.js';
import { predictDataset } from '../../../packages/cli/src/commands/predict-run.js';
import { RssTrace } from './rss-trace.js';
import { lenetBytes, lenetExport, PREPROCESSING, stackDataset, writeCutoutStacks } from './synthetic-survey.js';

const { values } = parseArgs({ options: {
  rows: { type: 'string', default: '1000000' }, threads: { type: 'string', default: '1' }, workers: { type: 'string', default: '1' },
  'per-stack': { type: 'string', default: '10000' }, 'rows-per-part': { type: 'string', default: '16384' }, batch: { type: 'string', default: '256' },
  'predict-shards': { type: 'string', default: '10' }, shards: { type: 'string', default: '1' }, 'skip-predict': { type: 'boolean' }, keep: { type: 'string' },
} });
const rows = Number(values.rows), perStack = Number(values['per-stack']), threads = Number(values.threads), workers = Number(values.workers);
const sessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1 };
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'kenobi-bench-scale-'));
const step = Math.max(1000, Math.round(rows / 40));
const du = (p: string): number => (statSync(p).isDirectory() ? readdirSync(p).reduce((a, f) => a + du(join(p, f)), 0) : statSync(p).size);
const load = (): string => loadavg().map((v) => v.toFixed(1)).join(' ');

const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});
const mb = (): string => (process.memoryUsage().rss / 2 ** 20).toFixed(0);
console.log(`RSS at start (modules loaded): ${mb()} MB`);
console.log(`# scale benchmark: ${rows.toLocaleString('en')} cutouts 16×16×3, ${cpus().length} CPUs (${cpus()[0]?.model}), ORT threads ${threads}, decode workers ${workers}; load ${load()} at start\n`);

// 0. The survey on disk.
let t = performance.now();
const files = writeCutoutStacks(join(dir, 'cutouts'), rows, perStack);
gc();
const before = process.memoryUsage().heapUsed;
const dataset = stackDataset(files, perStack, rows);
gc();
console.log(`wrote ${files.length} .npy stacks (${(du(join(dir, 'cutouts')) / rows).toFixed(0)} bytes per cutout) in ${((performance.now() - t) / 1000).toFixed(1)} s; the dataset listing (one item per cutout, as a catalog gives) holds ${((process.memoryUsage().heapUsed - before) / rows).toFixed(0)} bytes/row of heap; RSS ${mb()} MB\n`);

// 1. Extraction.
const ex = new RssTrace(step);
const store = join(dir, 'store');
const loadEx = load();
const cpuEx = process.cpuUsage();
const shardCount = Number(values.shards);
const extractShard = (index: number, offset: number) => extractFeatures(dataset, {
  model: { bytes: lenetBytes(), id: 'lenet16' }, tensor: 'features', preprocessing: { ...PREPROCESSING }, out: shardCount === 1 ? store : join(dir, `shard-${index}`),
  batchSize: Number(values.batch), workers, rowsPerPart: Number(values['rows-per-part']), device: 'cpu', sessionOptions,
  ...(shardCount > 1 ? { shard: { index, count: shardCount } } : {}),
  onProgress: (p) => ex.at(offset + p.done),
});
let r = await extractShard(0, 0);
let extractSeconds = r.seconds;
for (let i = 1, offset = r.meta.rows; i < shardCount; offset += r.meta.rows, i++) {
  r = await extractShard(i, offset);
  extractSeconds += r.seconds;
}
ex.at(rows, true);
const exCpu = process.cpuUsage(cpuEx);
let mergeLine = '';
if (shardCount > 1) {
  gc();
  const t1 = performance.now();
  const rss0 = process.resourceUsage().maxRSS / 1024;
  const merged = mergeFeatureStores(Array.from({ length: shardCount }, (_, i) => join(dir, `shard-${i}`)), store);
  const ms = (performance.now() - t1) / 1000;
  mergeLine = `merge of ${shardCount} shard stores: ${merged.rows.toLocaleString('en')} rows, ${(du(store) / 2 ** 20).toFixed(0)} MB in ${ms.toFixed(1)} s = ${(du(store) / 2 ** 20 / ms).toFixed(0)} MB/s, ${Math.round(merged.rows / ms).toLocaleString('en')} rows/s; peak RSS ${rss0.toFixed(0)} → ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`;
  r = { ...r, meta: merged, seconds: extractSeconds };
}
const storeBytes = du(store);
console.log(`## 1. extraction (LeNet 16×16, ${r.meta.dim} features, batch ${values.batch}, parts of ${values['rows-per-part']} rows; load ${loadEx} → ${load()})\n`);
console.log(`${r.meta.rows.toLocaleString('en')} rows in ${r.seconds.toFixed(1)} s: **${Math.round(r.meta.rows / r.seconds).toLocaleString('en')} rows/s**, ${((exCpu.user + exCpu.system) / 1000 / rows).toFixed(3)} CPU ms/row (all threads: inference, decode worker, writer); RSS slope over the second half ${ex.slopeBytesPerRow().toFixed(0)} bytes/row; store ${(storeBytes / 2 ** 20).toFixed(0)} MB = ${(storeBytes / rows).toFixed(0)} bytes/row (${r.meta.dim * 4} of features) in ${r.meta.parts} parts + ${readdirSync(store).length - 2 * r.meta.parts} other files\n`);
console.log(ex.table(8).join('\n'), '\n');
if (mergeLine) console.log(mergeLine);

gc();
// 2. Mini-batch k-means over the store, streamed part by part (one epoch fit, one pass of assignment).
const km = new RssTrace(step);
const kmeans = new MiniBatchKMeans({ k: 10, seed: 0, batchSize: 4096, maxNoImprovement: 0 });
t = performance.now();
let seen = 0;
for await (const part of streamFeatures(store)) {
  await kmeans.partialFit(matrix(part.X, part.rows, part.dim));
  seen += part.rows;
  km.at(seen);
}
const fitS = (performance.now() - t) / 1000;
t = performance.now();
const counts = new Array<number>(10).fill(0);
let assigned = 0;
for await (const part of streamFeatures(store)) {
  for (const c of await kmeans.predict(matrix(part.X, part.rows, part.dim))) counts[c]!++;
  assigned += part.rows;
  km.at(rows + assigned);
}
const predS = (performance.now() - t) / 1000;
console.log(`## 2. mini-batch k-means over the store (k = 10, batch 4096, streamed by part; load ${load()})\n`);
console.log(`fit (one epoch): ${Math.round(rows / fitS).toLocaleString('en')} rows/s (${fitS.toFixed(1)} s, ${(storeBytes / fitS / 2 ** 20).toFixed(0)} MB/s of store read); assignment pass: ${Math.round(rows / predS).toLocaleString('en')} rows/s; cluster sizes ${counts.join(', ')}; RSS slope ${km.slopeBytesPerRow().toFixed(0)} bytes/row\n`);
console.log(km.table(6).join('\n').replace('| rows |', '| rows (fit, then assignment) |'), '\n');

gc();
// 3. Prediction shard by shard (what each kenobi slurm predict task does), CSV per shard.
if (!values['skip-predict']) {
  const shards = Number(values['predict-shards']);
  const model = lenetExport();
  const pr = new RssTrace(Math.ceil(rows / shards));
  let done = 0, csvBytes = 0, predSeconds = 0;
  const cpuPr = process.cpuUsage();
  for (let s = 0; s < shards; s++) {
    const start = Math.floor((s * rows) / shards), end = Math.floor(((s + 1) * rows) / shards);
    const res = await predictDataset(model, { ...dataset, items: dataset.items.slice(start, end) }, { device: 'cpu', batchSize: Number(values.batch), workers, sessionOptions });
    const csv = predictionsCsv(res.rows, res.info.classes, true, res.failures);
    writeFileSync(join(dir, `predictions-${s}.csv`), csv);
    csvBytes += Buffer.byteLength(csv);
    predSeconds += res.seconds;
    done += end - start;
    pr.at(done, true);
  }
  console.log(`## 3. predict, exported LeNet + linear head, ${shards} shards of ${Math.round(rows / shards).toLocaleString('en')} in turn (load ${load()})\n`);
  const prCpu = process.cpuUsage(cpuPr);
  console.log(`${Math.round(rows / predSeconds).toLocaleString('en')} rows/s, ${((prCpu.user + prCpu.system) / 1000 / rows).toFixed(3)} CPU ms/row; CSV ${(csvBytes / rows).toFixed(0)} bytes/row\n`);
  console.log(pr.table(Math.min(shards, 10)).join('\n'), '\n');
}
console.log(`peak RSS of the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load ${load()} at the end`);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
