import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { onnx } from '@kenobi/onnx';
import { createSession, diagnoseCuda, RuntimeError } from './index.js';
import { backendMissing } from './test-support/describe-backends.js';
import { canSampleResources } from './test-support/process-resources.js';
import { needCapability, needShared } from './test-support/shared-files.js';
import { convReluModel, maxAbsDiff, testInput, unknownOpModel } from './test-support/tiny-models.js';

async function rejection(p: Promise<unknown>): Promise<RuntimeError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(RuntimeError);
    return e as RuntimeError;
  }
  throw new Error('expected a rejection');
}

const cudaMissing = diagnoseCuda().missing.length > 0;

describe('createSession', () => {
  it('auto records the cuda failure with its reason and runs on webgpu or cpu', async function () {
    if (!cudaMissing) this.skip(); // a machine with CUDA takes it (then the attempts hold one success)
    const s = await createSession(convReluModel({ inChannels: 4, outChannels: 2, size: 4 }), { device: 'auto' });
    try {
      expect(s.attempts[0]).to.include({ device: 'cuda', ok: false, code: 'runtime/cuda-unavailable' });
      expect(s.attempts[0]!.error).to.match(/missing .*libonnxruntime_providers_cuda\.so/);
      expect(['webgpu', 'cpu']).to.include(s.device);
      expect(s.attempts.at(-1)).to.include({ ok: true, device: s.device });
      expect(s.attempts.filter((a) => a.ok)).to.have.length(1);
      expect(s.report()).to.match(/^device auto -> (webgpu|cpu)/).and.match(/x cuda/);
    } finally {
      await s.dispose();
    }
  });

  it('auto skips a software-only WebGPU (no GPU device node) with the reason, unless softwareWebGpu is set', async function () {
    if (existsSync('/dev/dri') || existsSync('/dev/nvidia0') || process.platform !== 'linux') this.skip();
    const model = convReluModel({ inChannels: 4, outChannels: 2, size: 4 });
    const s = await createSession(model, { device: 'auto' });
    try {
      const webgpu = s.attempts.find((a) => a.device === 'webgpu')!;
      expect(webgpu).to.include({ ok: false, code: 'runtime/webgpu-unavailable' });
      expect(webgpu.error).to.match(/software/);
      expect(s.device).to.equal('cpu');
    } finally {
      await s.dispose();
    }
    if ((await backendMissing('webgpu')) !== undefined) return;
    const soft = await createSession(model, { device: 'auto', softwareWebGpu: true });
    expect(soft.device).to.equal('webgpu');
    await soft.dispose();
  });

  it('explicit cuda without its libraries throws runtime/cuda-unavailable naming the files and the command', async function () {
    if (!cudaMissing) this.skip();
    const e = await rejection(createSession(convReluModel({ inChannels: 1, outChannels: 1, size: 3 }), { device: 'cuda' }));
    expect(e.code).to.equal('runtime/cuda-unavailable');
    expect(e.message).to.include('libonnxruntime_providers_cuda.so').and.include('libonnxruntime_providers_shared.so');
    expect(e.hint).to.match(/ONNXRUNTIME_NODE_INSTALL=cuda12 node \S+onnxruntime-node\/script\/install\.js/);
    expect(e.details.missing).to.be.an('array').that.includes('libcudnn.so.9');
  });

  it('gives the same numbers for bytes and a decoded ModelProto, on cpu', async () => {
    const bytes = convReluModel({ inChannels: 3, outChannels: 5, size: 6 });
    const x = { data: testInput(2 * 3 * 36), dims: [2, 3, 6, 6] };
    const a = await createSession(bytes, { device: 'cpu' });
    const b = await createSession(onnx.ModelProto.decode(bytes), { device: 'cpu' });
    try {
      const ya = (await a.run({ x })).y!, yb = (await b.run({ x })).y!;
      expect(ya.dims).to.deep.equal([2, 5, 6, 6]);
      expect(maxAbsDiff(ya.data as Float32Array, yb.data as Float32Array)).to.equal(0);
      expect(a.attempts).to.have.length(1);
      expect(a.attempts[0]).to.include({ device: 'cpu', provider: 'cpu', ortPackage: 'onnxruntime-node', ok: true });
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });

  for (const device of ['cpu', 'wasm', 'auto'] as const) {
    it(`a made-up op gives runtime/unsupported-op with its name (${device})`, async () => {
      const e = await rejection(createSession(unknownOpModel(), { device }));
      expect(e.code).to.equal('runtime/unsupported-op');
      expect(e.message).to.include('FrobnicateTensor');
      expect(e.details.op).to.equal('FrobnicateTensor');
    });
  }

  it('a made-up op in a custom domain names the domain', async () => {
    const e = await rejection(createSession(unknownOpModel('com.example'), { device: 'cpu' }));
    expect(e.code).to.equal('runtime/unsupported-op');
    expect(e.message).to.include('com.example:FrobnicateTensor');
  });

  it('an empty, a truncated and a non-ONNX file give runtime/invalid-model', async function () {
    const p = needShared(this, 'models/mnist-8.onnx');
    const bytes = new Uint8Array(readFileSync(p));
    expect((await rejection(createSession(new Uint8Array(0), { device: 'cpu' }))).code).to.equal('runtime/invalid-model');
    expect((await rejection(createSession(bytes.subarray(0, bytes.length >> 1), { device: 'cpu' }))).code).to.equal('runtime/invalid-model');
    const text = new TextEncoder().encode('SIMPLE  =                    T / not a model\n'.repeat(20));
    expect((await rejection(createSession(text, { device: 'auto' }))).code).to.equal('runtime/invalid-model');
  });

  it('an unknown device gives runtime/unknown-device listing the devices', async () => {
    const e = await rejection(createSession(convReluModel({ inChannels: 1, outChannels: 1, size: 3 }), { device: 'gpu' as never }));
    expect(e.code).to.equal('runtime/unknown-device');
    expect(e.message).to.include('auto, cpu, cuda, webgpu, wasm');
  });

  it('passes session options through (threads) and still sets the provider itself', async function () {
    needCapability(this, canSampleResources(), 'counting threads needs /proc/self/task (Linux only)');
    const model = convReluModel({ inChannels: 2, outChannels: 2, size: 3 });
    const threads = (): Set<string> => new Set(readdirSync('/proc/self/task'));
    // NOTE: ORT's intra-op pool runs intraOpNumThreads − 1 threads of its own (the caller is the last one)
    // while the session lives; ignored options would give ORT's default (physical cores) for both sizes.
    // Counted as the thread ids that appeared, not as a change in the count: a thread of an earlier test
    // (a worker winding down) that ends meanwhile must not hide one of ORT's (CI once read 3 for 4 so).
    const added = async (intraOpNumThreads: number): Promise<number> => {
      const before = threads();
      const s = await createSession(model, { device: 'cpu', sessionOptions: { intraOpNumThreads, interOpNumThreads: 1 } });
      try {
        expect(s.provider).to.equal('cpu');
        return [...threads()].filter((tid) => !before.has(tid)).length;
      } finally {
        await s.dispose();
      }
    };
    await added(2); // warm-up: libuv's pool and ORT's telemetry thread start once per process
    // the median of three tries, so a thread of something else that lives for a moment cannot decide it
    const median = async (n: number): Promise<number> => [await added(n), await added(n), await added(n)].sort((a, b) => a - b)[1]!;
    expect([await median(1), await median(3), await median(5)]).to.deep.equal([0, 2, 4]);
  });
});
