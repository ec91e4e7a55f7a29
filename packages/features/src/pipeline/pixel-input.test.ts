import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import { toModelInput, type PreprocessingConfig, type Raster } from '@kenobi/imaging';
import type { ImagePreprocessing } from './image-preprocessing.js';
import type { ItemFailure } from './item-failure.js';
import { joinItemInputs, pixelInputPossible, preparePixels } from './pixel-input.js';

const config: PreprocessingConfig = {
  inputSize: [6, 5], channels: 3, resize: 'exact', crop: 'none', scale: '0-1', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB', layout: 'NCHW',
};
const p: ImagePreprocessing = { config, tta: 'none' };
const rng = new SeededRandom(3);
const rgb = (w: number, h: number): Raster<Uint8Array> => ({ width: w, height: h, channels: 3, data: Uint8Array.from({ length: w * h * 3 }, () => rng.int(256)) });

describe('pipeline/pixel-input: 8-bit pixels instead of float32 model inputs', () => {
  it('is possible only for plain 3-channel preprocessing, and only 8-bit images give pixels', () => {
    expect(pixelInputPossible(p)).to.equal(true);
    expect(pixelInputPossible({ ...p, stretch: 'asinh' })).to.equal(false);
    expect(pixelInputPossible({ ...p, tta: 'averaged' })).to.equal(false);
    expect(pixelInputPossible({ ...p, bandOrder: ['i', 'r', 'g'] })).to.equal(false);
    expect(pixelInputPossible({ ...p, config: { ...config, channels: 1, mean: [0.5], std: [0.5] } })).to.equal(false);
    const px = preparePixels(rgb(9, 7), p)!;
    expect(px).to.be.instanceOf(Uint8Array).with.length(6 * 5 * 3);
    expect(preparePixels({ width: 6, height: 5, channels: 1, data: new Float32Array(30) }, p)).to.equal(undefined);
    expect(preparePixels([rgb(6, 5)], p)).to.equal(undefined);
  });

  it('joins pixels as uint8 when every item gave pixels, else as float32 with the pixel items normalised as toModelInput does', () => {
    const images = [rgb(9, 7), rgb(6, 5), rgb(12, 4)];
    const failure: ItemFailure = { row: 3, id: 'c', path: 'c.png', code: 'features/unreadable-item', error: 'bad' };
    const all = joinItemInputs([preparePixels(images[0]!, p)!, failure, preparePixels(images[1]!, p)!], p);
    expect(all.data).to.be.instanceOf(Uint8Array).with.length(2 * 90);
    expect([all.ok, all.failures]).to.deep.equal([[0, 2], [failure]]);
    const float = toModelInput(images[2]!, config).data;
    const mixed = joinItemInputs([preparePixels(images[0]!, p)!, float, preparePixels(images[1]!, p)!], p);
    expect(mixed.data).to.be.instanceOf(Float32Array);
    const want = toModelInput([images[0]!, images[2]!, images[1]!], config).data;
    expect(Array.from(mixed.data)).to.deep.equal(Array.from(want));
  });
});
