/**
 * Leak soak of native handles and memory (issue #12 §6). Three loops, each `--batches` long (default 1,000):
 *  - `sessions`: createSession (a small Conv+Relu model) → run → dispose, on `--device` (default cpu);
 *  - `train-steps`: ONE `ortEngine`, one optimizer step per batch (`fit`, 1 epoch of one 64-row batch) on a
 *    6-16-1 MLP with dropout, the engine disposed at the end (a last reading, 'end', must hold no more
 *    descriptors, threads or active resources than the reading before the loop);
 *  - `train-engines`: per batch a NEW `ortEngine`, one `fit` step and one `predict`, then `dispose()`.
 * Every `--every` batches (default 10) it reads, after two full GCs: RSS, V8 heap, external memory, open file
 * descriptors (/proc/self/fd), threads (/proc/self/task) and `process.getActiveResourcesInfo()`. It prints
 * the curve every 100 batches and, per loop, the least-squares slope over the second half, then checks:
 *  - RSS: max over batches ≥ `--warmup` minus the reading at `--warmup` < `--rss-bound` MiB (default 20),
 *    and slope × batches < the same bound;
 *  - file descriptors, threads and active Node resources: never above the reading at `--warmup` two
 *    readings in a row (`rise` 0: a leak adds and stays). The spread (max − min) is printed too: 0 is
 *    exactly flat; under load one reading now and then has a thread and a descriptor more or less, gone at
 *    the next (source not identified; not ours: `rise` stays 0).
 * Exit status 1 when a bound is broken. Linux only (/proc). The CI tests (kenobi-session-soak.test.ts,
 * ort-engine-soak.test.ts) check the same bounds over 150 batches, RSS scaled to 3 MiB.
 * NOTE: onnxruntime-node 1.30 on Linux runs Microsoft telemetry unless ORT_DISABLE_TELEMETRY=1: from the first
 * session on, a thread and four open files (~/.cache/Microsoft/DeveloperTools/.onnxruntime/onnxruntime.db
 * with -wal and -shm, and /tmp/mat-debug-<pid>.log, left behind). The warm-up session below starts them.
 *
 *   node --conditions=@kenobi/source --import tsx --expose-gc scripts/soak/sessions.ts --batches 1000 \
 *     [--loops sessions,train-steps,train-engines] [--device cpu|wasm] [--threads 1] [--every 10] [--warmup 100]
 *     [--rss-bound 20] [--leak]
 * `--leak` checks the instrument: `sessions` and `train-engines` keep what they made, undisposed and reachable
 * (as a cache that never lets go), and must then FAIL. (Merely skipping dispose() does not leak here:
 * onnxruntime-node releases a session when the GC collects it.)
 */
import { parseArgs } from 'node:util';
import { SeededRandom } from '@kenobi/core';
import { adam, binaryCrossEntropy, dense, dropout, fit, matrix, ortEngine, relu, sequential, type OrtGradientEngine } from '@kenobi/learn';
import { createSession, type Device } from '@kenobi/runtime';
import { runSoak, soakFailures } from '../../packages/runtime/src/test-support/handle-soak.js';
import { activeCount, canSampleResources, sampleResources, type ResourceSample } from '../../packages/runtime/src/test-support/process-resources.js';
import { convReluModel, testInput } from '../../packages/runtime/src/test-support/tiny-models.js';

const LOOPS = Object.freeze(['sessions', 'train-steps', 'train-engines'] as const);
type Loop = (typeof LOOPS)[number];

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '1000' },
    loops: { type: 'string', default: LOOPS.join(',') },
    device: { type: 'string', default: 'cpu' },
    threads: { type: 'string' },
    every: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '100' },
    'rss-bound': { type: 'string', default: '20' },
    leak: { type: 'boolean', default: false },
  },
});
const batches = Number(values.batches), every = Number(values.every), warmup = Number(values.warmup), rssBound = Number(values['rss-bound']);
const device = values.device as Device;
const threads = values.threads === undefined ? undefined : Number(values.threads);
const loops = values.loops.split(',') as Loop[];
const leak = values.leak;
/** Under `--leak`: what was not disposed, kept reachable as a cache that never lets go would keep it. */
const leaked: unknown[] = [];
for (const l of loops) if (!LOOPS.includes(l)) throw new Error(`unknown loop '${l}' (one of ${LOOPS.join(', ')})`);
if (!canSampleResources()) throw new Error('this soak reads /proc/self/fd and /proc/self/task (Linux only)');

/** One step of a loop; `finish` runs after the last batch (its reading is labelled 'end'). */
interface LoopBody { step(i: number): Promise<void>; finish?(): Promise<void> }

function sessionsLoop(): LoopBody {
  const model = convReluModel({ inChannels: 3, outChannels: 8, size: 16 });
  const x = { data: testInput(4 * 3 * 16 * 16), dims: [4, 3, 16, 16] };
  const sessionOptions = threads === undefined ? {} : { intraOpNumThreads: threads };
  return {
    async step() {
      const s = await createSession(model, { device, sessionOptions });
      await s.run({ x });
      if (leak) leaked.push(s);
      else await s.dispose();
    },
  };
}

function problem(rows: number, seed: number): { x: ReturnType<typeof matrix>; y: Int32Array } {
  const rng = new SeededRandom(seed);
  const x = Float32Array.from({ length: rows * 6 }, () => rng.normal());
  const y = Int32Array.from({ length: rows }, (_, r) => (x[r * 6]! + 0.5 * x[r * 6 + 1]! > 0 ? 1 : 0));
  return { x: matrix(rows, 6, x), y };
}

const mlp = (seed: number): ReturnType<typeof sequential> => sequential([dense(16), relu(), dropout(0.2), dense(1)], { inputs: 6, seed });
const engineOptions = { device, ...(threads === undefined ? {} : { threads }) };

function trainStepsLoop(): LoopBody {
  const { x, y } = problem(64, 1);
  const model = mlp(1), optimizer = adam({ lr: 0.01 });
  const engine: OrtGradientEngine = ortEngine(engineOptions);
  return {
    async step(i) {
      await fit(model, x, y, { loss: binaryCrossEntropy(), optimizer, epochs: 1, batchSize: 64, seed: i, engine });
    },
    async finish() {
      engine.dispose();
      // NOTE: ortEngine.dispose() releases its sessions without waiting; give the releases a turn to run.
      await new Promise((r) => setTimeout(r, 50));
    },
  };
}

function trainEnginesLoop(): LoopBody {
  const { x, y } = problem(64, 2);
  return {
    async step(i) {
      const model = mlp(i), engine = ortEngine(engineOptions);
      try {
        await fit(model, x, y, { loss: binaryCrossEntropy(), optimizer: adam({ lr: 0.01 }), epochs: 1, batchSize: 64, seed: i, engine });
        await engine.predict(model, x);
      } finally {
        if (leak) leaked.push(engine);
        else engine.dispose();
      }
    },
  };
}

const BODIES: Readonly<Record<Loop, () => LoopBody>> = { sessions: sessionsLoop, 'train-steps': trainStepsLoop, 'train-engines': trainEnginesLoop };

const fmt = (n: number, d = 1): string => n.toFixed(d);
const activeText = (s: ResourceSample): string => Object.entries(s.active).sort().map(([k, v]) => `${k}:${v}`).join(' ') || '-';
function printRow(label: string, s: ResourceSample): void {
  console.log(`  ${label.padStart(6)}  rss ${fmt(s.rssMiB).padStart(6)} MiB  heap ${fmt(s.heapUsedMiB).padStart(5)}  external ${fmt(s.externalMiB).padStart(5)}  fds ${String(s.fds).padStart(3)}  threads ${String(s.threads).padStart(3)}  active ${activeText(s)}`);
}

/** Runs one loop; returns true when every bound holds. */
async function soakLoop(name: Loop): Promise<boolean> {
  console.log(`\n${name}: ${batches} batches on ${device}${threads === undefined ? '' : `, ${threads} intra-op thread(s)`}, a reading every ${every}${leak ? ' (--leak: kept undisposed and reachable)' : ''}`);
  const body = BODIES[name]();
  const s = await runSoak((i) => body.step(i), { batches, every, warmup, onReading: (r) => r.batch % 100 === 0 && printRow(String(r.batch), r.sample) });
  const failures = soakFailures(s, { rssMiB: rssBound });
  if (body.finish) {
    await body.finish();
    const end = await sampleResources();
    printRow('end', end);
    const start = s.readings[0]!.sample; // before the loop's first session
    for (const [what, pick] of [['fds', (x: ResourceSample) => x.fds], ['threads', (x: ResourceSample) => x.threads], ['active', activeCount]] as const) {
      if (pick(end) > pick(start)) failures.push(`${what} after dispose (${pick(end)}) above the reading before the loop (${pick(start)})`);
    }
  }
  const p = s.slopePer1000;
  console.log(`  ${(batches / s.seconds).toFixed(0)} batches/s (${fmt(s.seconds)} s, readings included)`);
  console.log(`  second half (batches ${batches / 2}–${batches}), least-squares slope per 1,000 batches: rss ${fmt(p.rssMiB, 2)} MiB, heap ${fmt(p.heapUsedMiB, 2)} MiB, external ${fmt(p.externalMiB, 2)} MiB, fds ${fmt(p.fds, 2)}, threads ${fmt(p.threads, 2)}`);
  console.log(`  from batch ${warmup}: rss growth (max − reading at ${warmup}) ${fmt(s.rssGrowthMiB, 2)} MiB; spread fds ${s.spread.fds}, threads ${s.spread.threads}, active resources ${s.spread.active}; rise ${s.rise.fds}, ${s.rise.threads}, ${s.rise.active}`);
  console.log(failures.length === 0 ? `  PASS (rss growth and slope × ${batches} < ${rssBound} MiB; fds, threads, active resources never rose)` : `  FAIL: ${failures.join('; ')}`);
  return failures.length === 0;
}

// NOTE: the first ORT session of a process starts what stays (ORT's telemetry); start it before any reading.
await (await createSession(convReluModel({ inChannels: 1, outChannels: 1, size: 3 }), { device })).dispose();
let ok = true;
const telemetry = process.env['ORT_DISABLE_TELEMETRY'] === '1' ? 'off (ORT_DISABLE_TELEMETRY=1)' : 'on (onnxruntime-node default)';
console.log(`node ${process.version}, pid ${process.pid}, gc ${typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'exposed' : 'via v8 flag'}, ORT telemetry ${telemetry}`);
for (const l of loops) ok = (await soakLoop(l)) && ok;
process.exitCode = ok ? 0 : 1;
