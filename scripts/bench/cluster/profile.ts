/**
 * Where the time of the clustering benchmark goes, phase by phase (the profile table of
 * docs/benchmarks/cluster.md). Same data as run.ts:
 *  - k-means 20,000 × 512, k = 10 from fixed k-means++ centres on the ORT kernel: centring, k-means++, each
 *    Lloyd iteration split into the kernel call (GEMM, argmin, sums) and the TypeScript around it (M-step,
 *    empty clusters, label comparison), the final E-step and the exact inertia;
 *  - mini-batch k-means over 20 shards of 50,000 × 128 (.npy on disk): file read, .npy parse, finite check,
 *    and per batch the kernel call and the centre update, timed through `MiniBatchKMeans`'s own code by
 *    wrapping the kernel it is given.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/bench/cluster/profile.ts [--threads 1] [--minibatch-kernel ts|ort] [--skip-kmeans]
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SeededRandom, readNpy, writeNpy } from '@kenobi/core';
import {
  KMeans, MiniBatchKMeans, checkFinite, exactInertia, kmeansPlusPlus, lloyd, matrix, ortAssignmentKernel, tsAssignmentKernel,
  type AssignmentKernel, type BoundAssignment,
} from '@kenobi/cluster';
import { machineLine } from '../peer-env.js';
import { blobs } from '../../../packages/cluster/src/test-support/blobs.js';

const { values } = parseArgs({ options: { threads: { type: 'string', default: '1' }, 'minibatch-kernel': { type: 'string', default: 'ts' }, 'skip-kmeans': { type: 'boolean', default: false } } });
const threads = Number(values.threads);

/** Wall and CPU milliseconds per named phase (CPU: `process.cpuUsage`, every thread of this process, ORT's included), and calls. */
class Phases {
  readonly ms = new Map<string, number>();
  readonly cpu = new Map<string, number>();
  readonly calls = new Map<string, number>();
  async time<T>(name: string, f: () => Promise<T> | T): Promise<T> {
    const t = performance.now();
    const c = process.cpuUsage();
    try { return await f(); } finally { this.add(name, performance.now() - t, process.cpuUsage(c)); }
  }
  add(name: string, ms: number, cpu: NodeJS.CpuUsage): void {
    this.ms.set(name, (this.ms.get(name) ?? 0) + ms);
    this.cpu.set(name, (this.cpu.get(name) ?? 0) + (cpu.user + cpu.system) / 1000);
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }
  /** NOTE: on a loaded machine wall time per phase is mostly waiting for a core: read the CPU columns. */
  table(totalCpu: number): string {
    const rows = [...this.ms].map(([k, v]) => {
      const c = this.cpu.get(k)!;
      const n = this.calls.get(k)!;
      return `| ${k} | ${n} | ${c.toFixed(0)} | ${(c / n).toFixed(3)} | ${((100 * c) / totalCpu).toFixed(0)} % | ${v.toFixed(0)} |`;
    });
    return ['| phase | calls | CPU ms | CPU ms per call | share of CPU | wall ms |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
  }
}

const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;

/** A kernel whose bound matrices time `assign` / `squaredDistances` under the given phase names. */
function timedKernel(inner: AssignmentKernel, p: Phases, names: { assign: string; distances: string; bind: string }): AssignmentKernel {
  const wrap = (b: BoundAssignment): BoundAssignment => ({
    rows: b.rows,
    assign: (c, k, out) => p.time(out.sums ? names.assign : `${names.assign} (no sums)`, () => b.assign(c, k, out)),
    squaredDistances: (pts, m) => p.time(names.distances, () => b.squaredDistances(pts, m)),
  });
  return {
    name: inner.name,
    bind: async (d, r, c, n) => wrap(await p.time(names.bind, () => inner.bind(d, r, c, n))),
    ...(inner.centre ? { centre: inner.centre.bind(inner) } : {}),
    ...(inner.allFinite ? { allFinite: (d: Float32Array) => p.time('shard: finite screen (kernel: ORT ReduceSum)', () => inner.allFinite!(d)) } : {}),
    dispose: () => inner.dispose(),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'kenobi-bench-cluster-profile-'));
try {
  // k-means: the phases of KMeans.fit, called one by one.
  const rows = 20_000, cols = 512, k = 10;
  const data = blobs(rows, cols, k, 1);
  const ort = await ortAssignmentKernel({ threads });
  await new KMeans({ k, seed: 99, kernel: ort }).fit(matrix(data.subarray(0, 2000 * cols), 2000, cols)); // warm-up
  for (let rep = 0; rep < (values['skip-kmeans'] ? 0 : 3); rep++) {
    const p = new Phases();
    const kernel = timedKernel(ort, p, { assign: 'Lloyd: kernel assign (GEMM + argmin + sums)', distances: 'k-means++: kernel distances', bind: 'bind' });
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const prepared = (await p.time('centring graph (mean, x − mean, row norms, finite)', () => ort.centre!(data, rows, cols)));
    const bound = await kernel.bind(prepared.centred, rows, cols, prepared.rowNorms);
    const init = await p.time('k-means++ whole', () => kmeansPlusPlus(prepared.centred, bound, cols, k, new SeededRandom(rep)));
    let iters = 0;
    const r = await p.time('Lloyd whole (all iterations + final E-step)', () => lloyd(prepared.centred, bound, cols, init.centers, k, { maxIter: 300, tol: 1e-4 * prepared.meanVariance, onIteration: () => { iters++; } }));
    await p.time('exact inertia (TypeScript, float64)', () => exactInertia(prepared.centred, cols, r.centers, r.labels));
    const total = performance.now() - t0;
    const totalCpu = cpuMs(process.cpuUsage(cpu0));
    console.log(`\n### k-means ${rows} × ${cols}, k = ${k}, seed ${rep}: ${totalCpu.toFixed(0)} ms CPU, ${total.toFixed(0)} ms wall, ${iters} Lloyd iterations (${machineLine(threads)})\n`);
    console.log(p.table(totalCpu));
  }
  await ort.dispose();

  // mini-batch: 20 shards of 50,000 × 128 read from disk.
  const shardDir = join(dir, 'shards');
  mkdirSync(shardDir);
  for (let s = 0; s < 20; s++) writeFileSync(join(shardDir, `shard-${String(s).padStart(3, '0')}.npy`), writeNpy(blobs(50_000, 128, 10, 100 + s), [50_000, 128]));
  const mbInner = values['minibatch-kernel'] === 'ort' ? await ortAssignmentKernel({ threads }) : tsAssignmentKernel();
  const p = new Phases();
  const kernel = timedKernel(mbInner, p, { assign: 'batch: kernel assign (distances + argmin + sums)', distances: 'init: k-means++ distances', bind: 'batch: bind (row norms)' });
  const mb = new MiniBatchKMeans({ k: 10, seed: 0, batchSize: 1024, maxNoImprovement: 0, kernel });
  let excluded = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const f of readdirSync(shardDir).sort()) {
    const bytes = await p.time('shard: readFileSync (25.6 MB)', () => readFileSync(join(shardDir, f)));
    const npy = await p.time('shard: readNpy (parse; copy: false, a view)', () => readNpy(bytes, { copy: false }));
    const x = matrix(npy.data as Float32Array, npy.shape[0]!, npy.shape[1]!);
    if (!mbInner.allFinite) {
      // NOTE: partialFit runs this check itself; timed here once more only to show its share (not in the total).
      const tc = performance.now();
      const cc = process.cpuUsage();
      checkFinite(x);
      const extra = process.cpuUsage(cc);
      excluded += cpuMs(extra);
      p.add('shard: checkFinite (TypeScript, inside partialFit)', performance.now() - tc, extra);
    }
    await p.time('shard: partialFit whole', () => mb.partialFit(x));
  }
  const total = performance.now() - t0;
  const totalCpu = cpuMs(process.cpuUsage(cpu0)) - excluded;
  console.log(`\n### mini-batch k-means, 20 shards × 50,000 × 128, batch 1024, ${mbInner.name} kernel: ${totalCpu.toFixed(0)} ms CPU (${Math.round(mb.rowsSeen / (totalCpu / 1000)).toLocaleString('en')} rows per CPU-second), ${total.toFixed(0)} ms wall (${machineLine(threads)})\n`);
  console.log(p.table(totalCpu));
  console.log('\n(partialFit whole includes its own finite check, the kernel rows above and the centre update / reassignment / inertia in TypeScript.)');
  await mbInner.dispose();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
