import { expect } from 'chai';
import { isKenobiError, SeededRandom } from '@kenobi/core';
import { makeLuptonRgb, toModelInput, type PreprocessingConfig, type Raster } from '@kenobi/imaging';
import { checkImagePreprocessing, prepareImage } from './image-preprocessing.js';
import { formatLuptonStretch, isLuptonStretch, luptonStretchFromNoise, parseLuptonStretch } from './lupton-preprocessing.js';

const CONFIG: PreprocessingConfig = {
  inputSize: [24, 24], resize: 'exact', crop: 'none', scale: '0-1', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB', layout: 'NCHW',
};

/** A sky-subtracted band in counts: Gaussian noise (σ = `sigma`) plus a Gaussian blob of peak `peak`. */
function band(rng: SeededRandom, size: number, peak: number, sigma = 10): Raster<Float32Array> {
  const data = new Float32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const r2 = (x - size / 2) ** 2 + (y - size / 2 + 3) ** 2;
    data[y * size + x] = peak * Math.exp(-r2 / 18) + sigma * rng.normal();
  }
  return { width: size, height: size, channels: 1, data };
}

describe('Lupton RGB preprocessing', () => {
  const rng = new SeededRandom(7);
  const [g, r, i] = [band(rng, 32, 80), band(rng, 32, 200), band(rng, 32, 400)];

  it('prepareImage with lupton equals makeLuptonRgb(i, r, g) then toModelInput', () => {
    const spec = 'lupton:stretch=100,Q=8,minimum=0';
    const got = prepareImage([g, r, i], ['g', 'r', 'i'], { config: CONFIG, stretch: spec, tta: 'none' });
    const want = toModelInput(makeLuptonRgb(i, r, g, { stretch: 100, Q: 8, minimum: 0 }), CONFIG).data;
    expect(got.length).to.equal(3 * 24 * 24);
    expect(Array.from(got)).to.deep.equal(Array.from(want));
    // and it is not the per-band asinh path, nor the composite in the wrong band order
    const asinh = prepareImage([g, r, i], ['g', 'r', 'i'], { config: CONFIG, stretch: 'asinh', interval: 'percentile:99.5', tta: 'none' });
    expect(Array.from(asinh)).to.not.deep.equal(Array.from(want));
    const swapped = toModelInput(makeLuptonRgb(g, r, i, { stretch: 100, Q: 8 }), CONFIG).data;
    expect(Array.from(got)).to.not.deep.equal(Array.from(swapped));
  });

  it('follows an explicit band order and the astropy defaults for a bare lupton', () => {
    const got = prepareImage([g, r, i], ['g', 'r', 'i'], { config: CONFIG, stretch: 'lupton', bandOrder: ['g', 'r', 'i'], tta: 'none' });
    const want = toModelInput(makeLuptonRgb(g, r, i), CONFIG).data;
    expect(Array.from(got)).to.deep.equal(Array.from(want));
  });

  it('reads and writes the stretch text', () => {
    expect(isLuptonStretch('lupton')).to.equal(true);
    expect(isLuptonStretch('asinh')).to.equal(false);
    expect(parseLuptonStretch('lupton')).to.deep.equal({ minimum: 0, stretch: 5, Q: 8 });
    expect(parseLuptonStretch('lupton:Q=10, stretch=0.5,minimum=-2')).to.deep.equal({ minimum: -2, stretch: 0.5, Q: 10 });
    expect(parseLuptonStretch(formatLuptonStretch({ stretch: 120, Q: 9 }))).to.deep.equal({ minimum: 0, stretch: 120, Q: 9 });
    for (const badSpec of ['lupton:stretch=0', 'lupton:Q=x', 'lupton:alpha=1', 'lupton:stretch']) {
      expect(() => parseLuptonStretch(badSpec), badSpec).to.throw().that.satisfies((e: unknown) => isKenobiError(e) && e.code === 'features/bad-option');
    }
  });

  it('is checked up front: no interval with it, three bands at run time', () => {
    expect(() => checkImagePreprocessing({ config: CONFIG, stretch: 'lupton:stretch=50', tta: 'none' })).to.not.throw();
    expect(() => checkImagePreprocessing({ config: CONFIG, stretch: 'lupton', interval: 'zscale', tta: 'none' })).to.throw(/drop the interval/);
    expect(() => checkImagePreprocessing({ config: CONFIG, stretch: 'lupton:Q=-1', tta: 'none' })).to.throw(/Q must be > 0/);
    expect(() => prepareImage([g, r], ['g', 'r'], { config: CONFIG, stretch: 'lupton', tta: 'none' })).to.throw(/three bands/);
  });

  it('chooses the stretch as 30 × the robust noise of the mean intensity', () => {
    const noise = (sigma: number): Raster[] => {
      const b = band(rng, 64, 0, sigma);
      return [b, b, b]; // identical bands: the intensity noise is sigma itself
    };
    const s = luptonStretchFromNoise([noise(10), noise(10), noise(10), noise(40)]);
    expect(s).to.be.within(270, 330);
    expect(() => luptonStretchFromNoise([])).to.throw(/cannot choose a Lupton stretch/);
  });
});
