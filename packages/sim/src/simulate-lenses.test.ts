import { expect } from 'chai';
import { catalogCsv } from './catalog-csv.js';
import { observation } from './observation.js';
import { addPoissonNoise, poisson } from './poisson-noise.js';
import { simulateLensBatch, simulateLensCutout } from './simulate-lenses.js';
import { SeededRandom } from '@kenobi/core';

describe('simulated lens set', function () {
  this.timeout(120_000);

  it('is deterministic: the same seed gives identical bytes, another seed different ones', () => {
    const a = simulateLensBatch(6, { size: 48, seed: 11 });
    const b = simulateLensBatch(6, { size: 48, seed: 11 });
    const c = simulateLensBatch(6, { size: 48, seed: 12 });
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).to.equal(true);
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(c.data.buffer))).to.equal(false);
    expect(a.cutouts).to.deep.equal(b.cutouts);
    // Cutout i does not depend on the ones before it.
    const alone = simulateLensCutout(4, { size: 48, seed: 11 });
    expect(Buffer.from(alone.data.buffer).equals(Buffer.from(a.data.buffer, 4 * 3 * 48 * 48 * 4, 3 * 48 * 48 * 4))).to.equal(true);
  });

  it('gives Float32 [bands, H, W] with sky-subtracted noise of the right size', () => {
    const obs = observation({ bands: ['r'] });
    const c = simulateLensCutout(0, { size: 64, seed: 3, observation: obs });
    expect(c.data).to.be.instanceOf(Float32Array);
    expect(c.data.length).to.equal(64 * 64);
    // The corners are sky: mean ≈ 0, variance ≈ sky counts (≈ 251 in r).
    const corner: number[] = [];
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) corner.push(c.data[i * 64 + j]!);
    const mean = corner.reduce((s, v) => s + v, 0) / corner.length;
    const variance = corner.reduce((s, v) => s + (v - mean) ** 2, 0) / (corner.length - 1);
    expect(Math.abs(mean)).to.be.lessThan(10);
    expect(variance).to.be.within(150, 420);
  });

  it('labels make sense: lenses have more, and bluer, light in an annulus around θ_E than non-lenses', () => {
    const n = 80;
    const obs = observation({ noise: false });
    const { data, cutouts } = simulateLensBatch(n, { size: 64, seed: 5, observation: obs });
    const lensesFound = cutouts.filter((c) => c.label === 'lens').length;
    expect(lensesFound).to.be.within(25, 55);
    const stats = { lens: { frac: 0, colour: 0, n: 0 }, 'non-lens': { frac: 0, colour: 0, n: 0 } };
    for (const c of cutouts) {
      const thetaE = c.label === 'lens' ? c.thetaE : 0.8 + 1.7 * ((c.index * 0.618) % 1); // same θ_E range
      const rPix = thetaE / obs.pixelScale;
      let ring = [0, 0, 0];
      let total = [0, 0, 0];
      for (let b = 0; b < 3; b++) {
        for (let i = 0; i < 64; i++) {
          for (let j = 0; j < 64; j++) {
            const v = data[((c.index * 3 + b) * 64 + i) * 64 + j]!;
            const r = Math.hypot(j - 31.5, i - 31.5);
            total[b] += v;
            if (r > 0.75 * rPix && r < 1.25 * rPix) ring[b] += v;
          }
        }
      }
      const s = stats[c.label];
      s.frac += ring[0]! / total[0]!; // g band, where the lens galaxy is faint and arcs bright
      s.colour += -2.5 * Math.log10(ring[0]! / ring[1]!); // g − r in the annulus
      s.n++;
      ring = [0, 0, 0];
      total = [0, 0, 0];
    }
    const lens = { frac: stats.lens.frac / stats.lens.n, colour: stats.lens.colour / stats.lens.n };
    const non = { frac: stats['non-lens'].frac / stats['non-lens'].n, colour: stats['non-lens'].colour / stats['non-lens'].n };
    expect(lens.frac, `annulus g fraction lens ${lens.frac} vs ${non.frac}`).to.be.greaterThan(non.frac);
    expect(lens.colour, `annulus g−r lens ${lens.colour} vs ${non.colour}`).to.be.lessThan(non.colour);
    // Regression targets are present where they apply.
    for (const c of cutouts) {
      if (c.label === 'lens') {
        expect(c.thetaE).to.be.within(0.8, 2.5);
        expect(c.magnification).to.be.greaterThan(1);
        expect(c.sourceMagnitude.g).to.be.lessThan(c.lensMagnitude.g + 10);
      } else {
        expect(c.thetaE).to.equal(0);
        expect(Number.isNaN(c.sourceMagnitude.r)).to.equal(true);
      }
    }
  });

  it('writes a catalog CSV with a header and one row per cutout', () => {
    const { cutouts } = simulateLensBatch(3, { size: 32, seed: 1 });
    const csv = catalogCsv(cutouts.map((c, k) => ({ ...c, id: `sim${k}`, paths: { g: `g/sim${k}.fits`, r: `r/sim${k}.fits`, i: `i/sim${k}.fits` } })), ['g', 'r', 'i']);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).to.equal('id,label,is_lens,kind,theta_e_arcsec,magnification,companions,source_mag_g,source_mag_r,source_mag_i,lens_mag_g,lens_mag_r,lens_mag_i,path_g,path_r,path_i');
    expect(lines).to.have.length(4);
    for (const line of lines.slice(1)) expect(line.split(',')).to.have.length(16);
  });

  it('draws Poisson deviates with the right mean and variance (inversion and normal regimes)', () => {
    const rng = new SeededRandom(9);
    for (const lambda of [0.7, 4.5, 250]) {
      let s = 0, s2 = 0;
      const n = 20000;
      for (let k = 0; k < n; k++) { const v = poisson(rng, lambda); s += v; s2 += v * v; }
      const mean = s / n;
      const variance = s2 / n - mean * mean;
      expect(mean).to.be.closeTo(lambda, 4 * Math.sqrt(lambda / n));
      expect(variance).to.be.closeTo(lambda, 0.05 * lambda + 0.05);
    }
  });

  it('adds sky + source Poisson noise with the right mean, variance and shape (the image-noise fast path)', () => {
    const rng = new SeededRandom(21);
    for (const [signal, sky] of [[0, 250], [60, 100], [5, 10]] as const) {
      const n = 40000;
      const image = addPoissonNoise(new Float32Array(n).fill(signal), sky, rng);
      let s = 0, s2 = 0, within = 0;
      const lambda = signal + sky;
      for (const v of image) { s += v; s2 += v * v; if (Math.abs(v - signal) <= Math.sqrt(lambda)) within++; }
      const mean = s / n;
      expect(mean).to.be.closeTo(signal, 4 * Math.sqrt(lambda / n));
      expect(s2 / n - mean * mean).to.be.closeTo(lambda, 0.04 * lambda);
      if (lambda >= 100) expect(within / n).to.be.closeTo(0.683, 0.015); // Gaussian-like: 68% within 1σ
    }
  });
});
