import { expect } from 'chai';
import type { PreprocessingConfig } from '@kenobi/imaging';
import { bandCountProblem, type ImagePreprocessing } from './image-preprocessing.js';

const config = (channels: number): PreprocessingConfig => ({
  inputSize: [8, 8], channels, resize: 'exact', crop: 'none', scale: '0-1', mean: Array(channels).fill(0), std: Array(channels).fill(1), channelOrder: 'RGB', layout: 'NCHW',
});
const prep = (channels: number, more: Partial<ImagePreprocessing> = {}): ImagePreprocessing => ({ config: config(channels), tta: 'none', ...more });

describe('pipeline/image-preprocessing: the bands of a catalog against the model\'s channels, before any image is read', () => {
  it('refuses bands that cannot fill the channels in their own order, naming a band order that would', () => {
    expect(bandCountProblem(['g', 'r'], prep(3))).to.equal('2 bands (g, r) for a model of 3 channels: give a band order naming the band of each channel (--band-order g,r,r, bandOrder in the API), or the bands the model takes (--bands)');
    expect(bandCountProblem(['u', 'g', 'r', 'z'], prep(3))).to.match(/^4 bands \(u, g, r, z\) for a model of 3 channels: .*--band-order u,g,r/);
    expect(bandCountProblem(['g', 'r', 'i'], prep(1))).to.match(/^3 bands .* of 1 channel: .*--band-order g,/);
  });

  it('accepts the same count, a band order, a Lupton composite, g, r, i among more for 3 channels, and band-less images', () => {
    expect(bandCountProblem(['g', 'r'], prep(2))).to.equal(undefined);
    expect(bandCountProblem(['g', 'r'], prep(3, { bandOrder: ['r', 'g', 'g'] }))).to.equal(undefined);
    expect(bandCountProblem(['g', 'r', 'i', 'z'], prep(3, { stretch: 'lupton' }))).to.equal(undefined);
    expect(bandCountProblem(['g', 'r', 'i', 'z'], prep(3))).to.equal(undefined);
    expect(bandCountProblem([], prep(3))).to.equal(undefined);
    expect(bandCountProblem(['r'], prep(3))).to.equal(undefined);
  });
});
