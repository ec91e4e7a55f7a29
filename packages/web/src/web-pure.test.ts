import { expect } from 'chai';
import { GraphBuilder, encodeModel } from '@kenobi/onnx';
import { bandOf, fileKind, groupImageFiles } from './images/image-files.js';
import { sampleStatistics } from './inference/mc-statistics.js';
import { resultsCsv } from './inference/results-csv.js';
import { readModelInfo } from './model/model-info.js';

describe('@kenobi/web pure parts', () => {
  it('tells FITS, PNG/JPEG and ONNX files apart by name, and finds g/r/i bands', () => {
    expect(['a.fits', 'b.FIT', 'c.fits.gz', 'd.fits.fz', 'e.png', 'f.JPEG', 'g.onnx', 'h.txt'].map(fileKind))
      .to.deep.equal(['fits', 'fits', 'fits', 'fits', 'raster', 'raster', 'onnx', undefined]);
    expect(bandOf('obj42_g.fits')).to.deep.equal({ stem: 'obj42', band: 'g' });
    expect(bandOf('obj42-I.fits.gz')).to.deep.equal({ stem: 'obj42', band: 'i' });
    expect(bandOf('M51.fits')).to.equal(undefined);
  });

  it('groups three g, r, i files into one image and keeps the rest apart', () => {
    const files = ['a_r.fits', 'a_g.fits', 'a_i.fits', 'b_g.fits', 'M51.fits', 'x.png', 'notes.txt'].map((name) => ({ name }));
    const { groups, ignored } = groupImageFiles(files);
    expect(ignored.map((f) => f.name)).to.deep.equal(['notes.txt']);
    const byId = Object.fromEntries(groups.map((g) => [g.id, g]));
    expect(byId.a!.bands).to.deep.equal(['g', 'r', 'i']);
    expect(byId.a!.files.map((f) => f.name)).to.deep.equal(['a_g.fits', 'a_r.fits', 'a_i.fits']);
    expect(Object.keys(byId).sort()).to.deep.equal(['M51.fits', 'a', 'b_g.fits', 'x.png']);
  });

  it('computes per-class mean and population std of MC samples', () => {
    const s = sampleStatistics([[0.2, 0.8], [0.4, 0.6]]);
    expect(s.samples).to.equal(2);
    expect(s.mean[0]).to.be.closeTo(0.3, 1e-12);
    expect(s.std[1]).to.be.closeTo(0.1, 1e-12);
    expect(sampleStatistics([[0.5, 0.5]]).std).to.deep.equal([0, 0]);
  });

  it('writes the batch CSV with quoting, std columns only with MC samples', () => {
    const plain = resultsCsv([{ id: 'a,b.fits', result: { mean: [0.1, 0.9], std: [0, 0], samples: 1 } }, { id: 'bad.fits', error: 'no image HDU' }], ['non-lens', 'lens']);
    expect(plain).to.equal('id,class,probability,p_non-lens,p_lens,error\r\n"a,b.fits",lens,0.9,0.1,0.9,\r\nbad.fits,,,,,no image HDU\r\n');
    const mc = resultsCsv([{ id: 'a', result: { mean: [0.25, 0.75], std: [0.05, 0.05], samples: 30 } }], ['x', 'y']);
    expect(mc.split('\r\n')[0]).to.equal('id,class,probability,p_x,p_y,std_x,std_y,samples,error');
    expect(mc.split('\r\n')[1]).to.equal('a,y,0.75,0.25,0.75,0.05,0.05,30,');
  });

  it('reads classes, preprocessing and MC-dropout from metadata, and guesses without it', () => {
    const b = new GraphBuilder({ seed: 1 });
    const x = b.input('image', 'float32', ['N', 1, 28, 28]);
    const f = b.flatten(b.globalAveragePool(b.conv(x, { outChannels: 4, kernel: 3 })));
    b.output(b.softmax(b.dense(b.dropout(f, { ratio: 0.5, trainingMode: true, name: 'mc' }), { units: 2 }), { name: 'probabilities' }));
    const model = b.build();
    const guessed = readModelInfo(encodeModel(model));
    expect(guessed.inputName).to.equal('image');
    expect(guessed.probabilityOutput).to.equal('probabilities');
    expect(guessed.mcDropoutNodes).to.have.length(1);
    expect(guessed.cpuOnlyOps).to.deep.equal(['Dropout']);
    expect(guessed.preparationFromMetadata).to.equal(false);
    expect(guessed.preparation.config.inputSize).to.deep.equal([28, 28]);
    expect(guessed.preparation.config.channels).to.equal(1);
    model.metadata_props = [
      { key: 'kenobi.classes', value: '["star","galaxy"]' },
      { key: 'kenobi.preprocessing', value: JSON.stringify({ config: { inputSize: [28, 28], channels: 1, resize: 'exact', crop: 'none', scale: '0-1', mean: [0.1307], std: [0.3081], channelOrder: 'RGB', layout: 'NCHW' }, interval: 'zscale', stretch: 'asinh' }) },
    ];
    const info = readModelInfo(encodeModel(model));
    expect(info.classes).to.deep.equal(['star', 'galaxy']);
    expect(info.preparationFromMetadata).to.equal(true);
    expect(info.preparation.interval).to.equal('zscale');
    expect(info.preparation.config.mean).to.deep.equal([0.1307]);
  });

  it('rejects a model without an image input with web/model', () => {
    const b = new GraphBuilder();
    b.output(b.relu(b.input('x', 'float32', ['N', 4])));
    expect(() => readModelInfo(encodeModel(b.build()))).to.throw(/image input \[N, C, H, W\]/).with.property('code', 'web/model');
  });
});
