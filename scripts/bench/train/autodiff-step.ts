/**
 * Benchmark of one training step of torchvision ResNet-18's `layer4` + avgpool + fc (1000 classes) on a
 * [32, 256, 14, 14] input (what layer3 gives for 224×224 images), BN in training mode, cross-entropy, SGD with
 * momentum: Kenobi (the @kenobi/autodiff gradient graph in onnxruntime-node with the session options of
 * @kenobi/learn's graph sessions, weights fed as inputs every step, gradients copied into the params' grad
 * arrays, @kenobi/learn's `sgd` and PyTorch's running statistics in TypeScript) against PyTorch CPU
 * (scripts/bench/train/torch_layer4_peer.py on KENOBI_BENCH_PYTHON, default Debian's /usr/bin/python3), at the
 * same thread count (default 2).
 *
 * Each side runs in its own fresh process (so peak RSS is that side's alone: ORT + Node vs torch + Python), one
 * untimed warm-up step, then `--steps` timed steps; sides alternate (K P, P K, ...) over `--repeats` pairs and
 * the medians are printed with wall and CPU ratios (CPU: every thread of the process, a view that load on this
 * shared machine distorts less). Then one more Kenobi process measures where the step goes:
 *  - the step's own phases: weights in (building the feeds), session.run (which writes the gradients into the
 *    grad arrays, bound as preallocated outputs), optimizer (SGD + BN statistics in TS);
 *  - ORT's profiler over one step: forward kernels (the forward graph and its training rewrites) vs backward
 *    kernels (nodes the engine names grad/...), and run time outside kernels (binding, output allocation/copies);
 *  - an Identity graph with the same inputs and gradient-sized outputs (the pure cost of weights in + gradients out);
 *  - the forward alone, with the weights as graph inputs and as initializers (ORT prepacks constant Conv weights).
 *
 *   node --conditions=@kenobi/source --import tsx scripts/bench/train/autodiff-step.ts [--threads 2] [--batch 32]
 *        [--classes 1000] [--steps 5] [--repeats 3] [--no-breakdown] [--spinning] [--no-nchwc]
 *        [--nodes N] (the breakdown's N slowest nodes by name)
 * (`--spinning` runs ORT with its default session options, spinning threads and memory pattern on, as before #13 §5;
 * OMP_WAIT_POLICY passes through to the peer; `--no-nchwc` keeps every Conv on ORT's standard kernel instead of
 * the NCHWc lowering that @kenobi/learn's graph sessions apply on onnxruntime-node CPU.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildGradientGraph } from '@kenobi/autodiff';
import { SeededRandom } from '@kenobi/core';
import { encodeModel, onnx, type ModelProto } from '@kenobi/onnx';
import { nodePlatform } from '@kenobi/runtime';
import { formulaUniform } from '../../../packages/autodiff/src/test-support/torch-parity/formula.js';
import { resnet18Layer4 } from '../../../packages/autodiff/src/test-support/torch-parity/parity-networks.js';
import { torchRunningStats } from '../../../packages/autodiff/src/test-support/torch-parity/torch-updates.js';
import { lowerConvsToNchwc, nchwcSupport, sgd } from '@kenobi/learn';
import { machineLine, median, loadText, spawnJson } from '../peer-env.js';
import { lastRunKernels, sumBy } from '../ort-profile.js';

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '2' },
    batch: { type: 'string', default: '32' },
    classes: { type: 'string', default: '1000' },
    steps: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '3' },
    'no-breakdown': { type: 'boolean', default: false },
    spinning: { type: 'boolean', default: false },
    'no-nchwc': { type: 'boolean', default: false },
    nodes: { type: 'string', default: '0' },
    worker: { type: 'string' },
  },
});
const threads = Number(values.threads), batch = Number(values.batch), classes = Number(values.classes);
const steps = Number(values.steps), repeats = Number(values.repeats);
const python = process.env.KENOBI_BENCH_PYTHON ?? '/usr/bin/python3';
const here = fileURLToPath(new URL('.', import.meta.url));
const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
const side = (cmd: string, args: readonly string[]): Record<string, any> => spawnJson(cmd, args, env);
const mb = (): number => process.resourceUsage().maxRSS / 1024;
/**
 * The session options of Kenobi's graph sessions (`openGraphSession` in @kenobi/learn): no memory pattern, intra-op
 * threads that do not spin; `--spinning` restores ORT's defaults for both (the session options before #13 §5).
 */
const sessionOptions = {
  executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const,
  ...(values.spinning ? {} : { enableMemPattern: false, extra: { session: { intra_op: { allow_spinning: '0' } } } }),
};

/** He-uniform kernels, PyTorch-default fc, BN scale 1 / bias 0 / running mean 0 / var 1 (values do not change the cost). */
function source(name: string, dims: readonly number[]): Float32Array {
  const fanIn = dims.slice(1).reduce((a, b) => a * b, 1);
  if (/\.(weight)$/.test(name) && dims.length === 4) return formulaUniform(name, dims, -Math.sqrt(6 / fanIn), Math.sqrt(6 / fanIn));
  if (name.startsWith('fc.')) return formulaUniform(name, dims, -1 / Math.sqrt(dims.length === 2 ? fanIn : 512), 1 / Math.sqrt(dims.length === 2 ? fanIn : 512));
  return new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(/\.(weight|running_var)$/.test(name) ? 1 : 0);
}

interface Setup { g: ReturnType<typeof buildGradientGraph>; net: ReturnType<typeof resnet18Layer4>; weights: Map<string, Float32Array>; x: Float32Array; onehot: Float32Array; compile: number }

function setup(): Setup {
  const t0 = performance.now();
  const net = resnet18Layer4([batch, 256, 14, 14], source, classes);
  // the forms @kenobi/learn's CPU sessions use (gradientFormsFor): the flipped-kernel dX from 16 channels on NCHWc kernels
  const g = buildGradientGraph(net.model, { loss: 'loss', wrt: net.params, mode: { batchNorm: 'train' }, ...(values['no-nchwc'] ? {} : { forms: { flippedConvMinChannels: 16 } }) });
  const compile = (performance.now() - t0) / 1000;
  const weights = new Map(net.params.map((p) => [p, source(p, dimsOf(net.model, p))]));
  const rng = new SeededRandom(1);
  const x = Float32Array.from({ length: (steps + 1) * batch * 256 * 14 * 14 }, () => rng.normal());
  const onehot = new Float32Array((steps + 1) * batch * classes);
  for (let r = 0; r < (steps + 1) * batch; r++) onehot[r * classes + Math.floor(rng.uniform() * classes)] = 1;
  return { g, net, weights, x, onehot, compile };
}

/** The graph as @kenobi/learn's `openGraphSession` runs it on CPU: eligible Convs lowered to NCHWc kernels. */
async function trainingModel(model: ModelProto): Promise<ModelProto> {
  if (values['no-nchwc']) return model;
  const support = await nchwcSupport();
  if (!support.ok) throw new Error(`NCHWc lowering unavailable here: ${support.why} (run with --no-nchwc)`);
  return lowerConvsToNchwc(model, support.blockSize).model;
}

function dimsOf(model: ModelProto, name: string): number[] {
  return model.graph!.initializer!.find((t) => t.name === name)!.dims!.map(Number);
}

/** Headline worker: `steps` training steps on one session; prints the per-step timings, CPU and peak RSS. */
async function kenobiWorker(): Promise<void> {
  const rssStart = mb();
  const { ort, version } = await nodePlatform.loadOrt('onnxruntime-node');
  const s = setup();
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(encodeModel(await trainingModel(s.g.model)), sessionOptions);
  const sessionSeconds = (performance.now() - t0) / 1000;
  // PyTorch's SGD as @kenobi/learn ships it, over params whose `value` the weight feeds wrap
  const optimizer = sgd({ lr: 0.01, momentum: 0.9 });
  const params = s.net.params.map((name) => ({ name, shape: dimsOf(s.net.model, name), value: s.weights.get(name)!, grad: new Float32Array(s.weights.get(name)!.length) }));
  const running = new Map([...s.net.batchNorms.keys()].flatMap((bn) => [`${bn}.running_mean`, `${bn}.running_var`].map((n) => [n, source(n, [512])] as const)));
  const stats = s.g.extraOutputs.filter((p) => p.role?.kind === 'batch-mean' || p.role?.kind === 'batch-var');
  const sample = 256 * 14 * 14;
  const fetches: Record<string, InstanceType<typeof ort.Tensor> | null> = Object.fromEntries(session.outputNames.map((o) => [o, null]));
  for (const p of params) fetches[s.g.gradients.get(p.name)!] = new ort.Tensor('float32', p.grad, p.shape as number[]);
  const step = async (k: number): Promise<{ wall: number; feeds: number; run: number; gradients: number; optimizer: number; loss: number }> => {
    const a = performance.now();
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {
      input: new ort.Tensor('float32', s.x.subarray(k * batch * sample, (k + 1) * batch * sample), [batch, 256, 14, 14]),
      onehot: new ort.Tensor('float32', s.onehot.subarray(k * batch * classes, (k + 1) * batch * classes), [batch, classes]),
    };
    for (const w of s.g.weightInputs) feeds[w.name] = new ort.Tensor('float32', s.weights.get(w.name)!, w.dims as number[]);
    const b = performance.now();
    // as @kenobi/learn's graph sessions on onnxruntime-node (bindGradients): the run writes into the grad arrays
    const out = await session.run(feeds, fetches);
    const c = performance.now();
    const c2 = performance.now();
    optimizer.step(params);
    for (const [bn, m] of s.net.batchNorms) {
      const get = (kind: string): Float32Array => out[stats.find((q) => q.role!.node === bn && q.role!.kind === kind)!.name]!.data as Float32Array;
      torchRunningStats(running.get(`${bn}.running_mean`)!, running.get(`${bn}.running_var`)!, get('batch-mean'), get('batch-var'), { momentum: 0.1, count: m });
    }
    const d = performance.now();
    return { wall: (d - a) / 1000, feeds: (b - a) / 1000, run: (c - b) / 1000, gradients: (c2 - c) / 1000, optimizer: (d - c2) / 1000, loss: (out['loss']!.data as Float32Array)[0]! };
  };
  await step(0);
  const rows = [];
  const c0 = process.cpuUsage();
  for (let k = 1; k <= steps; k++) rows.push(await step(k));
  const cpu = process.cpuUsage(c0);
  await session.release();
  console.log(JSON.stringify({
    seconds: median(rows.map((r) => r.wall)), cpuSeconds: (cpu.user + cpu.system) / 1e6 / steps,
    feeds: median(rows.map((r) => r.feeds)), run: median(rows.map((r) => r.run)), gradients: median(rows.map((r) => r.gradients)), optimizer: median(rows.map((r) => r.optimizer)),
    lastLoss: rows.at(-1)!.loss, compile: s.compile, session: sessionSeconds, peakRssMB: mb(), startRssMB: rssStart, ort: version,
    graphNodes: s.g.model.graph!.node!.length,
  }));
}

/** The model with only the nodes `outputs` need, and those outputs. */
function pruned(model: ModelProto, outputs: readonly string[]): ModelProto {
  const g = model.graph!;
  const needed = new Set(outputs);
  const nodes = [...g.node!].reverse().filter((n) => {
    if (!(n.output ?? []).some((o) => needed.has(o))) return false;
    for (const i of n.input ?? []) if (i) needed.add(i);
    return true;
  }).reverse();
  const keep = (t: { name?: string | null }): boolean => needed.has(t.name ?? '');
  return onnx.ModelProto.create({ ...model, graph: onnx.GraphProto.create({ ...g, node: nodes, initializer: g.initializer!.filter(keep), input: g.input!.filter(keep), output: g.output!.filter((o) => outputs.includes(o.name ?? '')) }) });
}

/** The same model with the weight inputs baked in as initializers. */
function withWeightsInside(model: ModelProto, weights: ReadonlyMap<string, Float32Array>, dims: (n: string) => number[]): ModelProto {
  const g = model.graph!;
  const inits = [...weights].map(([n, w]) => onnx.TensorProto.create({ name: n, dims: dims(n), data_type: 1, raw_data: new Uint8Array(w.buffer, w.byteOffset, w.byteLength) }));
  return onnx.ModelProto.create({ ...model, graph: onnx.GraphProto.create({ ...g, initializer: [...g.initializer!, ...inits], input: g.input!.filter((i) => !weights.has(i.name ?? '')) }) });
}

/** Identity per weight: the run costs binding the inputs and allocating/copying gradient-sized outputs. */
function ioModel(model: ModelProto, weights: readonly string[]): ModelProto {
  const g = model.graph!;
  const inputs = g.input!.filter((i) => weights.includes(i.name ?? ''));
  return onnx.ModelProto.create({
    ...model,
    graph: onnx.GraphProto.create({
      name: 'io',
      node: weights.map((w) => onnx.NodeProto.create({ op_type: 'Identity', name: `io/${w}`, input: [w], output: [`${w}_out`] })),
      input: inputs,
      output: inputs.map((i) => onnx.ValueInfoProto.create({ ...i, name: `${i.name}_out` })),
    }),
  });
}

/** Breakdown worker: ORT profile of one step, the I/O probe and the forward alone (inputs vs initializers). */
async function breakdownWorker(): Promise<void> {
  const { ort } = await nodePlatform.loadOrt('onnxruntime-node');
  const s = setup();
  const sample = 256 * 14 * 14;
  const dims = (n: string): number[] => dimsOf(s.net.model, n);
  const feedsFor = (names: readonly string[]): Record<string, InstanceType<typeof ort.Tensor>> => {
    const f: Record<string, InstanceType<typeof ort.Tensor>> = {};
    for (const n of names) {
      if (n === 'input') f[n] = new ort.Tensor('float32', s.x.subarray(0, batch * sample), [batch, 256, 14, 14]);
      else if (n === 'onehot') f[n] = new ort.Tensor('float32', s.onehot.subarray(0, batch * classes), [batch, classes]);
      else f[n] = new ort.Tensor('float32', s.weights.get(n)!, dims(n));
    }
    return f;
  };
  const timeRuns = async (model: ModelProto, opts: Record<string, unknown> = {}): Promise<{ seconds: number; session: Awaited<ReturnType<typeof ort.InferenceSession.create>> }> => {
    const session = await ort.InferenceSession.create(encodeModel(model), { ...sessionOptions, ...opts });
    const feeds = feedsFor(session.inputNames);
    await session.run(feeds);
    const t: number[] = [];
    for (let k = 0; k < steps; k++) {
      const a = performance.now();
      await session.run(feeds);
      t.push((performance.now() - a) / 1000);
    }
    return { seconds: median(t), session };
  };
  const out: Record<string, unknown> = {};
  const params = s.net.params;
  { const r = await timeRuns(ioModel(s.g.model, params)); out['io'] = r.seconds; await r.session.release(); }
  const forward = pruned(s.g.model, ['loss']);
  { const r = await timeRuns(await trainingModel(forward)); out['forwardInputs'] = r.seconds; await r.session.release(); }
  { const r = await timeRuns(withWeightsInside(forward, s.weights, dims)); out['forwardInitializers'] = r.seconds; await r.session.release(); }
  // one profiled step of the full gradient graph (after a warm-up run)
  const dir = mkdtempSync(join(tmpdir(), 'kenobi-bench-profile-'));
  try {
    const session = await ort.InferenceSession.create(encodeModel(await trainingModel(s.g.model)), { ...sessionOptions, enableProfiling: true, profileFilePrefix: join(dir, 'p') });
    const feeds = feedsFor(session.inputNames);
    await session.run(feeds);
    const a = performance.now();
    await session.run(feeds);
    out['profiledRun'] = (performance.now() - a) / 1000;
    session.endProfiling();
    await session.release();
    const { runMs, kernels } = lastRunKernels(dir);
    const phaseMs = (backward: boolean): number => kernels.filter((k) => k.backward === backward).reduce((t, k) => t + k.ms, 0);
    // seconds, as the rest of this worker's output
    out['profile'] = {
      run: runMs / 1000, forward: phaseMs(false) / 1000, backward: phaseMs(true) / 1000,
      top: sumBy(kernels, (k) => `${k.backward ? 'backward' : 'forward'} ${k.op}`).slice(0, 10).map(([key, ms]) => [key, ms / 1000]),
      nodes: sumBy(kernels, (k) => `${k.node} (${k.op})`).slice(0, Number(values.nodes)).map(([key, ms]) => [key, ms / 1000]),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(out));
}

const self = fileURLToPath(import.meta.url);
const common = ['--nodes', values.nodes!, '--threads', String(threads), '--batch', String(batch), '--classes', String(classes), '--steps', String(steps), ...(values.spinning ? ['--spinning'] : []), ...(values['no-nchwc'] ? ['--no-nchwc'] : [])];
const kenobi = (worker: string): Record<string, any> => side(process.execPath, ['--conditions=@kenobi/source', '--import', 'tsx', self, '--worker', worker, ...common]);
const torch = (): Record<string, any> => side(python, [join(here, 'torch_layer4_peer.py'), String(threads), String(batch), String(classes), String(steps)]);

async function main(): Promise<void> {
  const loadBefore = loadText();
  const a: Record<string, any>[] = [], b: Record<string, any>[] = [];
  for (let rep = 0; rep < repeats; rep++) {
    if (rep % 2 === 0) { a.push(kenobi('kenobi')); b.push(torch()); } else { b.push(torch()); a.push(kenobi('kenobi')); }
    console.error(`  pair ${rep + 1}: Kenobi ${(a.at(-1)!['seconds'] * 1000).toFixed(0)} ms/step (cpu ${(a.at(-1)!['cpuSeconds'] * 1000).toFixed(0)}), PyTorch ${(b.at(-1)!['seconds'] * 1000).toFixed(0)} ms/step (cpu ${(b.at(-1)!['cpuSeconds'] * 1000).toFixed(0)}), load ${loadText()}`);
  }
  const m = (rows: Record<string, any>[], k: string): number => median(rows.map((r) => Number(r[k])));
  const ms = (v: number): string => `${(v * 1000).toFixed(0)} ms`;
  const v = b[0]!['versions'];
  console.log(`ResNet-18 layer4 + avgpool + fc(${classes}), input [${batch}, 256, 14, 14], BN train, cross-entropy, SGD momentum 0.9; ${threads} thread(s), ORT ${values.spinning ? 'default session options (spinning, memory pattern)' : 'intra-op spinning and memory pattern off'}, ${values['no-nchwc'] ? 'standard Conv kernels' : 'Convs on NCHWc kernels'}${process.env['OMP_WAIT_POLICY'] ? `, OMP_WAIT_POLICY=${process.env['OMP_WAIT_POLICY']}` : ''}; ${steps} timed steps per process, median of ${repeats} alternating pairs; load average before ${loadBefore}, after ${loadText()}`);
  console.log(`Kenobi: onnxruntime-node ${a[0]!['ort']}, Node ${process.versions.node}; peer (${python}): Python ${v.python}, torch ${v.torch}, torchvision ${v.torchvision}, numpy ${v.numpy} (torch threads ${b[0]!['threads']}); ${machineLine(threads)}\n`);
  console.log(`| | Kenobi (gradient graph in onnxruntime-node + SGD in TS) | PyTorch ${v.torch} CPU | ratio |\n| --- | --- | --- | --- |`);
  console.log(`| wall per step | ${ms(m(a, 'seconds'))} | ${ms(m(b, 'seconds'))} | **${(m(a, 'seconds') / m(b, 'seconds')).toFixed(2)}×** |`);
  console.log(`| CPU per step (all threads) | ${ms(m(a, 'cpuSeconds'))} | ${ms(m(b, 'cpuSeconds'))} | **${(m(a, 'cpuSeconds') / m(b, 'cpuSeconds')).toFixed(2)}×** |`);
  console.log(`| peak RSS | ${m(a, 'peakRssMB').toFixed(0)} MB (process start ${m(a, 'startRssMB').toFixed(0)} MB) | ${m(b, 'peakRssMB').toFixed(0)} MB (after imports ${m(b, 'startRssMB').toFixed(0)} MB) | **${(m(a, 'peakRssMB') / m(b, 'peakRssMB')).toFixed(2)}×** |`);
  console.log(`\nKenobi step phases (median ms): weights in (feeds) ${(m(a, 'feeds') * 1000).toFixed(1)}, session.run ${(m(a, 'run') * 1000).toFixed(0)}, gradients out (written by the run into the params' grad arrays, as @kenobi/learn's graph sessions) ${(m(a, 'gradients') * 1000).toFixed(1)}, optimizer (@kenobi/learn's SGD + BN statistics, TS) ${(m(a, 'optimizer') * 1000).toFixed(0)}; graph build ${(m(a, 'compile') * 1000).toFixed(0)} ms (${a[0]!['graphNodes']} nodes), session creation ${(m(a, 'session') * 1000).toFixed(0)} ms (not in the step).`);
  console.log(`PyTorch step phases (median ms): forward ${(m(b, 'forward') * 1000).toFixed(0)}, backward ${(m(b, 'backward') * 1000).toFixed(0)}, optimizer ${(m(b, 'optimizer') * 1000).toFixed(0)}.`);
  if (!values['no-breakdown']) {
    const d = kenobi('breakdown');
    const p = d['profile'];
    console.log(`\nInside Kenobi's session.run (ORT profiler, one step, ${ms(d['profiledRun'])} with profiling on): forward kernels ${ms(p.forward)}, backward kernels ${ms(p.backward)}, outside kernels ${ms(p.run - p.forward - p.backward)} of ORT's ${ms(p.run)}.`);
    console.log(`Top kernels: ${p.top.map(([k, t]: [string, number]) => `${k} ${ms(t)}`).join(', ')}.`);
    if (p.nodes.length > 0) console.log(`Top nodes: ${p.nodes.map(([k, t]: [string, number]) => `${k} ${(t * 1000).toFixed(1)} ms`).join(', ')}.`);
    console.log(`Weights in + gradient-sized outputs out alone (Identity graph): ${ms(d['io'])}. Forward alone: ${ms(d['forwardInputs'])} with the weights as inputs, ${ms(d['forwardInitializers'])} as initializers.`);
  }
}

if (values.worker === 'kenobi') await kenobiWorker();
else if (values.worker === 'breakdown') await breakdownWorker();
else await main();
