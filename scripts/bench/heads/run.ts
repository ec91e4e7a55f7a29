/**
 * Benchmark of @kenobi/learn heads against PyTorch and scikit-learn on the peer interpreter (KENOBI_BENCH_PYTHON,
 * default Debian's /usr/bin/python3: PyTorch 1.13, sklearn 1.2.1; the versions that ran are printed), measured
 * in the same run at the same thread count (ORT intra-op threads = torch threads = OMP threads):
 *  1. MLP 2048-256-2, Adam (lr 1e-3), batch 256, 10 epochs on 20,000 × 2048 float32: `fit` with the
 *     onnxruntime engine vs a plain PyTorch loop (and, with --layerwise, the pure-TS engine on 1 epoch of 2,000
 *     rows, scaled up).
 *  2. Linear head on 20,000 × 512 (binary): `fitLbfgs` (L2 as C = 1) on its default engine (`denseKernelEngine`:
 *     one WebAssembly pass over the rows per evaluation; `--linear-engine ort` for the onnxruntime engine) vs
 *     `LogisticRegression(C=1, solver='lbfgs')`; both AUCs on 5,000 held-out rows.
 *
 * Kenobi and the peer alternate (K P, P K, K P, ...) so load drifts hit both; each side reports wall time and
 * CPU time (Node `process.cpuUsage()`, Python `time.process_time()`: all threads of the process), the medians
 * of `--repeats` pairs are printed with the load average. Timed: the training call only (data already in
 * memory on both sides; imports, onnxruntime's native start and Python's start-up are not timed).
 *
 *   node --conditions=@kenobi/source --import tsx scripts/bench/heads/run.ts [--threads 1] [--repeats 3] \
 *     [--only mlp|linear] [--epochs 10] [--layerwise] [--linear-engine kernels|ort]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SeededRandom } from '@kenobi/core';
import { benchPython, loadText, machineLine, peerLabel, peerVersions, versionsText, median, spawnJson } from '../peer-env.js';
import { adam, asMatrix, binaryCrossEntropy, categoricalCrossEntropy, dense, denseKernelEngine, fit, fitLbfgs, layerwiseEngine, linearHead, matrix, ortEngine, relu, rocAuc, sequential, sklearnL2 } from '@kenobi/learn';

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '1' },
    repeats: { type: 'string', default: '3' },
    only: { type: 'string' },
    'linear-engine': { type: 'string', default: 'kernels' },
    epochs: { type: 'string', default: '10' },
    layerwise: { type: 'boolean', default: false },
  },
});
const threads = Number(values.threads);
const repeats = Number(values.repeats);
const mlpEpochs = Number(values.epochs);
const versions = peerVersions(['torch', 'sklearn', 'numpy']);
const peer = join(import.meta.dirname, 'peers.py');
const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };

/** Standard-normal features; label = [w·x + noise > 0] for a random w. */
function problem(rows: number, cols: number, seed: number): { x: Float32Array; y: Int32Array } {
  const rng = new SeededRandom(seed);
  const w = Float64Array.from({ length: cols }, () => rng.normal() / Math.sqrt(cols));
  const x = new Float32Array(rows * cols);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const v = rng.normal();
      x[r * cols + j] = v;
      s += v * w[j]!;
    }
    y[r] = s + 0.7 * rng.normal() > 0 ? 1 : 0;
  }
  return { x, y };
}

function runPeer(args: string[]): Record<string, number | string> {
  return spawnJson(benchPython, [peer, ...args], env) as Record<string, number | string>;
}

interface Timing { wall: number; cpu: number }
/** Wall and CPU seconds of `f` (CPU: user + system of every thread of this process). */
async function timed<T>(f: () => Promise<T>): Promise<[T, Timing]> {
  const c0 = process.cpuUsage(), t0 = performance.now();
  const r = await f();
  const wall = (performance.now() - t0) / 1000, c = process.cpuUsage(c0);
  return [r, { wall, cpu: (c.user + c.system) / 1e6 }];
}

/** Runs `ours` and `theirs` `repeats` times, alternating which goes first. */
async function pairs(ours: () => Promise<Timing>, theirs: () => Timing): Promise<{ ours: Timing[]; theirs: Timing[] }> {
  const a: Timing[] = [], b: Timing[] = [];
  for (let rep = 0; rep < repeats; rep++) {
    if (rep % 2 === 0) { a.push(await ours()); b.push(theirs()); } else { b.push(theirs()); a.push(await ours()); }
    console.error(`  pair ${rep + 1}: Kenobi ${a.at(-1)!.wall.toFixed(2)} s (cpu ${a.at(-1)!.cpu.toFixed(2)}), peer ${b.at(-1)!.wall.toFixed(2)} s (cpu ${b.at(-1)!.cpu.toFixed(2)}), load ${loadText()}`);
  }
  return { ours: a, theirs: b };
}

const cell = (t: Timing[]): { wall: number; cpu: number } => ({ wall: median(t.map((v) => v.wall)), cpu: median(t.map((v) => v.cpu)) });
const ratio = (a: number, b: number): string => `**${(a / b).toFixed(2)}×**`;

const dir = mkdtempSync(join(tmpdir(), 'kenobi-bench-heads-'));
const rows: string[] = [];
const loadBefore = loadText();
try {
  // warm-up: load onnxruntime's native library (Python's imports are not timed either)
  {
    // and, as scikit-learn's compiled code needs no warming, let V8 optimise the dense kernels' WebAssembly and
    // JavaScript on another problem (2,000 × 512; the first fit in a fresh process is slower: docs/benchmarks/heads.md)
    const warm = ortEngine({ threads });
    await fitLbfgs(linearHead({ inputs: 4, classes: 2 }), matrix(4, 4, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]), Int32Array.of(0, 1, 0, 1), { loss: binaryCrossEntropy(), engine: warm });
    const { x: wx, y: wy } = problem(2000, 512, 7);
    await fitLbfgs(linearHead({ inputs: 512, classes: 2 }), asMatrix(wx, 512), wy, { loss: binaryCrossEntropy(), engine: denseKernelEngine(warm) });
    warm.dispose();
  }
  // 1. MLP
  if (values.only === undefined || values.only === 'mlp') {
    const n = 20000, d = 2048, epochs = mlpEpochs, batch = 256;
    const { x, y } = problem(n, d, 1);
    writeFileSync(join(dir, 'x.f32'), x);
    writeFileSync(join(dir, 'y.i32'), y);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ rows: n, cols: d, epochs, batch }));
    const X = asMatrix(x, d);
    let lastLoss = NaN, torchLoss = NaN, seed = 0;
    const r = await pairs(async () => {
      const model = sequential([dense(256), relu(), dense(2)], { inputs: d, seed: seed++ });
      const engine = ortEngine({ threads });
      const [h, t] = await timed(() => fit(model, X, y, { loss: categoricalCrossEntropy(), optimizer: adam({ lr: 1e-3 }), epochs, batchSize: batch, engine }));
      engine.dispose();
      lastLoss = h.epochs.at(-1)!.loss;
      return t;
    }, () => {
      const p = runPeer(['mlp', dir, String(threads)]);
      torchLoss = Number(p['finalLoss']);
      return { wall: Number(p['seconds']), cpu: Number(p['cpuSeconds']) };
    });
    const a = cell(r.ours), b = cell(r.theirs);
    rows.push(`| MLP 2048-256-2, Adam, batch 256, ${epochs} epochs, 20,000 × 2048 | ${threads} | fit + ortEngine ${a.wall.toFixed(2)} s, CPU ${a.cpu.toFixed(2)} s (last-epoch loss ${lastLoss.toFixed(4)}) | ${peerLabel(versions, 'torch')} ${b.wall.toFixed(2)} s, CPU ${b.cpu.toFixed(2)} s (loss ${torchLoss.toFixed(4)}) | ${ratio(a.wall, b.wall)} | ${ratio(a.cpu, b.cpu)} |`);
    if (values.layerwise) {
      const sub = 2000;
      const model = sequential([dense(256), relu(), dense(2)], { inputs: d, seed: 0 });
      const [, t] = await timed(() => fit(model, asMatrix(x.subarray(0, sub * d), d), y.subarray(0, sub), { loss: categoricalCrossEntropy(), optimizer: adam({ lr: 1e-3 }), epochs: 1, batchSize: batch, engine: layerwiseEngine() }));
      const scaled = t.wall * (n / sub) * epochs;
      rows.push(`| same, pure-TS layerwise engine (1 epoch on 2,000 rows, scaled) | 1 | ${scaled.toFixed(1)} s | ${peerLabel(versions, 'torch')} ${b.wall.toFixed(2)} s | **${(scaled / b.wall).toFixed(1)}×** | |`);
    }
  }
  // 2. linear head
  if (values.only === undefined || values.only === 'linear') {
    const n = 20000, nt = 5000, d = 512;
    const { x: all, y: yAll } = problem(n + nt, d, 2);
    const x = all.subarray(0, n * d), y = yAll.subarray(0, n);
    const xt = all.subarray(n * d), yt = yAll.subarray(n);
    writeFileSync(join(dir, 'x.f32'), x);
    writeFileSync(join(dir, 'y.i32'), y);
    writeFileSync(join(dir, 'xt.f32'), xt);
    writeFileSync(join(dir, 'yt.i32'), yt);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ rows: n, cols: d, testRows: nt }));
    const X = asMatrix(x, d);
    let auc = NaN, skAuc = NaN, iters = 0, evals = 0, skIters = 0, seed = 0, linearEngine = '';
    const r = await pairs(async () => {
      // from w = 0, as scikit-learn starts (a seeded random start costs one or two more evaluations: see heads.md)
      const head = linearHead({ inputs: d, classes: 2, seed: seed++, kernelInitializer: { kind: 'zeros' } });
      const ort = ortEngine({ threads });
      const engine = values['linear-engine'] === 'ort' ? ort : denseKernelEngine(ort);
      const [res, t] = await timed(() => fitLbfgs(head, X, y, { loss: binaryCrossEntropy(), l2: sklearnL2(1, n), engine }));
      linearEngine = 'choice' in engine ? `fitLbfgs + ${engine.choice === 'dense-kernels' ? 'denseKernelEngine' : engine.choice}` : 'fitLbfgs + ortEngine';
      engine.dispose();
      iters = res.iterations;
      evals = res.evaluations;
      auc = rocAuc(yt, head.predict(asMatrix(xt, d)).data);
      return t;
    }, () => {
      const p = runPeer(['linear', dir, String(threads)]);
      skAuc = Number(p['auc']);
      skIters = Number(p['iterations']);
      return { wall: Number(p['seconds']), cpu: Number(p['cpuSeconds']) };
    });
    const a = cell(r.ours), b = cell(r.theirs);
    rows.push(`| linear head (logistic, C = 1), 20,000 × 512 | ${threads} | ${linearEngine} ${a.wall.toFixed(3)} s, CPU ${a.cpu.toFixed(3)} s, ${iters} it / ${evals} evaluations, test AUC ${auc.toFixed(5)} | ${peerLabel(versions, 'sklearn')} lbfgs ${b.wall.toFixed(3)} s, CPU ${b.cpu.toFixed(3)} s, ${skIters} it, AUC ${skAuc.toFixed(5)} | ${ratio(a.wall, b.wall)} | ${ratio(a.cpu, b.cpu)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`median of ${repeats} alternating pairs; ratio = Kenobi / peer (lower is better); load average (1, 5, 15 min) before ${loadBefore}, after ${loadText()}`);
console.log(`${machineLine(threads)}; peer ${versionsText(versions)}; Kenobi Node ${process.versions.node}\n`);
console.log('| task | threads | Kenobi | peer | wall ratio | CPU ratio |\n| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
