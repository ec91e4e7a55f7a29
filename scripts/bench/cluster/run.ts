/**
 * Benchmark of @kenobi/cluster against scikit-learn 1.2.1 (Debian /usr/bin/python3), measured in the same run:
 *  1. k-means, 20,000 × 512, k = 10, nInit 1 (k-means++ + Lloyd): Kenobi on the ORT kernel and on pure TS
 *     against sklearn `KMeans`, at the same thread count (OMP_NUM_THREADS = ORT intra-op threads).
 *  2. mini-batch k-means over 10⁶ × 128 float32 streamed from 20 .npy shards on disk: rows/s and peak RSS,
 *     sklearn `MiniBatchKMeans.partial_fit` over the same batches as the peer.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/bench/cluster/run.ts [--threads 1] [--repeats 3] [--skip-minibatch]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SeededRandom, readNpy, writeNpy } from '@kenobi/core';
import { KMeans, MiniBatchKMeans, matrix, ortAssignmentKernel } from '@kenobi/cluster';

const { values } = parseArgs({ options: { threads: { type: 'string', default: '1' }, repeats: { type: 'string', default: '3' }, 'skip-minibatch': { type: 'boolean', default: false } } });
const threads = Number(values.threads);
const repeats = Number(values.repeats);
const python = '/usr/bin/python3';
const peer = join(import.meta.dirname, 'sklearn_peer.py');
const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
const dir = mkdtempSync(join(tmpdir(), 'kenobi-bench-cluster-'));
const median = (a: number[]): number => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)]!;

/** Gaussian blobs: `k` centres at `scale` × N(0, 1), unit noise (overlapping at 0.15 in 512-d: ~20 Lloyd iterations). */
function blobs(rows: number, cols: number, k: number, seed: number, scale = 0.15): Float32Array {
  const rng = new SeededRandom(seed);
  const centres = Float32Array.from({ length: k * cols }, () => rng.normal() * scale);
  const x = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const c = rng.int(k);
    for (let j = 0; j < cols; j++) x[i * cols + j] = centres[c * cols + j]! + rng.normal();
  }
  return x;
}

function runPeer(args: string[]): any {
  const r = spawnSync(python, [peer, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`sklearn peer failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

try {
  // 1. k-means 20,000 × 512, k = 10.
  const rows = 20_000;
  const cols = 512;
  const data = blobs(rows, cols, 10, 1);
  writeFileSync(join(dir, 'x.npy'), writeNpy(data, [rows, cols]));
  const x = matrix(data, rows, cols);
  const kernel = await ortAssignmentKernel({ threads });
  await new KMeans({ k: 10, seed: 99, kernel }).fit(matrix(data.subarray(0, 2000 * cols), 2000, cols)); // warm-up
  // Interleaved: for each seed sklearn (its own process, warmed up), then Kenobi plain, then Kenobi with bounds,
  // so a change in machine load hits all three alike.
  const sk = { times: [] as number[], iters: [] as number[] };
  const ort: number[] = [];
  const ortIters: number[] = [];
  const bounded: number[] = [];
  const boundedIters: number[] = [];
  for (let seed = 0; seed < repeats; seed++) {
    const s = runPeer(['kmeans', join(dir, 'x.npy'), '1', String(seed)]);
    sk.times.push(s.times[0]);
    sk.iters.push(s.iters[0]);
    let t = performance.now();
    const plain = await new KMeans({ k: 10, seed, kernel }).fit(x);
    ort.push((performance.now() - t) / 1000);
    ortIters.push(plain.nIter);
    t = performance.now();
    const km = await new KMeans({ k: 10, seed, kernel, bounds: true }).fit(x);
    bounded.push((performance.now() - t) / 1000);
    boundedIters.push(km.nIter);
  }
  await kernel.dispose();
  const t0 = performance.now();
  const coldKernel = await ortAssignmentKernel({ threads });
  await new KMeans({ k: 10, seed: 0, kernel: coldKernel }).fit(x);
  await coldKernel.dispose();
  const ortWithSessions = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const tsFit = await new KMeans({ k: 10, seed: 0, kernel: 'ts' }).fit(x);
  const ts = (performance.now() - t1) / 1000;
  const skT = median(sk.times);
  console.log(`\n## k-means ${rows} × ${cols}, k = 10, nInit 1, ${threads} thread(s)\n`);
  console.log('| implementation | median fit time (s) | Lloyd iterations per run | median s / iteration | × sklearn (time) |');
  console.log('| --- | --- | --- | --- | --- |');
  const perIter = (t: number[], it: number[]): string => median(t.map((v, i) => v / it[i]!)).toFixed(4);
  console.log(`| scikit-learn 1.2.1 KMeans (lloyd) | ${skT.toFixed(3)} | ${sk.iters.join(', ')} | ${perIter(sk.times, sk.iters)} | 1.00 |`);
  console.log(`| Kenobi KMeans, ORT kernel (sessions reused) | ${median(ort).toFixed(3)} | ${ortIters.join(', ')} | ${perIter(ort, ortIters)} | ${(median(ort) / skT).toFixed(2)} |`);
  console.log(`| Kenobi KMeans, ORT kernel + Hamerly bounds (bounds: true) | ${median(bounded).toFixed(3)} | ${boundedIters.join(', ')} | ${perIter(bounded, boundedIters)} | ${(median(bounded) / skT).toFixed(2)} |`);
  console.log(`| Kenobi KMeans, ORT kernel incl. session creation (seed 0) | ${ortWithSessions.toFixed(3)} | ${ortIters[0]} | – | ${(ortWithSessions / skT).toFixed(2)} |`);
  console.log(`| Kenobi KMeans, pure TS kernel (seed 0) | ${ts.toFixed(3)} | ${tsFit.nIter} | – | ${(ts / skT).toFixed(2)} |`);
  const paired = (t: number[], it: number[]): string => sk.times.map((v, i) => ((t[i]! / it[i]!) / (v / sk.iters[i]!)).toFixed(2)).join(', ');
  console.log(`\nPer seed (interleaved), Kenobi s/iteration ÷ sklearn s/iteration: plain ${paired(ort, ortIters)}; bounds ${paired(bounded, boundedIters)}`);

  if (!values['skip-minibatch']) {
    // 2. mini-batch k-means over 10⁶ × 128 in 20 shards.
    const shardRows = 50_000;
    const mcols = 128;
    const shardDir = join(dir, 'shards');
    spawnSync('mkdir', ['-p', shardDir]);
    for (let s = 0; s < 20; s++) writeFileSync(join(shardDir, `shard-${String(s).padStart(3, '0')}.npy`), writeNpy(blobs(shardRows, mcols, 10, 100 + s), [shardRows, mcols]));
    const rssBefore = process.resourceUsage().maxRSS / 1024;
    const mb = new MiniBatchKMeans({ k: 10, seed: 0, batchSize: 1024, maxNoImprovement: 0 });
    const tm = performance.now();
    for (const f of readdirSync(shardDir).sort()) {
      const npy = readNpy(readFileSync(join(shardDir, f)));
      await mb.partialFit(matrix(npy.data as Float32Array, npy.shape[0]!, npy.shape[1]!));
    }
    const sec = (performance.now() - tm) / 1000;
    const rss = process.resourceUsage().maxRSS / 1024;
    const skm = runPeer(['minibatch', shardDir, '1024']);
    console.log(`\n## mini-batch k-means, 10⁶ × 128 float32 in 20 .npy shards, k = 10, batch 1024, ${threads} thread(s)\n`);
    console.log('| implementation | rows/s | seconds | peak RSS (MB) |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| Kenobi MiniBatchKMeans.partialFit (TS kernel) | ${Math.round(mb.rowsSeen / sec).toLocaleString('en')} | ${sec.toFixed(2)} | ${rss.toFixed(0)} (process; ${rssBefore.toFixed(0)} before streaming) |`);
    console.log(`| scikit-learn MiniBatchKMeans.partial_fit per batch | ${Math.round(skm.rows / skm.seconds).toLocaleString('en')} | ${skm.seconds.toFixed(2)} | ${skm.peakRssMB.toFixed(0)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
