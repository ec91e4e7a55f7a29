/**
 * Benchmark of an image-model training step: the seeds' CNN (Dominguez-Sánchez+18, every convolution 'same',
 * 2,332,513 parameters) at 64×64×3, batch 32 (`--batch`), Adam, binary cross-entropy on logits, dropout active:
 * `ImageTrainer` (ONE onnxruntime-node session on the @kenobi/autodiff gradient graph, Adam and dropout masks
 * in TypeScript) against the same network in PyTorch (KENOBI_BENCH_PYTHON, default Debian's /usr/bin/python3 with
 * torch 1.13; the versions that ran are printed) at the same thread count.
 * Also prints where Kenobi's step time goes (`trainer.timings()`: read, feeds incl. mask drawing, ORT run,
 * gradient copies, optimizer, statistics) and, with `--profile`, where ORT's run goes (profile-step.ts: kernel
 * time by op type, forward vs backward, in one more fresh process).
 *
 * Kenobi and the peer alternate (K P, P K, ...), each in a fresh process (so peak RSS is that side's alone); each
 * times `--steps` batches after one untimed warm-up batch (graph compilation and session creation are reported
 * separately); medians of `--repeats` pairs. OMP_WAIT_POLICY passes through to the peer.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/bench/cnn/run.ts [--threads 1] [--steps 8] [--repeats 3] [--size 64]
 *        [--batch 32] [--profile] [--no-nchwc]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SeededRandom } from '@kenobi/core';
import { conv2d, dense, dropout, flatten, ImageTrainer, imageArray, imageModel, maxPooling2d, relu, sigmoid, STEP_PHASES, type StepTimings } from '@kenobi/learn';
import { profileStep } from './profile-step.js';
import { benchPython, machineLine, peerVersions, versionsText, median, loadText, spawnJson } from '../peer-env.js';

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '1' },
    steps: { type: 'string', default: '8' },
    repeats: { type: 'string', default: '3' },
    size: { type: 'string', default: '64' },
    batch: { type: 'string', default: '32' },
    profile: { type: 'boolean', default: false },
    'no-nchwc': { type: 'boolean', default: false },
    worker: { type: 'string' },
    'worker-profile': { type: 'boolean', default: false },
  },
});
const threads = Number(values.threads), steps = Number(values.steps), repeats = Number(values.repeats), size = Number(values.size);
const batch = Number(values.batch), n = batch * (steps + 1), c = 3;
// `--no-nchwc`: Kenobi's Convs on ORT's standard kernels (KENOBI_NCHWC=0 turns off openGraphSession's NCHWc lowering)
const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads), ...(values['no-nchwc'] ? { KENOBI_NCHWC: '0' } : {}) };
const side = (cmd: string, args: readonly string[]): Record<string, any> => spawnJson(cmd, args, env);

interface Timing { wall: number; cpu: number; peakRssMB: number }
interface Ours extends Timing { compile: number; timings: StepTimings; loss: number; startRssMB: number }

function seedsCnn(): ReturnType<typeof imageModel> {
  const same = { padding: 'same' as const };
  return imageModel([
    conv2d(32, 6, same), relu(), dropout(0.5), conv2d(64, 5, same), relu(), maxPooling2d(2), dropout(0.25),
    conv2d(128, 2, same), relu(), maxPooling2d(2), dropout(0.25), conv2d(128, 3, same), relu(), dropout(0.25),
    flatten(), dense(64), relu(), dropout(0.5), dense(1), sigmoid(),
  ], { inputShape: [size, size, c], seed: 0 });
}

/** Worker: one Kenobi run on the images the main process wrote to `dir`, in a fresh process (its own peak RSS). */
async function ours(dir: string): Promise<Ours> {
  const startRssMB = process.resourceUsage().maxRSS / 1024;
  // NOTE: copies into fresh ArrayBuffers (a small file's Buffer may sit at an unaligned offset of a shared pool)
  const x = new Float32Array(new Uint8Array(readFileSync(join(dir, 'x.f32'))).buffer);
  const y = new Int32Array(new Uint8Array(readFileSync(join(dir, 'y.i32'))).buffer);
  const t0 = performance.now();
  const trainer = await ImageTrainer.create(seedsCnn(), { loss: 'binaryCrossEntropy', optimizer: { name: 'adam', lr: 1e-3 }, batchSize: batch, threads, seed: 0 });
  const compile = (performance.now() - t0) / 1000;
  const data = { images: imageArray(x, [size, size, c]), labels: y };
  const order = Int32Array.from({ length: n }, (_, i) => i);
  await trainer.step(data, order.subarray(0, batch), 0, 0);
  const before = trainer.timings();
  const c0 = process.cpuUsage(), w0 = performance.now();
  let loss = NaN;
  for (let k = 1; k <= steps; k++) loss = (await trainer.step(data, order.subarray(k * batch, (k + 1) * batch), 0, k)).loss;
  const wall = (performance.now() - w0) / 1000, cu = process.cpuUsage(c0);
  const after = trainer.timings();
  await trainer.dispose();
  const ms = Object.fromEntries(STEP_PHASES.map((p) => [p, after.ms[p] - before.ms[p]])) as StepTimings['ms'];
  return { wall, cpu: (cu.user + cu.system) / 1e6, compile, timings: { steps: after.steps - before.steps, ms }, loss, peakRssMB: process.resourceUsage().maxRSS / 1024, startRssMB };
}

if (values.worker) {
  console.log(JSON.stringify(await ours(values.worker)));
  process.exit(0);
}
if (values['worker-profile']) {
  console.log(JSON.stringify(await profileStep(seedsCnn(), batch, threads)));
  process.exit(0);
}

const rng = new SeededRandom(1);
const dir = mkdtempSync(join(tmpdir(), 'kenobi-bench-cnn-'));
writeFileSync(join(dir, 'x.f32'), Float32Array.from({ length: n * c * size * size }, () => rng.normal()));
writeFileSync(join(dir, 'y.i32'), Int32Array.from({ length: n }, (_, i) => i % 2));
writeFileSync(join(dir, 'meta.json'), JSON.stringify({ n, h: size, w: size, c, batch, steps }));

function kenobi(): Ours {
  const self = fileURLToPath(import.meta.url);
  return side(process.execPath, ['--conditions=@kenobi/source', '--import', 'tsx', self, '--worker', dir, '--threads', String(threads), '--steps', String(steps), '--size', String(size), '--batch', String(batch)]) as Ours;
}

function theirs(): Timing & { loss: number; torch: string } {
  const p = side(benchPython, [join(import.meta.dirname, 'peers.py'), dir, String(threads)]);
  return { wall: p['seconds'], cpu: p['cpuSeconds'], loss: p['lastLoss'], peakRssMB: p['peakRssMB'], torch: p['torch'] };
}

const loadBefore = loadText();
const a: Ours[] = [], b: (Timing & { loss: number; torch: string })[] = [];
try {
  for (let rep = 0; rep < repeats; rep++) {
    if (rep % 2 === 0) { a.push(kenobi()); b.push(theirs()); } else { b.push(theirs()); a.push(kenobi()); }
    console.error(`  pair ${rep + 1}: Kenobi ${a.at(-1)!.wall.toFixed(2)} s (cpu ${a.at(-1)!.cpu.toFixed(2)}), PyTorch ${b.at(-1)!.wall.toFixed(2)} s (cpu ${b.at(-1)!.cpu.toFixed(2)}), load ${loadText()}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const kw = median(a.map((t) => t.wall)), kc = median(a.map((t) => t.cpu)), pw = median(b.map((t) => t.wall)), pc = median(b.map((t) => t.cpu));
const best = a.find((t) => t.wall === kw)!;
console.log(`seeds' CNN ${size}×${size}×${c}, batch ${batch}, ${steps} timed steps, ${threads} thread(s); median of ${repeats} alternating pairs; load average before ${loadBefore}, after ${loadText()}\n`);
console.log(`${machineLine(threads)}; peer ${versionsText(peerVersions(['torch', 'numpy']))}\n`);
console.log('| | Kenobi (ImageTrainer, onnxruntime-node) | PyTorch (peer above) | wall ratio | CPU ratio |\n| --- | --- | --- | --- | --- |');
console.log(`| per step | ${(1000 * kw / steps).toFixed(0)} ms (CPU ${(1000 * kc / steps).toFixed(0)} ms) | ${(1000 * pw / steps).toFixed(0)} ms (CPU ${(1000 * pc / steps).toFixed(0)} ms) | **${(kw / pw).toFixed(2)}×** | **${(kc / pc).toFixed(2)}×** |`);
const kr = median(a.map((t) => t.peakRssMB)), pr = median(b.map((t) => t.peakRssMB));
console.log(`| peak RSS (each side in its own process) | ${kr.toFixed(0)} MB (Node at start ${median(a.map((t) => t.startRssMB)).toFixed(0)} MB) | ${pr.toFixed(0)} MB | **${(kr / pr).toFixed(2)}×** | |`);
console.log(`\nKenobi: ImageTrainer with the session options of @kenobi/learn's openGraphSession; Node ${process.versions.node}; peer torch ${b[0]!.torch}${process.env['OMP_WAIT_POLICY'] ? ` with OMP_WAIT_POLICY=${process.env['OMP_WAIT_POLICY']}` : ''}.`);
console.log(`Kenobi compile + session: ${best.compile.toFixed(2)} s. Step time by phase (median run, ms per step):`);
console.log(STEP_PHASES.map((p) => `${p} ${(best.timings.ms[p] / best.timings.steps).toFixed(1)}`).join(', '));
if (values.profile) {
  const self = fileURLToPath(import.meta.url);
  const p = side(process.execPath, ['--conditions=@kenobi/source', '--import', 'tsx', self, '--worker-profile', '--threads', String(threads), '--size', String(size), '--batch', String(batch)]);
  const ms = (v: number): string => `${v.toFixed(0)} ms`;
  console.log(`\nInside ORT's run (profiler, one step, load ${loadText()}): ${ms(p['run'])}; forward kernels ${ms(p['forward'])}, backward kernels ${ms(p['backward'])}.`);
  console.log(`By op (F forward, B backward): ${(p['byOp'] as [string, number][]).filter(([, v]) => v >= 1).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}.`);
  console.log(`Top nodes: ${(p['byNode'] as [string, number][]).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}.`);
}
