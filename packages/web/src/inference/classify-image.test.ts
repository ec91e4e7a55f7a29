import { expect } from 'chai';
import { encodeModel, splitAtTensor, type ModelProto } from '@kenobi/onnx';
import { createSession, type KenobiSession } from '@kenobi/runtime';
import { tinyExportedModel } from '../../../../test/browser/tiny-exported-model.js';
import { readModelInfo } from '../model/model-info.js';
import { classifyImage, type SplitSessions } from './classify-image.js';

/** A session whose runs are counted (a spy on `run`). */
async function counted(model: ModelProto): Promise<{ session: KenobiSession; runs: () => number }> {
  const session = await createSession(encodeModel(model), { device: 'cpu' });
  let runs = 0;
  const run = session.run.bind(session);
  session.run = (...args: Parameters<KenobiSession['run']>) => {
    runs++;
    return run(...args);
  };
  return { session, runs: () => runs };
}

const input = { data: Float32Array.from({ length: 3 * 32 * 32 }, (_, i) => (i * 53) % 256), dims: [1, 3, 32, 32] };

describe('@kenobi/web classifyImage on a split model (backbone once, head per sample)', () => {
  it('reads the split tensor of an MC-dropout export only', () => {
    expect(readModelInfo(tinyExportedModel({ mcDropout: true })).splitTensor).to.equal('features');
    expect(readModelInfo(tinyExportedModel()).splitTensor).to.equal(undefined);
  });

  it('with dropout off, the split way equals the whole model (≤ 1e-6)', async () => {
    const model = tinyExportedModel();
    const info = readModelInfo(model);
    const parts = splitAtTensor(model, 'features');
    const whole = await counted(model), front = await counted(parts.front), back = await counted(parts.back);
    try {
      const a = await classifyImage(whole.session, info, input);
      const b = await classifyImage({ front: front.session, back: back.session, tensor: 'features' }, info, input);
      expect(b.samples).to.equal(1);
      expect(Math.max(...a.mean.map((v, k) => Math.abs(v - b.mean[k]!)))).to.be.at.most(1e-6);
      expect([whole.runs(), front.runs(), back.runs()]).to.deep.equal([1, 1, 1]);
    } finally {
      for (const s of [whole, front, back]) await s.session.dispose();
    }
  });

  it('with MC-dropout, runs the front once and the back per sample, with the whole model\'s mean ± std', async function () {
    this.timeout(30_000);
    const model = tinyExportedModel({ mcDropout: true });
    const info = readModelInfo(model);
    const parts = splitAtTensor(model, info.splitTensor!);
    const whole = await counted(model), front = await counted(parts.front), back = await counted(parts.back);
    try {
      const samples = 600;
      const split: SplitSessions = { front: front.session, back: back.session, tensor: 'features' };
      const a = await classifyImage(whole.session, info, input, { samples });
      const b = await classifyImage(split, info, input, { samples });
      expect([whole.runs(), front.runs(), back.runs()]).to.deep.equal([samples, 1, samples]);
      expect(b.samples).to.equal(samples);
      expect(Math.max(...b.std), 'MC-dropout samples differ').to.be.greaterThan(1e-3);
      a.mean.forEach((m, k) => {
        const s1 = a.std[k]!, s2 = b.std[k]!;
        expect(Math.abs(m - b.mean[k]!), `mean ${k}`).to.be.at.most(5 * Math.sqrt((s1 * s1 + s2 * s2) / samples) + 1e-6);
        expect(Math.abs(s1 - s2), `std ${k}`).to.be.at.most(0.25 * Math.max(s1, s2) + 1e-6);
      });
    } finally {
      for (const s of [whole, front, back]) await s.session.dispose();
    }
  });
});
