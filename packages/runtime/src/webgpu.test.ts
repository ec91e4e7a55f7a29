import { expect } from 'chai';
import { encodeModel, lenet5, resnet18, singleConvModel } from '@kenobi/onnx';
import * as ortNode from 'onnxruntime-node';
import { affectedConvs, createSession, isBugChannelCount, RuntimeError, webgpuConvVerdict, type ArrayTensor, type ModelInput } from './index.js';
import { modelProto } from './model-input.js';
import { backendMissing } from './test-support/describe-backends.js';
import { needCapability } from './test-support/shared-files.js';
import { convReluModel, maxAbsDiff, testInput } from './test-support/tiny-models.js';

async function runOn(device: 'cpu' | 'webgpu' | 'auto', model: ModelInput, x: ArrayTensor, canary = true) {
  // softwareWebGpu: let `auto` use lavapipe here, so the Conv routing under auto is exercised without a GPU.
  const s = await createSession(model, { device, canary, softwareWebGpu: true });
  try {
    const name = s.inputNames[0]!;
    const out = await s.run({ [name]: x });
    return { y: out[s.outputNames[0]!]!.data as Float32Array, session: s };
  } finally {
    await s.dispose();
  }
}

/** Runs on explicit webgpu: the right answer (vs CPU, ≤ 1e-4) or a runtime/webgpu-conv-bug refusal; never a wrong one. */
async function rightOrRefused(model: ModelInput, x: ArrayTensor): Promise<'right' | 'refused'> {
  const cpu = await runOn('cpu', model, x);
  try {
    const gpu = await runOn('webgpu', model, x);
    expect(maxAbsDiff(gpu.y, cpu.y), 'webgpu vs cpu').to.be.at.most(1e-4 * Math.max(1, ...Array.from(cpu.y, Math.abs)));
    return 'right';
  } catch (e) {
    if (e instanceof RuntimeError && e.code === 'runtime/webgpu-conv-bug') return 'refused';
    throw e;
  }
}

describe('WebGPU (onnxruntime-node, native WebGPU EP)', function () {
  this.timeout(180_000);
  before(async function () {
    const missing = await backendMissing('webgpu');
    needCapability(this, missing === undefined, `no WebGPU here (${missing}); CI installs Mesa 25 lavapipe from bookworm-backports`);
  });

  it('the canary verdict matches what raw ORT really does on a 6-channel Conv', async () => {
    const verdict = await webgpuConvVerdict(ortNode as never);
    const bytes = convReluModel({ inChannels: 6, outChannels: 4, size: 8 });
    const x = new ortNode.Tensor('float32', testInput(2 * 6 * 64), [2, 6, 8, 8]);
    const outs: Float32Array[] = [];
    for (const ep of ['cpu', 'webgpu']) {
      const s = await ortNode.InferenceSession.create(bytes, { executionProviders: [ep] });
      outs.push((await s.run({ x })).y!.data as Float32Array);
      await s.release();
    }
    const wrong = maxAbsDiff(outs[0]!, outs[1]!) > 1e-3;
    expect(verdict.buggy).to.equal(wrong);
    expect(await webgpuConvVerdict(ortNode as never)).to.equal(verdict); // cached per process
  });

  for (const channels of [3, 4, 6, 8, 9, 12]) {
    it(`a Conv with ${channels} input channels: right answer or refusal, never a wrong answer`, async () => {
      const model = convReluModel({ inChannels: channels, outChannels: 5, size: 8 });
      const outcome = await rightOrRefused(model, { data: testInput(2 * channels * 64), dims: [2, channels, 8, 8] });
      if (!isBugChannelCount(channels)) expect(outcome).to.equal('right');
    });
  }

  it('auto routes a 6-channel Conv around WebGPU (to CPU) and says why in the attempts', async () => {
    const verdict = await webgpuConvVerdict(ortNode as never);
    const model = singleConvModel({ inChannels: 6, outChannels: 4, size: 8, seed: 3 });
    const x = { data: testInput(6 * 64, 1), dims: [1, 6, 8, 8] };
    const cpu = await runOn('cpu', model, x);
    const auto = await runOn('auto', model, x);
    expect(maxAbsDiff(auto.y, cpu.y)).to.be.at.most(1e-4);
    const webgpuAttempt = auto.session.attempts.find((a) => a.device === 'webgpu')!;
    if (verdict.buggy) {
      expect(auto.session.device).to.equal('cpu');
      expect(webgpuAttempt).to.include({ ok: false, code: 'runtime/webgpu-conv-bug' });
      expect(webgpuAttempt.note).to.match(/refused: 1 affected Conv/);
    } else {
      expect(auto.session.device).to.equal('webgpu');
    }
  });

  it('canary: false still keeps affected Convs off WebGPU (the bug is assumed)', async () => {
    const model = convReluModel({ inChannels: 9, outChannels: 2, size: 4 });
    const e = await createSession(model, { device: 'webgpu', canary: false }).then(() => undefined, (err: unknown) => err);
    expect(e).to.be.instanceOf(RuntimeError);
    expect((e as RuntimeError).code).to.equal('runtime/webgpu-conv-bug');
    expect((e as RuntimeError).details.nodes).to.deep.equal([{ name: 'conv_9to2', inputChannels: 9 }]);
  });

  it('builder LeNet-5 (conv2 has 6 input channels): right answer or refusal', async () => {
    const model = lenet5({ seed: 5 });
    expect(affectedConvs(model).map((c) => c.inputChannels)).to.deep.equal([6]);
    await rightOrRefused(model, { data: testInput(2 * 32 * 32), dims: [2, 1, 32, 32] });
  });

  it('builder ResNet-18 (width 1/8, 32 px; no affected Conv) on webgpu equals CPU within 1e-4', async () => {
    const model = resnet18({ width: 0.125, inputSize: 32, numClasses: 10, seed: 2 });
    expect(affectedConvs(modelProto(encodeModel(model)))).to.deep.equal([]);
    expect(await rightOrRefused(model, { data: testInput(3 * 32 * 32), dims: [1, 3, 32, 32] })).to.equal('right');
  });
});
