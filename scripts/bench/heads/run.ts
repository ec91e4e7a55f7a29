/**
 * Benchmark of @kenobi/learn heads against PyTorch 1.13 and scikit-learn 1.2.1 (Debian /usr/bin/python3),
 * measured in the same run at the same thread count (ORT intra-op threads = torch threads = OMP threads):
 *  1. MLP 2048-256-2, Adam (lr 1e-3), batch 256, 10 epochs on 20,000 × 2048 float32: `fit` with the
 *     onnxruntime engine vs a plain PyTorch loop (and, with --layerwise, the pure-TS engine on 1 epoch of 2,000
 *     rows, scaled up).
 *  2. Linear head on 20,000 × 512 (binary): `fitLbfgs` (L2 as C = 1) on the onnxruntime engine vs
 *     `LogisticRegression(C=1, solver='lbfgs')`; both AUCs on 5,000 held-out rows.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/bench/heads/run.ts [--threads 1] [--repeats 3] [--layerwise]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SeededRandom } from '@kenobi/core';
import { adam, binaryCrossEntropy, categoricalCrossEntropy, dense, fit, fitLbfgs, layerwiseEngine, linearHead, matrix, ortEngine, relu, rocAuc, sequential, sklearnL2 } from '@kenobi/learn';

const { values } = parseArgs({ options: { threads: { type: 'string', default: '1' }, repeats: { type: 'string', default: '3' }, layerwise: { type: 'boolean', default: false } } });
const threads = Number(values.threads);
const repeats = Number(values.repeats);
const python = '/usr/bin/python3';
const peer = join(import.meta.dirname, 'peers.py');
const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
const median = (a: number[]): number => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)]!;

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
  const r = spawnSync(python, [peer, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`peer failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number | string>;
}

const dir = mkdtempSync(join(tmpdir(), 'kenobi-bench-heads-'));
const rows: string[] = [];
try {
  // 1. MLP
  {
    const n = 20000, d = 2048, epochs = 10, batch = 256;
    const { x, y } = problem(n, d, 1);
    writeFileSync(join(dir, 'x.f32'), x);
    writeFileSync(join(dir, 'y.i32'), y);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ rows: n, cols: d, epochs, batch }));
    const X = matrix(n, d, x);
    const ours: number[] = [], theirs: number[] = [];
    let lastLoss = NaN, torchLoss = NaN;
    for (let rep = 0; rep < repeats; rep++) {
      const model = sequential([dense(256), relu(), dense(2)], { inputs: d, seed: rep });
      const engine = ortEngine({ threads });
      const t0 = performance.now();
      const h = await fit(model, X, y, { loss: categoricalCrossEntropy(), optimizer: adam({ lr: 1e-3 }), epochs, batchSize: batch, engine });
      ours.push((performance.now() - t0) / 1000);
      engine.dispose();
      lastLoss = h.epochs.at(-1)!.loss;
      const p = runPeer(['mlp', dir, String(threads)]);
      theirs.push(Number(p['seconds']));
      torchLoss = Number(p['finalLoss']);
    }
    const a = median(ours), b = median(theirs);
    rows.push(`| MLP 2048-256-2, Adam, batch 256, 10 epochs, 20,000 × 2048 | ${threads} | Kenobi fit + ortEngine ${a.toFixed(2)} s (last-epoch loss ${lastLoss.toFixed(4)}) | PyTorch ${b.toFixed(2)} s (loss ${torchLoss.toFixed(4)}) | **${(a / b).toFixed(2)}×** |`);
    if (values.layerwise) {
      const sub = 2000;
      const model = sequential([dense(256), relu(), dense(2)], { inputs: d, seed: 0 });
      const t0 = performance.now();
      await fit(model, matrix(sub, d, x.subarray(0, sub * d)), y.subarray(0, sub), { loss: categoricalCrossEntropy(), optimizer: adam({ lr: 1e-3 }), epochs: 1, batchSize: batch, engine: layerwiseEngine() });
      const scaled = ((performance.now() - t0) / 1000) * (n / sub) * epochs;
      rows.push(`| same, pure-TS layerwise engine (1 epoch on 2,000 rows × 100) | 1 | ${scaled.toFixed(1)} s | PyTorch ${b.toFixed(2)} s | **${(scaled / b).toFixed(1)}×** |`);
    }
  }
  // 2. linear head
  {
    const n = 20000, nt = 5000, d = 512;
    const { x: all, y: yAll } = problem(n + nt, d, 2);
    const x = all.subarray(0, n * d), y = yAll.subarray(0, n);
    const xt = all.subarray(n * d), yt = yAll.subarray(n);
    writeFileSync(join(dir, 'x.f32'), x);
    writeFileSync(join(dir, 'y.i32'), y);
    writeFileSync(join(dir, 'xt.f32'), xt);
    writeFileSync(join(dir, 'yt.i32'), yt);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ rows: n, cols: d, testRows: nt }));
    const ours: number[] = [], theirs: number[] = [];
    let auc = NaN, skAuc = NaN, iters = 0, skIters = 0;
    for (let rep = 0; rep < repeats; rep++) {
      const head = linearHead({ inputs: d, classes: 2, seed: rep });
      const engine = ortEngine({ threads });
      const t0 = performance.now();
      const r = await fitLbfgs(head, matrix(n, d, x), y, { loss: binaryCrossEntropy(), l2: sklearnL2(1, n), engine });
      ours.push((performance.now() - t0) / 1000);
      engine.dispose();
      iters = r.iterations;
      auc = rocAuc(yt, head.predict(matrix(nt, d, xt)).data);
      const p = runPeer(['linear', dir, String(threads)]);
      theirs.push(Number(p['seconds']));
      skAuc = Number(p['auc']);
      skIters = Number(p['iterations']);
    }
    const a = median(ours), b = median(theirs);
    rows.push(`| linear head (logistic, C = 1), 20,000 × 512 | ${threads} | Kenobi fitLbfgs + ortEngine ${a.toFixed(2)} s, ${iters} it, test AUC ${auc.toFixed(5)} | sklearn lbfgs ${b.toFixed(2)} s, ${skIters} it, AUC ${skAuc.toFixed(5)} | **${(a / b).toFixed(2)}×** |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`median of ${repeats} runs; ratio = Kenobi time / peer time (lower is better)\n`);
console.log('| task | threads | Kenobi | peer | ratio |\n| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
