import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createSession, runBatched, RuntimeError } from './index.js';
import { describeBackends } from './test-support/describe-backends.js';
import { needShared } from './test-support/shared-files.js';
import { convReluModel, maxAbsDiff, testInput } from './test-support/tiny-models.js';

describeBackends('runBatched', (backend) => {
  const model = convReluModel({ inChannels: 4, outChannels: 3, size: 6 });
  const per = 4 * 6 * 6;

  it('one batch of 8 equals 8 single runs, in order', async () => {
    const x = testInput(8 * per, 0.5);
    const s = await backend.open(model);
    try {
      const batched = await runBatched(s, x, [8, 4, 6, 6], { batchSize: 8 });
      expect(batched.runs).to.equal(1);
      const y = batched.outputs.y!;
      expect(y.dims).to.deep.equal([8, 3, 6, 6]);
      for (let i = 0; i < 8; i++) {
        const single = await s.run({ x: { data: x.slice(i * per, (i + 1) * per), dims: [1, 4, 6, 6] } });
        const rows = 3 * 36;
        expect(maxAbsDiff((y.data as Float32Array).subarray(i * rows, (i + 1) * rows), single.y!.data as Float32Array)).to.be.at.most(backend.tolerance);
      }
    } finally {
      await s.dispose();
    }
  });

  it('splits 11 samples into batches of 4 (4+4+3), keeps the order and reports progress', async () => {
    const x = testInput(11 * per, 2);
    const s = await backend.open(model);
    const events: number[] = [];
    try {
      const all = await runBatched(s, x, [11, 4, 6, 6], { batchSize: 11 });
      const split = await runBatched(s, x, [11, 4, 6, 6], { batchSize: 4, onProgress: (e) => events.push(e.done) });
      expect(split.runs).to.equal(3);
      expect(split.batchSize).to.equal(4);
      expect(maxAbsDiff(split.outputs.y!.data as Float32Array, all.outputs.y!.data as Float32Array)).to.be.at.most(backend.tolerance);
      expect(events.at(-1)).to.equal(11);
    } finally {
      await s.dispose();
    }
  });

  it('loops a model whose batch is fixed at 1 and pads nothing away', async () => {
    const fixed = convReluModel({ inChannels: 4, outChannels: 3, size: 6, batch: 1 });
    const x = testInput(5 * per, 3);
    const sFixed = await backend.open(fixed);
    const sDyn = await backend.open(model);
    try {
      expect(sFixed.inputShape()).to.deep.equal([1, 4, 6, 6]);
      const a = await runBatched(sFixed, x, [5, 4, 6, 6], { batchSize: 8 });
      const b = await runBatched(sDyn, x, [5, 4, 6, 6], { batchSize: 8 });
      expect(a.runs).to.equal(5);
      expect(a.batchSize).to.equal(1);
      expect(a.outputs.y!.dims).to.deep.equal([5, 3, 6, 6]);
      expect(maxAbsDiff(a.outputs.y!.data as Float32Array, b.outputs.y!.data as Float32Array)).to.be.at.most(backend.tolerance);
    } finally {
      await sFixed.dispose();
      await sDyn.dispose();
    }
  });

  it('a fixed batch of 2 with 3 samples pads the last run and drops the padding', async () => {
    const fixed2 = convReluModel({ inChannels: 4, outChannels: 3, size: 6, batch: 2 });
    const x = testInput(3 * per, 4);
    const s2 = await backend.open(fixed2);
    const sDyn = await backend.open(model);
    try {
      const a = await runBatched(s2, x, [3, 4, 6, 6]);
      const b = await runBatched(sDyn, x, [3, 4, 6, 6]);
      expect([a.runs, a.batchSize]).to.deep.equal([2, 2]);
      expect(a.outputs.y!.dims).to.deep.equal([3, 3, 6, 6]);
      expect(maxAbsDiff(a.outputs.y!.data as Float32Array, b.outputs.y!.data as Float32Array)).to.be.at.most(backend.tolerance);
    } finally {
      await s2.dispose();
      await sDyn.dispose();
    }
  });
}, ['cpu', 'wasm', 'webgpu']);

describe('runBatched on mnist-8 (batch fixed at 1 in the zoo file)', () => {
  it('gives 8 rows equal to 8 single runs', async function () {
    const bytes = readFileSync(needShared(this, 'models/mnist-8.onnx'));
    const s = await createSession(bytes, { device: 'cpu' });
    try {
      const x = testInput(8 * 784, 7);
      const r = await runBatched(s, x, [8, 1, 28, 28], { batchSize: 8 });
      expect(r.runs).to.equal(8);
      const out = r.outputs[s.outputNames[0]!]!;
      expect(out.dims).to.deep.equal([8, 10]);
      const third = await s.run({ [s.inputNames[0]!]: { data: x.slice(2 * 784, 3 * 784), dims: [1, 1, 28, 28] } });
      expect(maxAbsDiff((out.data as Float32Array).subarray(20, 30), third[s.outputNames[0]!]!.data as Float32Array)).to.equal(0);
    } finally {
      await s.dispose();
    }
  });
});

describe('runBatched input checks', () => {
  it('rejects data that does not match its dims or the model', async () => {
    const s = await createSession(convReluModel({ inChannels: 4, outChannels: 3, size: 6 }), { device: 'cpu' });
    try {
      const codes: string[] = [];
      for (const [data, dims] of [[new Float32Array(10), [2, 4, 6, 6]], [new Float32Array(2 * 3 * 36), [2, 3, 6, 6]], [new Float32Array(4), [1.5, 4]]] as const) {
        await runBatched(s, data, dims).catch((e: unknown) => codes.push((e as RuntimeError).code));
      }
      expect(codes).to.deep.equal(['runtime/bad-input', 'runtime/bad-input', 'runtime/bad-input']);
      const e = await runBatched(s, new Float32Array(144), [1, 4, 6, 6], { inputName: 'nope' }).catch((err: unknown) => err as RuntimeError);
      expect(e).to.be.instanceOf(RuntimeError).and.have.property('message').that.includes("no input named 'nope'");
    } finally {
      await s.dispose();
    }
  });
});
