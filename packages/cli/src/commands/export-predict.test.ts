import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRaster, decodePng, encodePng, toModelInput } from '@kenobi/imaging';
import { linearHead, matrix, mlpHead, probabilities, saveModel } from '@kenobi/learn';
import { cutAtTensor, decodeModel, encodeModel } from '@kenobi/onnx';
import { loadModelFile } from '@kenobi/onnx/node';
import { createSession } from '@kenobi/runtime';
import { needShared, sharedPath } from '../../../../test/support/shared.js';
import { cli } from '../test-support/run-cli-capture.js';

const TENSOR = 'Pooling160_Output_0_reshape0';

describe('kenobi export / predict (mnist-8 from the mirror, by zoo id)', () => {
  const saved: Record<string, string | undefined> = {};
  let dir = '';
  before(function () {
    needShared(this, 'models/mnist-8.onnx');
    for (const k of ['KENOBI_MIRROR', 'KENOBI_OFFLINE', 'KENOBI_CACHE']) saved[k] = process.env[k];
    dir = mkdtempSync(join(tmpdir(), 'kenobi-export-'));
    process.env.KENOBI_MIRROR = sharedPath('models');
    process.env.KENOBI_OFFLINE = '1';
    process.env.KENOBI_CACHE = join(dir, 'cache');
    // two 28×28 digit-like PNGs in a folder per class
    for (const [cls, k] of [['zero', 0], ['one', 1]] as const) {
      mkdirSync(join(dir, 'data', cls), { recursive: true });
      const img = createRaster(28, 28, 1, new Uint8Array(28 * 28).map((_, i) => ((i % 28) * (k + 3) + Math.floor(i / 28) * 7) % 256));
      writeFileSync(join(dir, 'data', cls, `${cls}.png`), encodePng(img));
    }
  });
  after(() => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  });

  it('export --with-preprocessing writes one model; summary shows the head; predict equals the TS head (≤ 1e-4)', async function () {
    this.timeout(120_000);
    const head = linearHead({ inputs: 256, classes: 2, seed: 4 });
    const headPath = join(dir, 'head.kenobi');
    writeFileSync(headPath, saveModel(head, { classes: ['zero', 'one'], tensor: TENSOR }));
    const out = join(dir, 'merged.onnx');
    const r = await cli('export', '--model', 'mnist-8', '--head', headPath, '--with-preprocessing', '-o', out, '--json');
    expect(r.code, r.err).to.equal(0);
    const result = JSON.parse(r.out);
    expect(result.inputs).to.deep.equal(['pixels']);
    expect(result.outputs).to.deep.equal(['probabilities', 'features']);
    expect(result.info.classes).to.deep.equal(['zero', 'one']);
    expect(result.info.backbone).to.include({ id: 'mnist-8', tensor: TENSOR });

    const s = await cli('summary', out);
    expect(s.code, s.err).to.equal(0);
    expect(s.out).to.contain('kenobi_head/logits (Gemm)').and.contain('kenobi_pre/normalise');

    const p = await cli('predict', '--model', out, '--data', join(dir, 'data'), '--json');
    expect(p.code, p.err).to.equal(0);
    const preds = JSON.parse(p.out).predictions as { id: string; label: string; values: number[] }[];
    expect(preds.map((x) => x.label).sort()).to.deep.equal(['one', 'zero']);
    // the same images through the cut backbone + TS head
    const cut = await createSession(encodeModel(cutAtTensor(loadModelFile(sharedPath('models/mnist-8.onnx')), TENSOR)), { device: 'cpu' });
    try {
      for (const pred of preds) {
        const png = decodePng(new Uint8Array(readFileSync(join(dir, 'data', pred.label, `${pred.label}.png`))));
        const x = toModelInput(png, { inputSize: [28, 28], channels: 1, resize: 'exact', crop: 'none', scale: '0-1', mean: [0], std: [1], channelOrder: 'RGB', layout: 'NCHW' });
        const f = Object.values(await cut.run({ Input3: { data: x.data, dims: [1, 1, 28, 28] } }))[0]!.data as Float32Array;
        const want = probabilities(head.predict(matrix(1, 256, f))).data[0]!;
        expect(pred.values[1]).to.be.closeTo(want, 1e-4);
        expect(pred.values[0]).to.be.closeTo(1 - want, 1e-4);
      }
    } finally {
      await cut.dispose();
    }

    const csv = await cli('predict', '--model', out, '--data', join(dir, 'data', 'one', 'one.png'), '--csv', '--device', 'wasm');
    expect(csv.code, csv.err).to.equal(0);
    expect(csv.out.split('\n')[0]).to.equal('id,class,probability,p_zero,p_one');
    expect(Number(csv.out.split('\n')[1]!.split(',')[4])).to.be.closeTo(preds.find((x) => x.label === 'one')!.values[1]!, 1e-4);
  });

  it('predict --model head.kenobi runs a head trained on features on the backbone they came from, as its export does', async function () {
    this.timeout(120_000);
    const head = linearHead({ inputs: 256, classes: 2, seed: 5 });
    // what kenobi train --features records: the feature store's model and tensor
    const recorded = join(dir, 'recorded.kenobi'), bare = join(dir, 'bare.kenobi'), merged = join(dir, 'recorded.onnx');
    writeFileSync(recorded, saveModel(head, { classes: ['zero', 'one'], features: { model: { id: 'mnist-8' }, tensor: TENSOR } }));
    writeFileSync(bare, saveModel(head, { classes: ['zero', 'one'], tensor: TENSOR }));
    expect((await cli('export', '--head', recorded, '--with-preprocessing', '-o', merged)).code).to.equal(0);
    const values = async (...args: string[]): Promise<number[][]> => {
      const r = await cli('predict', ...args, '--data', join(dir, 'data'), '--json');
      expect(r.code, r.err).to.equal(0);
      return (JSON.parse(r.out).predictions as { id: string; values: number[] }[]).sort((a, b) => a.id.localeCompare(b.id)).map((x) => x.values);
    };
    const fromFile = await values('--model', merged);
    expect(await values('--model', recorded)).to.deep.equal(fromFile);
    expect(await values('--model', bare, '--backbone', 'mnist-8')).to.deep.equal(fromFile);
    const missing = await cli('predict', '--model', bare, '--data', join(dir, 'data'));
    expect(missing.code).to.equal(2);
    expect(missing.err).to.match(/bare\.kenobi is a head trained on features and does not record their model: name it with --backbone/);
  });

  it('summary and cut accept a zoo id (resolved from the mirror)', async function () {
    this.timeout(60_000);
    const s = await cli('summary', 'mnist-8');
    expect(s.code, s.err).to.equal(0);
    expect(s.out).to.contain('Total params: 5,994');
    const c = await cli('cut', 'mnist-8', '--at', 'auto', '-o', join(dir, 'cut.onnx'), '--json');
    expect(c.code, c.err).to.equal(0);
    expect(JSON.parse(c.out).tensor).to.equal(TENSOR);
    const bad = await cli('summary', 'mnist-9');
    expect(bad.code).to.equal(1);
    expect(bad.err).to.contain('mnist-8');
  });

  it('export --mc-dropout and predict --samples give mean ± std; bad arguments give one line', async function () {
    this.timeout(120_000);
    const head = mlpHead({ inputs: 256, hidden: 32, dropout: 0.5, classes: 2, seed: 2 });
    const headPath = join(dir, 'mc.kenobi');
    writeFileSync(headPath, saveModel(head, { classNames: ['zero', 'one'] }));
    const out = join(dir, 'mc.onnx');
    const r = await cli('export', '--model', 'mnist-8', '--layer', TENSOR, '--head', headPath, '--mc-dropout', '-o', out);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.contain('MC-dropout: random mask');
    expect(readFileSync(out).length).to.be.greaterThan(20_000);
    expect(decodeModel(readFileSync(out)).graph!.node!.some((n) => n.op_type === 'RandomUniformLike')).to.equal(true);
    const p = await cli('predict', '--model', out, '--data', join(dir, 'data'), '--samples', '8', '--json');
    expect(p.code, p.err).to.equal(0);
    const preds = JSON.parse(p.out).predictions as { std: number; stds: number[] }[];
    expect(preds).to.have.length(2);
    expect(Math.max(...preds.map((x) => x.std))).to.be.greaterThan(0);

    const det = await cli('predict', '--model', join(dir, 'merged.onnx'), '--data', join(dir, 'data'), '--samples', '3');
    expect(det.code).to.equal(2);
    expect(det.err).to.match(/--mc-dropout/);
    const missing = await cli('export', '--model', 'mnist-8', '-o', out);
    expect(missing.code).to.equal(2);
    expect(missing.err.trim().split('\n')).to.have.length(1);
  });
});
