import { expect } from 'chai';
import * as ortNode from 'onnxruntime-node';
import { GraphBuilder, encodeModel, type ModelProto } from '@kenobi/onnx';
import { createSession, RuntimeError, type KenobiSession } from '@kenobi/runtime';
import { createSessionOn } from '../../../runtime/src/create-session.js';
import type { RuntimePlatform } from '../../../runtime/src/runtime-platform.js';
import { buildGradientGraph, type GradientGraph } from '../gradient-graph.js';
import { canaryDevice, describeCanaryBackends, ORT_NODE } from '../test-support/canary-backends.js';
import { fakeProviderOrt, type FakeProviderOptions } from '../test-support/fake-provider-ort.js';
import type { CanaryOrtModule } from './canary-ort.js';
import { gradientCanaryGate } from './gradient-canary-gate.js';
import { gradientDeviceVerdict } from './gradient-device-verdict.js';
import { gradientOpsOf } from './gradient-ops.js';
import { compareOutputs } from './run-canary.js';

/** x [2, 3, 4, 4] → `op` → Flatten → Gemm(w) → ReduceSum: the gradient graph of the loss w.r.t. x and w. */
function gradientOf(op: 'Tanh' | 'Softmax' | 'MaxPool' | 'Relu'): { g: GradientGraph; feeds: Record<string, { data: Float32Array; dims: number[] }> } {
  const b = new GraphBuilder({ seed: 4 });
  const x = b.input('x', 'float32', [2, 3, 4, 4]);
  const [h] = op === 'MaxPool' ? b.node('MaxPool', [x], { kernel_shape: [2, 2], strides: [2, 2] }) : b.node(op, [x], op === 'Softmax' ? { axis: 1 } : {});
  const flat = b.node('Flatten', [h!])[0]!;
  const units = op === 'MaxPool' ? 12 : 48;
  const w = b.initializer('w', Float32Array.from({ length: units * 2 }, (_, i) => Math.sin(i * 0.7)), [units, 2]);
  const [y] = b.node('Gemm', [flat, w]);
  const [loss] = b.node('ReduceSum', [y!], { keepdims: 0 }, { outputs: ['loss'] });
  b.output(loss!, { dims: [] });
  const model: ModelProto = b.build();
  const g = buildGradientGraph(model, { loss: 'loss', wrt: ['x', 'w'] });
  return {
    g,
    feeds: {
      x: { data: Float32Array.from({ length: 96 }, (_, i) => Math.cos(i * 0.37)), dims: [2, 3, 4, 4] },
      w: { data: Float32Array.from({ length: units * 2 }, (_, i) => Math.sin(i * 0.7)), dims: [units, 2] },
    },
  };
}

/** A Node platform whose onnxruntime-node is the fake (its webgpu misbehaving), with no CUDA. */
function fakePlatform(options: FakeProviderOptions): { platform: RuntimePlatform; log: ReturnType<typeof fakeProviderOrt>['log'] } {
  const { ort, log } = fakeProviderOrt(options);
  const platform: RuntimePlatform = {
    platform: 'node',
    loadOrt: async (ortPackage) => ({ ortPackage, ort, version: '1.30.0-fake' }),
    preflight: async (step) => (step.provider === 'cuda' ? { code: 'runtime/cuda-unavailable', reason: 'fake platform: no CUDA' } : undefined),
    diagnose: async () => undefined,
    environmentFacts: async () => ({}),
  };
  return { platform, log };
}

async function rejection(p: Promise<unknown>): Promise<RuntimeError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!(e instanceof RuntimeError)) return expect.fail(`expected a RuntimeError, got ${String(e)}`);
  return e;
}

describe('@kenobi/autodiff gradientDeviceVerdict and gradientCanaryGate with a fake provider that gets one op wrong', function () {
  this.timeout(120_000);

  it('refuses the wrong op by name, with its error, and passes the others', async () => {
    const { ort } = fakeProviderOrt({ wrongOp: 'Tanh' });
    const { g } = gradientOf('Tanh');
    const v = await gradientDeviceVerdict({ target: { ort: ort as unknown as CanaryOrtModule, provider: 'webgpu', label: 'fake webgpu' }, reference: { ort: ORT_NODE, provider: 'cpu' } }, gradientOpsOf(g));
    expect(v.ok).to.equal(false);
    expect(v.refused.map((o) => [o.op, o.status])).to.deep.equal([['Tanh', 'wrong']]);
    expect(v.refused[0]!.detail).to.match(/^wrong in Tanh\/plain: max relative error 0\.010 in '\w+_grad'/);
    expect(v.ops.filter((o) => o.status === 'ok').map((o) => o.op)).to.include.members(['Flatten', 'Gemm', 'Mul', 'ReduceSum']);
    expect(v.summary).to.equal(`refused on fake webgpu: Tanh (${v.refused[0]!.detail})`);
  });

  it('refuses an op the provider throws on as unsupported, with the provider\'s message', async () => {
    const { ort } = fakeProviderOrt({ unsupportedOp: 'Softmax' });
    const v = await gradientDeviceVerdict({ target: { ort: ort as unknown as CanaryOrtModule, provider: 'webgpu' }, reference: { ort: ORT_NODE, provider: 'cpu' } }, ['Softmax', 'Relu']);
    expect(v.refused.map((o) => o.op)).to.deep.equal(['Softmax']);
    expect(v.refused[0]).to.include({ status: 'unsupported', detail: 'unsupported in Softmax/axis-1: fake webgpu: no kernel for Softmax' });
  });

  it('refuses ops no canary checks: a differentiated op without canaries, an emitted op type no canary runs', async () => {
    const device = canaryDevice('cpu');
    const v = await gradientDeviceVerdict(device, { differentiated: ['Erf', 'Relu'], emitted: ['Frobnicate', 'Greater'], forwardOnly: [] });
    expect(v.refused.map((o) => [o.op, o.role, o.status])).to.deep.equal([['Erf', 'differentiated', 'unchecked'], ['Frobnicate', 'emitted', 'unchecked']]);
    expect(v.refused[0]!.detail).to.match(/no canary checks Erf's gradient/);
    expect(v.ops.find((o) => o.op === 'Greater')).to.include({ status: 'ok', role: 'emitted' });
  });

  it('through createSession: an explicit device throws runtime/gate-refused naming the op, with every attempt, and releases its session', async () => {
    const { platform, log } = fakePlatform({ wrongOp: 'Tanh' });
    const { g } = gradientOf('Tanh');
    const e = await rejection(createSessionOn(platform, encodeModel(g.model), { device: 'webgpu', gate: gradientCanaryGate(g) }));
    expect(e.code).to.equal('runtime/gate-refused');
    expect(e.message).to.match(/^device 'webgpu': gradient ops computed wrongly or not at all on webgpu on onnxruntime-node 1\.30\.0-fake: Tanh \(wrong in Tanh\/plain: max relative error 0\.010/);
    expect(e.hint).to.equal("use device 'cpu' (or 'auto', which falls back by itself)");
    expect((e.details.gate as { refused: { op: string }[] }).refused.map((r) => r.op)).to.deep.equal(['Tanh']);
    const attempts = e.details.attempts as { device: string; ok: boolean; code?: string; note?: string }[];
    expect(attempts.map((a) => [a.device, a.ok, a.code])).to.deep.equal([['webgpu', false, 'runtime/gate-refused']]);
    expect(attempts[0]!.note).to.equal('Conv canary passed; gradient canaries refused Tanh');
    expect(log.released, 'every fake session released').to.equal(log.created.length);
  });

  it('through createSession: auto records the refusal and falls back to the CPU, never to the wrong op', async () => {
    const { platform } = fakePlatform({ wrongOp: 'Tanh' });
    const { g, feeds } = gradientOf('Tanh');
    const s = await createSessionOn(platform, encodeModel(g.model), { device: 'auto', gate: gradientCanaryGate(g) });
    try {
      expect(s.device).to.equal('cpu');
      expect(s.attempts.map((a) => [a.device, a.ok, a.code])).to.deep.equal([['cuda', false, 'runtime/cuda-unavailable'], ['webgpu', false, 'runtime/gate-refused'], ['cpu', true, undefined]]);
      expect(s.attempts[1]!.error).to.match(/Tanh \(wrong in Tanh\/plain/);
      expect(s.attempts[2]!.note).to.equal('gradient canaries: this is the reference provider');
      expect(s.report()).to.match(/x webgpu .*runtime\/gate-refused: gradient ops computed wrongly/);
      const out = await s.run(feeds);
      const cpu = await runOn('cpu', g, feeds);
      expect(compareOutputs(cpu, asF32(out), Object.keys(cpu)).maxRelativeError).to.equal(0);
    } finally {
      await s.dispose();
    }
  });

  it('through createSession: keeps the provider when every op of the graph passes', async () => {
    const { platform } = fakePlatform({ wrongOp: 'Tanh' });
    const { g } = gradientOf('Relu');
    const s = await createSessionOn(platform, encodeModel(g.model), { device: 'webgpu', gate: gradientCanaryGate(g) });
    expect(s.device).to.equal('webgpu');
    expect(s.attempts[0]!.note).to.match(/gradient canaries passed on webgpu on onnxruntime-node 1\.30\.0-fake for \d+ ops/);
    await s.dispose();
  });
});

const asF32 = (out: Record<string, { data: unknown }>): Record<string, Float32Array> => Object.fromEntries(Object.entries(out).map(([k, t]) => [k, Float32Array.from(t.data as Float32Array)]));

async function runOn(device: 'cpu', g: GradientGraph, feeds: Record<string, { data: Float32Array; dims: number[] }>): Promise<Record<string, Float32Array>> {
  const s = await ortNode.InferenceSession.create(encodeModel(g.model), { executionProviders: [device] });
  try {
    return asF32(await s.run(Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, new ortNode.Tensor('float32', f.data, f.dims)]))));
  } finally {
    await s.release();
  }
}

describeCanaryBackends('@kenobi/autodiff gradientCanaryGate with createSession', (backend) => {
  for (const op of ['MaxPool', 'Relu'] as const) it(`runs the gradient graph of ${op} → Flatten → Gemm where its canaries pass (and then equals the CPU), or refuses naming each failing op`, async function () {
    this.timeout(180_000);
    const { g, feeds } = gradientOf(op);
    const verdict = await gradientDeviceVerdict(canaryDevice(backend), gradientOpsOf(g));
    const opened = createSession(encodeModel(g.model), { device: backend, gate: gradientCanaryGate(g) });
    if (!verdict.ok && backend !== 'cpu') {
      const e = await rejection(opened);
      expect(e.code).to.equal('runtime/gate-refused');
      for (const op of verdict.refused) expect(e.message).to.include(`${op.op} (${op.detail})`);
      return;
    }
    const s: KenobiSession = await opened;
    try {
      expect(s.device).to.equal(backend);
      const got = asF32(await s.run(feeds));
      const cpu = await runOn('cpu', g, feeds);
      expect(compareOutputs(cpu, got, Object.keys(cpu)).maxRelativeError).to.be.at.most(1e-4);
    } finally {
      await s.dispose();
    }
  });

  if (backend === 'webgpu') {
    it('under auto (software WebGPU allowed) falls back to the CPU when an op is refused, and says which', async function () {
      this.timeout(180_000);
      const { g } = gradientOf('MaxPool');
      const verdict = await gradientDeviceVerdict(canaryDevice('webgpu'), gradientOpsOf(g));
      const s = await createSession(encodeModel(g.model), { device: 'auto', softwareWebGpu: true, gate: gradientCanaryGate(g) });
      try {
        const webgpu = s.attempts.find((a) => a.device === 'webgpu')!;
        if (verdict.ok) {
          expect(s.device).to.equal('webgpu');
        } else {
          expect(s.device).to.equal('cpu');
          expect(webgpu).to.include({ ok: false, code: 'runtime/gate-refused' });
          for (const op of verdict.refused) expect(webgpu.error).to.include(op.op);
        }
      } finally {
        await s.dispose();
      }
    });
  }
});
