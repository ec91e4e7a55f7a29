import { expect } from 'chai';
import * as ortNode from 'onnxruntime-node';
import { createSessionOn } from './create-session.js';
import type { OrtModule } from './ort-module.js';
import { probeModel } from './probe-model.js';
import type { RuntimePlatform } from './runtime-platform.js';
import { RuntimeError } from './runtime-error.js';
import type { SessionGate, SessionGateContext } from './session-gate.js';

/** A Node platform without CUDA whose every provider is onnxruntime-node's CPU underneath; counts sessions. */
function cpuOnlyPlatform(): { platform: RuntimePlatform; sessions: { created: number; released: number } } {
  const sessions = { created: 0, released: 0 };
  const create = async (bytes: Uint8Array, options: ortNode.InferenceSession.SessionOptions = {}): Promise<ortNode.InferenceSession> => {
    const s = await ortNode.InferenceSession.create(bytes, { ...options, executionProviders: ['cpu'] });
    sessions.created++;
    const release = s.release.bind(s);
    return Object.assign(s, { release: async () => { sessions.released++; await release(); } });
  };
  const ort = { ...ortNode, InferenceSession: { create } } as unknown as OrtModule;
  const platform: RuntimePlatform = {
    platform: 'node',
    loadOrt: async (ortPackage) => ({ ortPackage, ort, version: 'test' }),
    preflight: async (step) => (step.provider === 'cuda' ? { code: 'runtime/cuda-unavailable', reason: 'no CUDA in this test' } : undefined),
    diagnose: async () => undefined,
    environmentFacts: async () => ({}),
  };
  return { platform, sessions };
}

/** Refuses every provider but the CPU, recording what it was shown. */
function refuseAllButCpu(seen: SessionGateContext[]): SessionGate {
  return async (context) => {
    seen.push(context);
    return context.step.provider === 'cpu'
      ? { refuse: false, note: 'checked: fine' }
      : { refuse: true, note: `checked: ${context.step.provider} is wrong`, reason: `op Frob is wrong on ${context.step.provider}`, details: { ops: ['Frob'] } };
  };
}

async function rejection(p: Promise<unknown>): Promise<RuntimeError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!(e instanceof RuntimeError)) return expect.fail(`expected a RuntimeError, got ${String(e)}`);
  return e;
}

describe('createSession gate (the caller\'s check of each attempt)', () => {
  const { model } = probeModel();

  it('an explicit device the gate refuses throws runtime/gate-refused with its reason, details and the attempt, and releases the session', async () => {
    const { platform, sessions } = cpuOnlyPlatform();
    const seen: SessionGateContext[] = [];
    const e = await rejection(createSessionOn(platform, model, { device: 'webgpu', canary: false, gate: refuseAllButCpu(seen) }));
    expect(e.code).to.equal('runtime/gate-refused');
    expect(e.message).to.equal("device 'webgpu': op Frob is wrong on webgpu (use device 'cpu' (or 'auto', which falls back by itself))");
    expect(e.details.gate).to.deep.equal({ ops: ['Frob'] });
    const attempts = e.details.attempts as { device: string; ok: boolean; code: string; error: string; note: string }[];
    expect(attempts).to.have.length(1);
    expect(attempts[0]).to.include({ device: 'webgpu', ok: false, code: 'runtime/gate-refused', error: 'op Frob is wrong on webgpu' });
    expect(attempts[0]!.note).to.match(/Conv canary skipped, bug assumed.*; checked: webgpu is wrong$/);
    expect(sessions).to.deep.equal({ created: 1, released: 1 });
    expect(seen.map((c) => [c.step.device, c.step.provider, c.step.ortPackage, c.reference.provider, c.ortVersion])).to.deep.equal([['webgpu', 'webgpu', 'onnxruntime-node', 'cpu', 'test']]);
    expect((await seen[0]!.loadOrt('onnxruntime-node')).version).to.equal('test');
  });

  it('under auto a refusal is one more recorded attempt and the next device is tried', async () => {
    const { platform } = cpuOnlyPlatform();
    const s = await createSessionOn(platform, model, { device: 'auto', softwareWebGpu: true, gate: refuseAllButCpu([]) });
    try {
      expect(s.device).to.equal('cpu');
      expect(s.attempts.map((a) => [a.device, a.ok, a.code ?? null])).to.deep.equal([['cuda', false, 'runtime/cuda-unavailable'], ['webgpu', false, 'runtime/gate-refused'], ['cpu', true, null]]);
      expect(s.attempts[2]!.note).to.equal('checked: fine');
      expect(s.report()).to.include('runtime/gate-refused: op Frob is wrong on webgpu');
    } finally {
      await s.dispose();
    }
  });

  it('a gate that throws refuses (it cannot vouch for the provider), naming its error', async () => {
    const { platform, sessions } = cpuOnlyPlatform();
    const broken: SessionGate = async () => { throw new Error('canary crashed\nstack'); };
    const e = await rejection(createSessionOn(platform, model, { device: 'cpu', gate: broken }));
    expect(e.code).to.equal('runtime/gate-refused');
    expect(e.message).to.match(/^device 'cpu': the session gate failed: canary crashed/);
    expect(sessions.released).to.equal(sessions.created);
  });

  it('a gate that passes leaves the session usable, with the gate\'s note', async () => {
    const { platform } = cpuOnlyPlatform();
    const s = await createSessionOn(platform, model, { device: 'webgpu', canary: false, gate: async () => ({ refuse: false, note: 'all good' }) });
    expect(s.attempts[0]!.note).to.match(/; all good$/);
    const out = await s.run({ x: { data: Float32Array.of(-1, 0, 2, -3), dims: [1, 4] } });
    expect(Array.from(out.y!.data as Float32Array)).to.deep.equal([0, 0, 2, 0]);
    await s.dispose();
  });
});
