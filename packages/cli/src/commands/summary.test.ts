import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeModel } from '@kenobi/onnx';
import { needShared } from '../../../../test/support/shared.js';
import { cli } from '../test-support/run-cli-capture.js';

describe('kenobi summary and cut', () => {
  it('summary prints Keras-style totals with exact shapes for a static model', async function () {
    const r = await cli('summary', needShared(this, 'models/mnist-8.onnx'));
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.contain('Total params: 5,994').and.contain('Pooling160 (MaxPool)').and.contain('[1, 16, 4, 4]').and.contain('exact');
  });

  it("summary of a Keras model.to_json() or a layer list prints Keras's summary (a list without an input shape needs --input-shape H,W,C)", async () => {
    const keras = join(import.meta.dirname, '../../../learn/fixtures/keras/seeds-cnn.keras3.json');
    const r = await cli('summary', keras);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.contain('conv2d (Conv2D)').and.contain('(None, 64, 64, 32)').and.contain('Total params: 2,332,513');
    const dir = mkdtempSync(join(tmpdir(), 'kenobi-summary-'));
    const list = join(dir, 'net.json');
    writeFileSync(list, JSON.stringify([{ type: 'conv2d', filters: 4, kernelSize: 3 }, { type: 'flatten' }, { type: 'dense', units: 1 }]));
    const missing = await cli('summary', list);
    expect([missing.code, missing.err]).to.satisfy(([code, err]: [number, string]) => code === 2 && /give --input-shape H,W,C/.test(err));
    const given = await cli('summary', list, '--input-shape', '8,8,1');
    expect(given.code, given.err).to.equal(0);
    expect(given.out).to.contain('Total params: 185'); // conv 4·(9 + 1) = 40, dense 6·6·4 + 1 = 145
  });

  it('summary --input-shape --json gives exact DenseNet shapes and Keras totals', async function () {
    const r = await cli('summary', needShared(this, 'models/densenet121-keras-imagenet.onnx'), '--input-shape', '1,3,224,224', '--json');
    expect(r.code, r.err).to.equal(0);
    const s = JSON.parse(r.out);
    expect(s.totalParams).to.equal(8_062_504);
    expect(s.nonTrainableParams).to.equal(83_648);
    expect(s.shapeSource).to.equal('probe');
    expect(s.rows.find((row: { output: string }) => row.output === 'conv5_block16_concat').shape).to.deep.equal([1, 1024, 7, 7]);
  });

  it('cut --at auto writes a feature extractor; bad input gives one line on stderr', async function () {
    const path = needShared(this, 'models/mnist-8.onnx');
    const dir = mkdtempSync(join(tmpdir(), 'kenobi-cli-'));
    const out = join(dir, 'features.onnx');
    const r = await cli('cut', path, '--at', 'auto', '-o', out, '--json');
    expect(r.code, r.err).to.equal(0);
    expect(JSON.parse(r.out)).to.include({ tensor: 'Pooling160_Output_0_reshape0', pool: 'none' });
    expect(decodeModel(readFileSync(out)).graph!.output!.map((o) => o.name)).to.deep.equal(['Pooling160_Output_0_reshape0']);
    // --out as every other command spells it, and the older --output
    const pooled = await cli('cut', path, '--at', 'Pooling160_Output_0', '--pool', 'max', '--out', out);
    expect((await cli('cut', path, '--at', 'auto', '--output', join(dir, 'b.onnx'))).code).to.equal(0);
    const both = await cli('cut', path, '--at', 'auto', '--out', out, '--output', join(dir, 'c.onnx'));
    expect([both.code, both.err]).to.satisfy(([code, err]: [number, string]) => code === 2 && /--out .* and --output .* differ/.test(err));
    expect(pooled.code, pooled.err).to.equal(0);
    expect(pooled.out).to.contain('[1, 16]');
    const unknown = await cli('cut', path, '--at', 'Pooling16O_Output_0', '-o', out);
    expect(unknown.code).to.equal(1);
    expect(unknown.err).to.match(/^kenobi: onnx\/unknown-tensor: .*'Pooling160_Output_0'/);
    expect(unknown.err.trim().split('\n')).to.have.length(1);
    writeFileSync(join(dir, 'notes.onnx'), 'just some text\n');
    const bad = await cli('summary', join(dir, 'notes.onnx'));
    expect(bad.code).to.equal(1);
    expect(bad.err).to.contain('onnx/not-onnx').and.contain('notes.onnx');
    expect((await cli('cut', path, '-o', out)).code).to.equal(2);
  });
});
