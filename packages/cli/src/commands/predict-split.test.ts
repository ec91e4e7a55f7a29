import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '@kenobi/features/node';
import { encodeModel, splitAtTensor } from '@kenobi/onnx';
import { createSession } from '@kenobi/runtime';
import { tinyExport, writeTinyImages } from '../test-support/tiny-export.js';
import { loadPredictData } from './predict-data.js';
import { predictDataset } from './predict-run.js';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).to.equal(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('kenobi predict: MC-dropout runs the backbone once per batch (splitAtTensor at features)', () => {
  let dir = '';
  let data: Dataset;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-split-'));
    data = await loadPredictData(writeTinyImages(join(dir, 'data'), 5));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('splitAtTensor on an exported model: front then back equals the whole model (≤ 1e-6)', async () => {
    const model = tinyExport({ mcDropout: false });
    const { front, back } = splitAtTensor(model, 'features');
    expect(back.graph!.input!.map((i) => i.name)).to.deep.equal(['features']);
    expect(back.graph!.output!.map((o) => o.name)).to.deep.equal(['probabilities']);
    // the front ends at the Identity that names `features`; every Gemm of the head is in the back
    expect(front.graph!.node!.filter((n) => (n.name ?? '').startsWith('kenobi_head/')).map((n) => n.op_type)).to.deep.equal(['Identity']);
    expect(back.graph!.node!.filter((n) => n.op_type === 'Gemm')).to.have.length(2);
    expect(back.graph!.node!.every((n) => (n.name ?? '').startsWith('kenobi_head/'))).to.equal(true);
    const mc = splitAtTensor(tinyExport({ mcDropout: true }), 'features');
    expect(mc.back.graph!.node!.some((n) => n.op_type === 'RandomUniformLike')).to.equal(true);
    expect(mc.front.graph!.node!.some((n) => n.op_type === 'RandomUniformLike')).to.equal(false);

    const x = { data: Float32Array.from({ length: 2 * 3 * 16 * 16 }, (_, i) => (i * 37) % 256), dims: [2, 3, 16, 16] };
    const [w, f, b] = await Promise.all([model, front, back].map((m) => createSession(encodeModel(m), { device: 'cpu' })));
    try {
      const whole = await w!.run({ pixels: x });
      const feats = (await f!.run({ pixels: x })).features!;
      const probs = (await b!.run({ features: feats })).probabilities!;
      expect(maxAbsDiff(feats.data as Float32Array, whole.features!.data as Float32Array)).to.be.at.most(1e-6);
      expect(maxAbsDiff(probs.data as Float32Array, whole.probabilities!.data as Float32Array)).to.be.at.most(1e-6);
      expect(Math.max(...(probs.data as Float32Array))).to.be.greaterThan(0.34);
    } finally {
      for (const s of [w, f, b]) await s!.dispose();
    }
  });

  it('with dropout off, the split way equals the whole model (≤ 1e-6) and runs each part once per batch', async () => {
    const model = tinyExport({ mcDropout: false });
    const whole = await predictDataset(model, data, { device: 'cpu', batchSize: 2 });
    const split = await predictDataset(model, data, { device: 'cpu', batchSize: 2, splitHead: true });
    expect(whole.passes).to.deep.equal({ whole: 3, backbone: 0, head: 0 });
    expect(split.passes).to.deep.equal({ whole: 0, backbone: 3, head: 3 });
    expect(split.rows.map((r) => r.id)).to.deep.equal(whole.rows.map((r) => r.id));
    expect(maxAbsDiff(split.rows.flatMap((r) => r.values), whole.rows.flatMap((r) => r.values))).to.be.at.most(1e-6);
  });

  it('with MC samples: one backbone run per batch, and the mean ± std of the whole-model way', async function () {
    this.timeout(60_000);
    const model = tinyExport({ mcDropout: true });
    const samples = 500;
    const split = await predictDataset(model, data, { device: 'cpu', batchSize: 2, samples });
    const whole = await predictDataset(model, data, { device: 'cpu', batchSize: 2, samples, splitHead: false });
    expect(split.passes).to.deep.equal({ whole: 0, backbone: 3, head: 3 * samples });
    expect(whole.passes).to.deep.equal({ whole: 3 * samples, backbone: 0, head: 0 });
    let maxStd = 0;
    split.rows.forEach((r, i) => {
      const o = whole.rows[i]!;
      expect(r.id).to.equal(o.id);
      r.values.forEach((m, j) => {
        const s1 = r.stds![j]!, s2 = o.stds![j]!;
        maxStd = Math.max(maxStd, s1, s2);
        const se = Math.sqrt((s1 * s1 + s2 * s2) / samples);
        expect(Math.abs(m - o.values[j]!), `${r.id} mean ${j}`).to.be.at.most(5 * se + 1e-6);
        expect(Math.abs(s1 - s2), `${r.id} std ${j}`).to.be.at.most(0.25 * Math.max(s1, s2) + 1e-6);
      });
    });
    expect(maxStd, 'MC-dropout samples differ').to.be.greaterThan(1e-3);
  });
});
