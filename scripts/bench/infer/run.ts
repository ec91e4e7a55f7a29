/**
 * Inference benchmark: images/s at batch 1, 8 and 32 for DenseNet-121 (../shared) and the builder's
 * ResNet-18/50 (random weights), Kenobi's session path (`createSession` + `runBatched`) against raw
 * onnxruntime-node in the same run (alternating measurements), and a PyTorch CPU peer on the same
 * architecture and threads when Debian's /usr/bin/python3 has torch.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/bench/infer/run.ts [--threads 2] [--rounds 3] [--torch-rounds 2]
 *        [--models densenet121,resnet18,resnet50] [--no-torch] [--out docs/benchmarks/infer.md]
 *
 * Each measurement processes max(batch, 4) images (batch 1: 4 runs); one warm-up per path and batch size;
 * the median of `rounds` measurements is reported, and the Kenobi / raw ratio is the median of the
 * ratios of back-to-back pairs (robust to load drift on a shared machine). Prints a Markdown table; with --out writes it there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
    rounds: { type: 'string', default: '3' },
    'torch-rounds': { type: 'string', default: '2' },
    models: { type: 'string', default: 'densenet121,resnet18,resnet50' },
    batches: { type: 'string', default: '1,8,32' },
    'no-torch': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const threads = Number(args.threads);
const rounds = Number(args.rounds);
const batches = args.batches!.split(',').map(Number);
const { ort } = await nodePlatform.loadOrt('onnxruntime-node');
const shared = resolve(process.env.KENOBI_SHARED ?? resolve(repo, '../shared'));

interface Row { model: string; batch: number; kenobi: number; raw: number; ratio: number; torch?: number }

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
      const images = Math.max(batch, 4);
      const x = new Float32Array(images * 3 * 224 * 224).map((_, i) => Math.sin(i * 0.001));
      const perImage = 3 * 224 * 224;
      const runKenobi = async (): Promise<number> => {
        const t0 = performance.now();
        await runBatched(kenobi, x, [images, 3, 224, 224], { batchSize: batch, outputNames: [outputName] });
        return images / ((performance.now() - t0) / 1000);
      };
      const runRaw = async (): Promise<number> => {
        const t0 = performance.now();
        for (let start = 0; start < images; start += batch) {
          const t = new ort.Tensor('float32', x.subarray(start * perImage, (start + batch) * perImage), [batch, 3, 224, 224]);
          const out = await raw.run({ [inputName]: t }, [outputName]);
          t.dispose();
          out[outputName]!.dispose();
        }
        return images / ((performance.now() - t0) / 1000);
      };
      await runKenobi();
      await runRaw();
      const k: number[] = [], r: number[] = [];
      for (let i = 0; i < rounds; i++) {
        // NOTE: alternate the order each round so drift in machine load hits both paths alike.
        if (i % 2 === 0) { k.push(await runKenobi()); r.push(await runRaw()); } else { r.push(await runRaw()); k.push(await runKenobi()); }
      }
      // NOTE: the ratio is the median of back-to-back pairs: on a shared machine the load changes between
      // rounds far more than between the two halves of one pair.
      const ratio = median(k.map((v, i) => v / r[i]!));
      rows.push({ model: name, batch, kenobi: median(k), raw: median(r), ratio });
      process.stderr.write(`${name} batch ${batch}: kenobi ${median(k).toFixed(1)} img/s, raw ${median(r).toFixed(1)} img/s (rounds k=[${k.map((v) => v.toFixed(1))}] r=[${r.map((v) => v.toFixed(1))}])\n`);
    }
  } finally {
    await kenobi.dispose();
    await raw.release();
  }
  return rows;
}

/**
 * Per-run cost of the wrapper alone: a 4-element Relu (no compute to speak of) run one sample at a time
 * through `runBatched` and through raw `session.run`, alternating, medians of 5 rounds of 5000 runs.
 */
async function wrapperOverhead(): Promise<{ kenobiUs: number; rawUs: number }> {
  const { model } = probeModel();
  const opts = { intraOpNumThreads: 1, interOpNumThreads: 1 };
  const kenobi = await createSession(model, { device: 'cpu', sessionOptions: opts });
  const raw = await ort.InferenceSession.create(model, { executionProviders: ['cpu'], ...opts });
  const n = 5000;
  const x = new Float32Array(n * 4).map((_, i) => Math.sin(i));
  const k: number[] = [], r: number[] = [];
  try {
    for (let round = 0; round < 6; round++) {
      let t0 = performance.now();
      await runBatched(kenobi, x, [n, 4], { batchSize: 1 });
      if (round > 0) k.push(((performance.now() - t0) / n) * 1000);
      t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const t = new ort.Tensor('float32', x.subarray(i * 4, (i + 1) * 4), [1, 4]);
        const o = await raw.run({ x: t });
        t.dispose();
        o.y!.dispose();
      }
      if (round > 0) r.push(((performance.now() - t0) / n) * 1000);
    }
  } finally {
    await kenobi.dispose();
    await raw.release();
  }
  return { kenobiUs: median(k), rawUs: median(r) };
}

function torchPeer(models: string[]): { version: string; results: Record<string, Record<string, number>> } | undefined {
  const python = '/usr/bin/python3';
  if (args['no-torch'] || models.length === 0 || !existsSync(python)) return undefined;
  try {
    const out = execFileSync(python, [resolve(here, 'torch_peer.py'), '--threads', String(threads), '--models', models.join(','), '--batches', batches.join(','), '--rounds', String(args['torch-rounds'])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 900_000 });
    const parsed = JSON.parse(out.trim().split('\n').at(-1)!) as { torch: string; results: Record<string, Record<string, number>> };
    return { version: parsed.torch, results: parsed.results };
  } catch (e) {
    process.stderr.write(`PyTorch peer skipped: ${(e as Error).message.split('\n')[0]}\n`);
    return undefined;
  }
}

const t0 = performance.now();
const models = args.models === 'none' ? [] : args.models!.split(',');
const rows: Row[] = [];
for (const m of models) rows.push(...(await benchModel(m)));
const overhead = await wrapperOverhead();
const torch = torchPeer(models);
if (torch) for (const row of rows) row.torch = torch.results[row.model]?.[String(row.batch)];
const seconds = (performance.now() - t0) / 1000;

const fmt = (v: number | undefined, d = 1): string => (v === undefined ? '—' : v.toFixed(d));
const table = [
  '| model | batch | Kenobi img/s | raw ORT img/s | Kenobi / raw (paired) | PyTorch img/s | Kenobi / PyTorch |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.model} | ${r.batch} | ${fmt(r.kenobi)} | ${fmt(r.raw)} | ${fmt(r.ratio, 3)} | ${fmt(r.torch)} | ${r.torch ? fmt(r.kenobi / r.torch, 2) : '—'} |`),
].join('\n');
const minRatio = rows.length ? Math.min(...rows.map((r) => r.ratio)) : NaN;
const overheadText = `Wrapper cost per run (4-element Relu, one sample per run): Kenobi ${overhead.kenobiUs.toFixed(0)} µs, raw ORT ${overhead.rawUs.toFixed(0)} µs, so Kenobi adds about ${(overhead.kenobiUs - overhead.rawUs).toFixed(0)} µs per \`session.run\``;
const context = `onnxruntime-node ${(ort.env.versions as Record<string, string>).node ?? '?'}, ${torch ? `PyTorch ${torch.version}` : 'no PyTorch peer'}, ${threads} intra-op threads, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} logical cores), Node ${process.version}; ${rounds} alternating rounds (PyTorch: ${args['torch-rounds']}), medians; whole run ${seconds.toFixed(0)} s`;
console.log(`${table}\n\n${context}\n${overheadText}\nlowest Kenobi / raw ratio: ${minRatio.toFixed(3)} (target ≥ 0.97)`);
if (args.out) {
  const path = resolve(repo, args.out);
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = doc.indexOf('<!-- bench:infer:begin -->');
  const end = doc.indexOf('<!-- bench:infer:end -->');
  const block = `<!-- bench:infer:begin -->\n${table}\n\n${context}.\n\n${overheadText}.\n\nLowest Kenobi / raw ratio: **${minRatio.toFixed(3)}** (target ≥ 0.97).\n<!-- bench:infer:end -->`;
  writeFileSync(path, start >= 0 && end > start ? doc.slice(0, start) + block + doc.slice(end + '<!-- bench:infer:end -->'.length) : `${doc}\n${block}\n`);
  process.stderr.write(`wrote ${path}\n`);
}
