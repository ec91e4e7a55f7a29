/**
 * Benchmark of @kenobi/cluster against scikit-learn on the peer interpreter (KENOBI_BENCH_PYTHON, default Debian's
 * /usr/bin/python3 with sklearn 1.2.1; the versions that ran are printed), measured in the same run:
 *  1. k-means, 20,000 × 512, k = 10, nInit 1 (k-means++ + Lloyd): Kenobi on the ORT kernel and on pure TS
 *     against sklearn `KMeans`, at the same thread count (OMP_NUM_THREADS = ORT intra-op threads).
 *  2. mini-batch k-means over 10⁶ × 128 float32 streamed from 20 .npy shards on disk (read as views, no copy):
 *     rows/s and peak RSS, Kenobi on the ORT kernel and on the TS kernel, sklearn `MiniBatchKMeans.partial_fit`
 *     over the same 1024-row batches; ORT and sklearn alternate (--repeats pairs, medians).
 * Every table is printed with the CPU model, threads and load (scripts/bench/peer-env.ts).
 *
 *   node --conditions=@kenobi/source --import tsx scripts/bench/cluster/run.ts [--threads 1] [--repeats 3] [--skip-minibatch]
 *     [--bounds] [--ts]   (also time Hamerly's bounds / the pure-TypeScript kernel)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readNpy, writeNpy } from '@kenobi/core';
import { KMeans, MiniBatchKMeans, matrix, ortAssignmentKernel, tsAssignmentKernel, type AssignmentKernel } from '@kenobi/cluster';
import { benchPython, loadText, machineLine, peerLabel, peerVersions, versionsText, median, spawnJson } from '../peer-env.js';
import { blobs } from '../../../packages/cluster/src/test-support/blobs.js';

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '1' },
    repeats: { type: 'string', default: '3' },
    'skip-minibatch': { type: 'boolean', default: false },
    bounds: { type: 'boolean', default: false },
    ts: { type: 'boolean', default: false },
  },
});
const threads = Number(values.threads);
const repeats = Number(values.repeats);
const versions = peerVersions(['sklearn', 'numpy', 'scipy']);
const sk = peerLabel(versions, 'sklearn');
const peer = join(import.meta.dirname, 'sklearn_peer.py');
const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
const dir = mkdtempSync(join(tmpdir(), 'kenobi-bench-cluster-'));

function runPeer(args: string[]): any {
  return spawnJson(benchPython, [peer, ...args], env);
}

console.log(`Peer: ${versionsText(versions)}; Kenobi: Node ${process.versions.node}.`);
try {
  // 1. k-means 20,000 × 512, k = 10.
  const rows = 20_000;
  const cols = 512;
  const data = blobs(rows, cols, 10, 1);
  writeFileSync(join(dir, 'x.npy'), writeNpy(data, [rows, cols]));
  const x = matrix(data, rows, cols);
  const kernel = await ortAssignmentKernel({ threads });
  await new KMeans({ k: 10, seed: 99, kernel }).fit(matrix(data.subarray(0, 2000 * cols), 2000, cols)); // warm-up
  // Interleaved, per seed: sklearn (its own warmed-up process) then Kenobi, each with its own k-means++; then
  // both from sklearn's k-means++ centres for that seed (same Lloyd iterations on both sides). Load changes hit
  // both alike. Wall time and CPU time (process.cpuUsage / time.process_time) over `fit` whole.
  interface Timed { times: number[]; cpus: number[]; iters: number[] }
  const timed = (): Timed => ({ times: [], cpus: [], iters: [] });
  const skOwn = timed();
  const ken = timed();
  const skSame = timed();
  const kenSame = timed();
  const bounded = timed();
  const loads: string[] = [];
  const fitKenobi = async (into: Timed, options: Partial<ConstructorParameters<typeof KMeans>[0]>): Promise<void> => {
    const t = performance.now();
    const c = process.cpuUsage();
    const km = await new KMeans({ k: 10, kernel, ...options }).fit(x);
    const u = process.cpuUsage(c);
    into.times.push((performance.now() - t) / 1000);
    into.cpus.push((u.user + u.system) / 1e6);
    into.iters.push(km.nIter);
  };
  const push = (into: Timed, r: { times: number[]; cpus: number[]; iters: number[] }): void => {
    into.times.push(r.times[0]!);
    into.cpus.push(r.cpus[0]!);
    into.iters.push(r.iters[0]!);
  };
  for (let seed = 0; seed < repeats; seed++) {
    loads.push(loadText());
    push(skOwn, runPeer(['kmeans', join(dir, 'x.npy'), '1', String(seed)]));
    await fitKenobi(ken, { seed });
    const initPath = join(dir, `init-${seed}.npy`);
    push(skSame, runPeer(['kmeans-init', join(dir, 'x.npy'), String(seed), initPath]));
    await fitKenobi(kenSame, { init: readNpy(readFileSync(initPath)).data as Float32Array });
    if (values.bounds) await fitKenobi(bounded, { seed, bounds: true });
  }
  await kernel.dispose();
  const t0 = performance.now();
  const coldKernel = await ortAssignmentKernel({ threads });
  const cold = await new KMeans({ k: 10, seed: 0, kernel: coldKernel }).fit(x);
  await coldKernel.dispose();
  const ortWithSessions = (performance.now() - t0) / 1000;
  const skT = median(skOwn.times);
  console.log(`\n## k-means ${rows} × ${cols}, k = 10, nInit 1, ${threads} thread(s)\n`);
  console.log(`${machineLine(threads)} (at the end); peer ${versionsText(versions)}\n`);
  console.log(`Load average (1, 5, 15 min) at the start of each pair: ${loads.join('; ')}\n`);
  console.log('| implementation | init | median fit time (s) | median CPU time (s) | Lloyd iterations per run | median s / iteration | × sklearn (median time) | per-pair time ratios |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const perIter = (r: Timed): string => median(r.times.map((v, i) => v / r.iters[i]!)).toFixed(4);
  const pairs = (r: Timed, peerRuns: Timed): string => r.times.map((v, i) => (v / peerRuns.times[i]!).toFixed(2)).join(', ');
  const row = (name: string, init: string, r: Timed, peerRuns: Timed): void => {
    console.log(`| ${name} | ${init} | ${median(r.times).toFixed(3)} | ${median(r.cpus).toFixed(3)} | ${r.iters.join(', ')} | ${perIter(r)} | ${(median(r.times) / median(peerRuns.times)).toFixed(2)} | ${r === peerRuns ? '–' : pairs(r, peerRuns)} |`);
  };
  row(`${sk} KMeans (lloyd)`, 'own k-means++', skOwn, skOwn);
  row('Kenobi KMeans, ORT kernel (sessions reused)', 'own k-means++', ken, skOwn);
  row(`${sk} KMeans (lloyd)`, "sklearn's k-means++ centres", skSame, skSame);
  row('Kenobi KMeans, ORT kernel (sessions reused)', "sklearn's k-means++ centres", kenSame, skSame);
  if (values.bounds) row('Kenobi KMeans, ORT kernel + Hamerly bounds (bounds: true)', 'own k-means++', bounded, skOwn);
  console.log(`| Kenobi KMeans, ORT kernel incl. session creation (seed 0, once) | own k-means++ | ${ortWithSessions.toFixed(3)} | – | ${cold.nIter} | – | ${(ortWithSessions / skT).toFixed(2)} | – |`);
  if (values.ts) {
    const t1 = performance.now();
    const tsFit = await new KMeans({ k: 10, seed: 0, kernel: 'ts' }).fit(x);
    const ts = (performance.now() - t1) / 1000;
    console.log(`| Kenobi KMeans, pure TS kernel (seed 0, once) | own k-means++ | ${ts.toFixed(3)} | – | ${tsFit.nIter} | – | ${(ts / skT).toFixed(2)} | – |`);
  }

  if (!values['skip-minibatch']) {
    // 2. mini-batch k-means over 10⁶ × 128 in 20 shards.
    const shardRows = 50_000;
    const mcols = 128;
    const shardDir = join(dir, 'shards');
    spawnSync('mkdir', ['-p', shardDir]);
    for (let s = 0; s < 20; s++) writeFileSync(join(shardDir, `shard-${String(s).padStart(3, '0')}.npy`), writeNpy(blobs(shardRows, mcols, 10, 100 + s), [shardRows, mcols]));
    const shards = readdirSync(shardDir).sort();
    // NOTE: shards read as views over the file's bytes (readNpy copy: false), as numpy's np.load gives an
    // array over its own read buffer: no copy of the 25.6 MB data per shard.
    interface Pass { rate: number; seconds: number; cpu: number }
    const kenobiPass = async (kernel: AssignmentKernel): Promise<Pass> => {
      const mb = new MiniBatchKMeans({ k: 10, seed: 0, batchSize: 1024, maxNoImprovement: 0, kernel });
      const tm = performance.now();
      const c = process.cpuUsage();
      for (const f of shards) {
        const npy = readNpy(readFileSync(join(shardDir, f)), { copy: false });
        await mb.partialFit(matrix(npy.data as Float32Array, npy.shape[0]!, npy.shape[1]!));
      }
      const seconds = (performance.now() - tm) / 1000;
      const u = process.cpuUsage(c);
      return { rate: mb.rowsSeen / seconds, seconds, cpu: (u.user + u.system) / 1e6 };
    };
    const rssBefore = process.resourceUsage().maxRSS / 1024;
    const mbKernel = await ortAssignmentKernel({ threads });
    const ortRuns: Pass[] = [];
    const skRuns: (Pass & { rss: number })[] = [];
    const mbLoads: string[] = [];
    for (let rep = 0; rep < repeats; rep++) {
      mbLoads.push(loadText());
      const skm = runPeer(['minibatch', shardDir, '1024']);
      skRuns.push({ rate: skm.rows / skm.seconds, seconds: skm.seconds, cpu: skm.cpu, rss: skm.peakRssMB });
      ortRuns.push(await kenobiPass(mbKernel));
    }
    await mbKernel.dispose();
    const rssOrt = process.resourceUsage().maxRSS / 1024;
    const tsRun = await kenobiPass(tsAssignmentKernel());
    const byRate = <T extends { rate: number }>(a: T[]): T => [...a].sort((p, q) => p.rate - q.rate)[Math.floor(a.length / 2)]!;
    const o = byRate(ortRuns);
    const p = byRate(skRuns);
    const fmt = (v: number): string => Math.round(v).toLocaleString('en');
    console.log(`\n## mini-batch k-means, 10⁶ × 128 float32 in 20 .npy shards, k = 10, batch 1024, ${threads} thread(s)\n`);
    console.log(`${machineLine(threads)} (at the end); load at the start of each pair: ${mbLoads.join('; ')}; peer ${versionsText(versions)}\n`);
    const cpuMedian = (a: Pass[]): number => median(a.map((r) => r.cpu));
    const skCpu = cpuMedian(skRuns);
    console.log('| implementation | rows/s (median) | seconds | × sklearn rate | per-pair rate ratios | CPU s (median) | × sklearn CPU time | peak RSS (MB) |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    console.log(`| Kenobi MiniBatchKMeans.partialFit, ORT kernel | ${fmt(o.rate)} | ${o.seconds.toFixed(2)} | ${(o.rate / p.rate).toFixed(2)} | ${ortRuns.map((r, i) => (r.rate / skRuns[i]!.rate).toFixed(2)).join(', ')} | ${cpuMedian(ortRuns).toFixed(2)} | ${(cpuMedian(ortRuns) / skCpu).toFixed(2)} | ${rssOrt.toFixed(0)} (process; ${rssBefore.toFixed(0)} before streaming) |`);
    console.log(`| Kenobi MiniBatchKMeans.partialFit, TS kernel (the library default; once, after the pairs) | ${fmt(tsRun.rate)} | ${tsRun.seconds.toFixed(2)} | ${(tsRun.rate / p.rate).toFixed(2)} | – | ${tsRun.cpu.toFixed(2)} | ${(tsRun.cpu / skCpu).toFixed(2)} | – |`);
    console.log(`| ${sk} MiniBatchKMeans.partial_fit per batch | ${fmt(p.rate)} | ${p.seconds.toFixed(2)} | 1.00 | – | ${skCpu.toFixed(2)} | 1.00 | ${p.rss.toFixed(0)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
