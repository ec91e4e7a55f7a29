/**
 * Test support: trains a fixture network the way make_torch_parity.py trains it in PyTorch: the same formula
 * weights, dataset and batch order, the @kenobi/autodiff gradient graph (BN in training mode) on onnxruntime-node
 * CPU or onnxruntime-web WASM, PyTorch's SGD with momentum in TypeScript, and PyTorch's running statistics
 * computed from the graph's batch statistics.
 */
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { encodeModel } from '@kenobi/onnx';
import { buildGradientGraph } from '../../gradient-graph.js';
import { formulaUniform } from './formula.js';
import { initialTensors, type ParityFixture, type ParityNetwork } from './parity-fixture.js';
import { PARITY_BUILDERS } from './parity-networks.js';
import { sgdMomentumStep, torchRunningStats } from './torch-updates.js';

ortWeb.env.wasm.numThreads = 1;

/** Options of {@link runParity}; the two deliberate faults prove the comparison can fail. */
export interface ParityRunOptions {
  readonly backend: 'cpu' | 'wasm';
  /** Multiplies the gradient of `tensor` by `factor` before each SGD step (a deliberately wrong gradient). */
  readonly perturbGradient?: { readonly tensor: string; readonly factor: number };
  /** 'onnx': mixes the BIASED batch variance in (ONNX's definition, not PyTorch's): a deliberate fault. */
  readonly runningVar?: 'torch' | 'onnx';
}

/** What a run ends with: the loss of each step and every fixture tensor (weights and running statistics). */
export interface ParityRun {
  readonly losses: number[];
  readonly tensors: ReadonlyMap<string, Float32Array>;
  /** Ops of the trainable path (for the report). */
  readonly differentiatedOps: readonly string[];
}

interface Session { run(feeds: Record<string, Float32Array>, dims: Record<string, readonly number[]>): Promise<Record<string, Float32Array>>; release(): Promise<void> }

async function openSession(bytes: Uint8Array, backend: 'cpu' | 'wasm'): Promise<Session> {
  if (backend === 'cpu') {
    const s = await ortNode.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1, logSeverityLevel: 3 });
    return {
      run: async (feeds, dims) => {
        const out = await s.run(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, new ortNode.Tensor('float32', v, [...dims[k]!])])));
        return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
      },
      release: () => s.release(),
    };
  }
  const s = await ortWeb.InferenceSession.create(bytes, { executionProviders: ['wasm'], logSeverityLevel: 3 });
  return {
    run: async (feeds, dims) => {
      const out = await s.run(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, new ortWeb.Tensor('float32', v, [...dims[k]!])])));
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
    },
    release: () => s.release(),
  };
}

/**
 * Runs the fixture's steps and returns the losses and final tensors.
 *
 * @example
 * ```ts
 * const fx = readParityFixture('mobilenetv2-block');
 * const run = await runParity('mobilenetv2-block', fx, { backend: 'cpu' });
 * run.tensors.get('block.conv.3.running_var'); // PyTorch's running_var after 5 steps
 * ```
 */
export async function runParity(network: ParityNetwork, fx: ParityFixture, options: ParityRunOptions): Promise<ParityRun> {
  const tensors = initialTensors(fx);
  const batch = fx.order[0]!.length;
  const sampleDims = fx.input.dims.slice(1);
  const sampleSize = sampleDims.reduce((a, b) => a * b, 1);
  const classes = fx.labels.classes;
  const source = (name: string, dims: readonly number[]): Float32Array => {
    const t = fx.tensors.find((f) => f.name === name);
    if (!t || t.dims.join() !== dims.join()) throw new Error(`${network}: the graph's '${name}' [${dims.join(', ')}] is not in the fixture as such`);
    return tensors.get(name)!;
  };
  const net = PARITY_BUILDERS[network]([batch, ...sampleDims], source, classes);
  const fixtureParams = fx.tensors.filter((t) => t.kind === 'param').map((t) => t.name);
  if ([...net.params].sort().join() !== [...fixtureParams].sort().join()) throw new Error(`${network}: graph parameters [${net.params.join(', ')}] differ from the fixture's`);
  const g = buildGradientGraph(net.model, { loss: 'loss', wrt: net.params, mode: { batchNorm: 'train' } });
  const stats = g.extraOutputs.filter((p) => p.role?.kind === 'batch-mean' || p.role?.kind === 'batch-var');

  const dataset = formulaUniform(fx.input.name, fx.input.dims, fx.input.lo, fx.input.hi);
  const dims: Record<string, readonly number[]> = { input: [batch, ...sampleDims], onehot: [batch, classes] };
  for (const p of net.params) dims[p] = fx.tensors.find((t) => t.name === p)!.dims;
  const lr = new Map(fx.tensors.filter((t) => t.kind === 'param').map((t) => [t.name, t.lr!]));
  const momentumBuffers = new Map<string, Float32Array>();
  const session = await openSession(encodeModel(g.model), options.backend);
  const losses: number[] = [];
  try {
    for (const rows of fx.order) {
      const input = new Float32Array(batch * sampleSize);
      const onehot = new Float32Array(batch * classes);
      rows.forEach((r, k) => {
        input.set(dataset.subarray(r * sampleSize, (r + 1) * sampleSize), k * sampleSize);
        onehot[k * classes + fx.labels.values[r]!] = 1;
      });
      const feeds: Record<string, Float32Array> = { input, onehot };
      for (const p of net.params) feeds[p] = tensors.get(p)!;
      const out = await session.run(feeds, dims);
      losses.push(out['loss']![0]!);
      for (const p of net.params) {
        let grad = out[g.gradients.get(p)!]!;
        if (options.perturbGradient?.tensor === p) grad = grad.map((v) => v * options.perturbGradient!.factor);
        sgdMomentumStep(tensors.get(p)!, grad, momentumBuffers, p, lr.get(p)!, fx.optimizer.momentum);
      }
      for (const [bn, m] of net.batchNorms) {
        const mean = out[stats.find((s) => s.role!.node === bn && s.role!.kind === 'batch-mean')!.name]!;
        const variance = out[stats.find((s) => s.role!.node === bn && s.role!.kind === 'batch-var')!.name]!;
        torchRunningStats(tensors.get(`${bn}.running_mean`)!, tensors.get(`${bn}.running_var`)!, mean, variance, {
          momentum: fx.batchNorm.torchMomentum,
          count: options.runningVar === 'onnx' ? undefined : m,
        });
      }
    }
  } finally {
    await session.release();
  }
  return { losses, tensors, differentiatedOps: g.differentiatedOps };
}
