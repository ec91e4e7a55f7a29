/**
 * Cross-package: a Lupton stretch recorded at export reaches `kenobi predict` and the web app, and both
 * prepare a g, r, i image exactly as feature extraction did (`prepareImage` of @kenobi/features).
 */
import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import { prepareImage } from '@kenobi/features';
import { makeLuptonRgb, extractChannel, type Raster } from '@kenobi/imaging';
import { exportModel, mlpHead, readExportInfo, type GraphPreprocessing } from '@kenobi/learn';
import { GraphBuilder } from '@kenobi/onnx';
import { prepareModelInput, readModelInfo, stretchedPlanes } from '@kenobi/web';
import { pixelPipeline } from '../../packages/cli/src/commands/predict-run.js';

const LUPTON = 'lupton:stretch=60,Q=8,minimum=0';

function tinyLuptonModel() {
  const b = new GraphBuilder({ name: 'tiny', seed: 3 });
  const x = b.input('input', 'float32', ['N', 3, 16, 16]);
  const pooled = b.flatten(b.globalAveragePool(b.relu(b.conv(x, { outChannels: 4, kernel: 3, pad: 1, bias: true, name: 'conv' }))), { name: 'pooled' });
  b.output(pooled);
  const preprocessing = {
    inputSize: [16, 16], resize: 'exact', crop: 'none', scale: '0-1', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB', layout: 'NCHW',
  } as unknown as GraphPreprocessing;
  return exportModel({
    backbone: b.build(), tensor: 'pooled', pool: 'none', head: mlpHead({ inputs: 4, hidden: [4], classes: 2, seed: 1 }), classes: ['non-lens', 'lens'], preprocessing,
    imageStretch: { stretch: LUPTON, bandOrder: ['i', 'r', 'g'] },
  });
}

function band(rng: SeededRandom, peak: number): Raster<Float32Array> {
  const data = Float32Array.from({ length: 16 * 16 }, (_, k) => peak * Math.exp(-(((k % 16) - 8) ** 2 + (Math.floor(k / 16) - 7) ** 2) / 10) + 8 * rng.normal());
  return { width: 16, height: 16, channels: 1, data };
}

describe('Lupton RGB from export to predict and the web app', () => {
  const model = tinyLuptonModel();
  const rng = new SeededRandom(2);
  const [g, r, i] = [band(rng, 60), band(rng, 150), band(rng, 300)];

  it('records the stretch in the model, and predict and the web app read it back', () => {
    expect(readExportInfo(model).image).to.deep.equal({ stretch: LUPTON, bandOrder: ['i', 'r', 'g'] });
    const web = readModelInfo(model).preparation;
    expect(web.stretch).to.equal(LUPTON);
    expect(web.interval).to.equal(undefined);
    expect(pixelPipeline(readExportInfo(model), {}).stretch).to.equal(LUPTON);
  });

  it('the web app and predict give the input prepareImage gives, i.e. makeLuptonRgb(i, r, g) as raw pixels', () => {
    const web = readModelInfo(model).preparation;
    const viaWeb = prepareModelInput({ kind: 'bands', bands: [g, r, i], bandNames: ['g', 'r', 'i'] }, web).data;
    const viaPredict = prepareImage([g, r, i], ['g', 'r', 'i'], pixelPipeline(readExportInfo(model), {}));
    expect(Array.from(viaWeb)).to.deep.equal(Array.from(viaPredict));
    const rgb = makeLuptonRgb(i, r, g, { stretch: 60, Q: 8, minimum: 0 });
    // preprocessing is in the graph: the input is the 0–255 composite itself, NCHW
    expect(Array.from(viaWeb.subarray(0, 256))).to.deep.equal(Array.from(extractChannel(rgb, 0).data));
    expect(Array.from(viaWeb.subarray(512, 768))).to.deep.equal(Array.from(extractChannel(rgb, 2).data));
    expect(rgb.data.some((v) => v > 60)).to.equal(true);
  });

  it('the web app shows the composite the model sees', () => {
    const planes = stretchedPlanes({ kind: 'bands', bands: [g, r, i], bandNames: ['g', 'r', 'i'] }, readModelInfo(model).preparation);
    const rgb = makeLuptonRgb(i, r, g, { stretch: 60, Q: 8 });
    expect(planes.length).to.equal(3);
    for (let c = 0; c < 3; c++) expect(Array.from(planes[c]!.data, (v) => Math.round(v * 255))).to.deep.equal(Array.from(extractChannel(rgb, c).data));
  });
});
