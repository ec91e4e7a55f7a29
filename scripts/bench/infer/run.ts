/**
 * Inference benchmark: images/s at batch 1, 8 and 32 for DenseNet-121 (../shared) and the builder's
 * ResNet-18/50 (random weights), Kenobi's session path (`createSession` + `runBatched`) against raw
 * onnxruntime-node in the same run, and a PyTorch CPU peer on the same architecture and threads when the
 * peer interpreter (KENOBI_BENCH_PYTHON, default Debian's /usr/bin/python3) has torch.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/bench/infer/run.ts [--threads 2] [--pairs 4] [--min-images 8]
 *        [--torch-rounds 3] [--models densenet121,resnet18,resnet50] [--batches 1,8,32] [--no-torch] [--out docs/benchmarks/infer.md]
 *
 * Each measurement processes max(batch, min-images) images; one warm-up per path and batch size. The timed
 * measurements are interleaved A/B pairs (Kenobi then raw, raw then Kenobi, ...): per cell the table gives
 * the median img/s of each path, the median of the per-pair Kenobi / raw ratios with their range, and the
 * process CPU time per image (`process.cpuUsage`, ORT's threads included) of each path as a second view.
 * The 1-minute load average is recorded before and after each model.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPython, cpuModel, hasBenchPython, peerVersions, versionsText } from '../peer-env.js';
import { parseArgs } from 'node:util';
// NOTE: scripts/ is not a workspace package, so the packages are imported by path; the raw ORT is the very
// module Kenobi's Node platform loads (the same onnxruntime-node instance).
import { encodeModel, resnet18, resnet50 } from '../../../packages/onnx/src/index.js';
import { createSession, nodePlatform, runBatched } from '../../../packages/runtime/src/index.js';
import { probeModel } from '../../../packages/runtime/src/probe-model.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const { values: args } = parseArgs({
  options: {
    threads: { type: 'string', default: '2' },
    pairs: { type: 'string', default: '4' },
    'min-images': { type: 'string', default: '8' },
    'torch-rounds': { type: 'string', default: '3' },
    models: { type: 'string', default: 'densenet121,resnet18,resnet50' },
    batches: { type: 'string', default: '1,8,32' },
    'no-torch': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const threads = Number(args.threads);
const pairs = Number(args.pairs);
const minImages = Number(args['min-images']);
const batches = args.batches!.split(',').map(Number);
const { ort } = await nodePlatform.loadOrt('onnxruntime-node');
const shared = resolve(process.env.KENOBI_SHARED ?? resolve(repo, '../shared'));

interface Row {
  model: string; batch: number; kenobi: number; raw: number; ratio: number; ratioMin: number; ratioMax: number;
  kenobiCpuMs: number; rawCpuMs: number; torch?: number;
}
interface Load { model: string; before: number; after: number }
/** One timed measurement: images/s (wall) and CPU ms per image (all threads of this process). */
interface Sample { rate: number; cpuMs: number }

function modelBytes(name: string): Uint8Array {
  if (name === 'densenet121') return new Uint8Array(readFileSync(resolve(shared, 'models/densenet121-keras-imagenet.onnx')));
  if (name === 'resnet18') return encodeModel(resnet18({ seed: 1 }));
  if (name === 'resnet50') return encodeModel(resnet50({ seed: 1 }));
  throw new Error(`unknown model ${name}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function timed(images: number, work: () => Promise<void>): Promise<Sample> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { rate: images / wall, cpuMs: (c.user + c.system) / 1000 / images };
}

async function benchModel(name: string): Promise<Row[]> {
  const bytes = modelBytes(name);
  const sessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1 };
  const kenobi = await createSession(bytes, { device: 'cpu', sessionOptions });
  const raw = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], ...sessionOptions });
  const inputName = raw.inputNames[0]!;
  const outputName = raw.outputNames[0]!;
  const rows: Row[] = [];
  try {
    for (const batch of batches) {
      const images = Math.ceil(Math.max(batch, minImages) / batch) * batch;
      const x = new Float32Array(images * 3 * 224 * 224).map((_, i) => Math.sin(i * 0.001));
      const perImage = 3 * 224 * 224;
      const runKenobi = (): Promise<Sample> => timed(images, async () => {
        await runBatched(kenobi, x, [images, 3, 224, 224], { batchSize: batch, outputNames: [outputName] });
      });
      const runRaw = (): Promise<Sample> => timed(images, async () => {
        for (let start = 0; start < images; start += batch) {
          const t = new ort.Tensor('float32', x.subarray(start * perImage, (start + batch) * perImage), [batch, 3, 224, 224]);
          const out = await raw.run({ [inputName]: t }, [outputName]);
          t.dispose();
          out[outputName]!.dispose();
        }
      });
      await runKenobi();
      await runRaw();
      const k: Sample[] = [], r: Sample[] = [];
      for (let i = 0; i < pairs; i++) {
        // NOTE: interleaved A/B pairs, order alternating, so drift in machine load hits both paths alike.
        if (i % 2 === 0) { k.push(await runKenobi()); r.push(await runRaw()); } else { r.push(await runRaw()); k.push(await runKenobi()); }
      }
      const ratios = k.map((v, i) => v.rate / r[i]!.rate);
      rows.push({
        model: name, batch, kenobi: median(k.map((s) => s.rate)), raw: median(r.map((s) => s.rate)),
        ratio: median(ratios), ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios),
        kenobiCpuMs: median(k.map((s) => s.cpuMs)), rawCpuMs: median(r.map((s) => s.cpuMs)),
      });
      process.stderr.write(`${name} batch ${batch} (${images} img/measurement): k=[${k.map((v) => v.rate.toFixed(2))}] r=[${r.map((v) => v.rate.toFixed(2))}] ratios=[${ratios.map((v) => v.toFixed(3))}] load ${loadavg()[0]!.toFixed(2)}\n`);
    }
  } finally {
    await kenobi.dispose();
    await raw.release();
  }
  return rows;
}

/**
 * Per-run cost of the wrapper alone: a 4-element Relu (no compute to speak of) run one sample at a time
 * through `runBatched` and through raw `session.run`, in interleaved pairs (order alternating), medians of
 * 6 pairs of 2000 runs each after one warm-up pair.
 */
async function wrapperOverhead(): Promise<{ kenobiUs: number; rawUs: number }> {
  const { model } = probeModel();
  const opts = { intraOpNumThreads: 1, interOpNumThreads: 1 };
  const kenobi = await createSession(model, { device: 'cpu', sessionOptions: opts });
  const raw = await ort.InferenceSession.create(model, { executionProviders: ['cpu'], ...opts });
  const n = 2000;
  const x = new Float32Array(n * 4).map((_, i) => Math.sin(i));
  const runK = async (): Promise<number> => {
    const t0 = performance.now();
    await runBatched(kenobi, x, [n, 4], { batchSize: 1 });
    return ((performance.now() - t0) / n) * 1000;
  };
  const runR = async (): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const t = new ort.Tensor('float32', x.subarray(i * 4, (i + 1) * 4), [1, 4]);
      const o = await raw.run({ x: t });
      t.dispose();
      o.y!.dispose();
    }
    return ((performance.now() - t0) / n) * 1000;
  };
  const k: number[] = [], r: number[] = [];
  try {
    for (let round = 0; round < 7; round++) {
      let a: number, b: number;
      if (round % 2 === 0) { a = await runK(); b = await runR(); } else { b = await runR(); a = await runK(); }
      if (round > 0) { k.push(a); r.push(b); }
    }
  } finally {
    await kenobi.dispose();
    await raw.release();
  }
  return { kenobiUs: median(k), rawUs: median(r) };
}

function torchPeer(models: string[]): { version: string; results: Record<string, Record<string, number>> } | undefined {
  if (args['no-torch'] || models.length === 0 || !hasBenchPython()) return undefined;
  try {
    const out = execFileSync(benchPython, [resolve(here, 'torch_peer.py'), '--threads', String(threads), '--models', models.join(','), '--batches', batches.join(','), '--rounds', String(args['torch-rounds']), '--min-images', String(minImages)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 900_000 });
    const parsed = JSON.parse(out.trim().split('\n').at(-1)!) as { torch: string; results: Record<string, Record<string, number>> };
    return { version: versionsText(peerVersions(['torch', 'numpy'])), results: parsed.results };
  } catch (e) {
    process.stderr.write(`PyTorch peer skipped: ${(e as Error).message.split('\n')[0]}\n`);
    return undefined;
  }
}

const t0 = performance.now();
const models = args.models === 'none' ? [] : args.models!.split(',');
const rows: Row[] = [];
const loads: Load[] = [];
for (const m of models) {
  const before = loadavg()[0]!;
  rows.push(...(await benchModel(m)));
  loads.push({ model: m, before, after: loadavg()[0]! });
}
const overhead = await wrapperOverhead();
const torchBefore = loadavg()[0]!;
const torch = torchPeer(models);
if (torch) loads.push({ model: `PyTorch peer (${models.join(', ')})`, before: torchBefore, after: loadavg()[0]! });
if (torch) for (const row of rows) row.torch = torch.results[row.model]?.[String(row.batch)];
const seconds = (performance.now() - t0) / 1000;

const fmt = (v: number | undefined, d = 1): string => (v === undefined ? '—' : v.toFixed(d));
const table = [
  '| model | batch | Kenobi img/s | raw ORT img/s | Kenobi / raw (median of pairs) | pair range | CPU ms/img Kenobi | CPU ms/img raw | PyTorch img/s | Kenobi / PyTorch |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.model} | ${r.batch} | ${fmt(r.kenobi)} | ${fmt(r.raw)} | ${fmt(r.ratio, 3)} | ${fmt(r.ratioMin, 3)}–${fmt(r.ratioMax, 3)} | ${fmt(r.kenobiCpuMs, 0)} | ${fmt(r.rawCpuMs, 0)} | ${fmt(r.torch)} | ${r.torch ? fmt(r.kenobi / r.torch, 2) : '—'} |`),
].join('\n');
const loadTable = [
  '| phase | load avg (1 min) before | after |',
  '| --- | ---: | ---: |',
  ...loads.map((l) => `| ${l.model} | ${l.before.toFixed(2)} | ${l.after.toFixed(2)} |`),
].join('\n');
const minRatio = rows.length ? Math.min(...rows.map((r) => r.ratio)) : NaN;
const overheadText = `Wrapper cost per run (4-element Relu, one sample per run, interleaved pairs): Kenobi ${overhead.kenobiUs.toFixed(0)} µs, raw ORT ${overhead.rawUs.toFixed(0)} µs, so Kenobi adds about ${(overhead.kenobiUs - overhead.rawUs).toFixed(0)} µs per \`session.run\``;
const context = `onnxruntime-node ${(ort.env.versions as Record<string, string>).node ?? '?'}, ${torch ? `peer ${torch.version}` : 'no PyTorch peer'}, ${threads} intra-op threads (ORT and torch), CPU ${cpuModel()} (${cpus().length} logical cores), Node ${process.version}; ${pairs} interleaved pairs per cell (PyTorch: ${args['torch-rounds']} rounds), max(batch, ${minImages}) images per measurement; whole run ${seconds.toFixed(0)} s, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
console.log(`${table}\n\n${loadTable}\n\n${context}\n${overheadText}\nlowest Kenobi / raw ratio: ${minRatio.toFixed(3)} (target ≥ 0.97)`);
if (args.out) {
  const path = resolve(repo, args.out);
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = doc.indexOf('<!-- bench:infer:begin -->');
  const end = doc.indexOf('<!-- bench:infer:end -->');
  const block = `<!-- bench:infer:begin -->\n${table}\n\n${loadTable}\n\n${context}.\n\n${overheadText}.\n\nLowest Kenobi / raw ratio (median of pairs): **${minRatio.toFixed(3)}** (target ≥ 0.97).\n<!-- bench:infer:end -->`;
  writeFileSync(path, start >= 0 && end > start ? doc.slice(0, start) + block + doc.slice(end + '<!-- bench:infer:end -->'.length) : `${doc}\n${block}\n`);
  process.stderr.write(`wrote ${path}\n`);
}
