import { expect } from 'chai';
import { alexnet, googlenet, lenet5, resnet18, type ModelProto } from '@kenobi/onnx';
import { createSession, RuntimeError, runBatched } from './index.js';
import { describeBackends } from './test-support/describe-backends.js';
import { maxAbsDiff, testInput } from './test-support/tiny-models.js';

/** Builder graphs (small width and input so every backend stays fast), each with its input dims. */
const GRAPHS: readonly { name: string; make: () => ModelProto; dims: number[] }[] = [
  { name: 'LeNet-5', make: () => lenet5({ seed: 4 }), dims: [2, 1, 32, 32] },
  { name: 'ResNet-18 (width 1/8, 32 px)', make: () => resnet18({ width: 0.125, inputSize: 32, numClasses: 10, seed: 4 }), dims: [2, 3, 32, 32] },
  { name: 'GoogLeNet (width 1/8, 64 px; LRN runs on CPU under WebGPU)', make: () => googlenet({ width: 0.125, inputSize: 64, numClasses: 10, seed: 4 }), dims: [1, 3, 64, 64] },
  { name: 'AlexNet (width 1/8, 96 px)', make: () => alexnet({ width: 0.125, inputSize: 96, numClasses: 10, seed: 4 }), dims: [1, 3, 96, 96] },
];

describeBackends('builder graphs equal onnxruntime-node CPU', (backend) => {
  for (const g of GRAPHS) {
    it(`${g.name}: same outputs (≤ ${backend.tolerance} relative) or, on WebGPU, a refusal of affected Convs`, async function () {
      this.timeout(240_000);
      const model = g.make();
      const x = testInput(g.dims.reduce((a, b) => a * b, 1), 0.3);
      const cpu = await createSession(model, { device: 'cpu' });
      const ref = (await runBatched(cpu, x, g.dims, { batchSize: g.dims[0]! })).outputs;
      await cpu.dispose();
      let s;
      try {
        s = await backend.open(model);
      } catch (e) {
        expect(backend.device, 'only WebGPU may refuse').to.equal('webgpu');
        expect(e).to.be.instanceOf(RuntimeError).and.have.property('code', 'runtime/webgpu-conv-bug');
        return;
      }
      try {
        const got = (await runBatched(s, x, g.dims, { batchSize: g.dims[0]! })).outputs;
        for (const name of Object.keys(ref)) {
          const a = ref[name]!.data as Float32Array, b = got[name]!.data as Float32Array;
          const scale = Math.max(1, ...Array.from(a, Math.abs));
          expect(maxAbsDiff(a, b), `${name} on ${backend.device}`).to.be.at.most(backend.tolerance * scale);
        }
      } finally {
        await s.dispose();
      }
    });
  }
});
