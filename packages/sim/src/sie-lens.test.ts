import { expect } from 'chai';
import { pixelGrid } from './pixel-grid.js';
import { renderLensedSurfaceBrightness, sersicSupportRadius } from './render-lensed.js';
import { renderSurfaceBrightness } from './render-surface-brightness.js';
import { sersicSurfaceBrightness } from './sersic-profile.js';
import type { SieLens } from './sie-lens.js';
import { lensedSurfaceBrightness, sieConvergence, sieDeflection, sieDeflectionBound } from './sie-lens.js';

const sis = (thetaE: number): SieLens => ({ thetaE, q: 1, angle: 0, x: 0, y: 0, gamma1: 0, gamma2: 0 });

function sum(a: Float32Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}

describe('SIE lens', () => {
  it('the deflection is a gradient field with ∇·α = 2κ (finite differences, several q and angles)', () => {
    const h = 1e-5;
    const out = new Float64Array(2);
    for (const lens of [
      { thetaE: 1.3, q: 0.6, angle: 25, x: 0.1, y: -0.2, gamma1: 0, gamma2: 0 },
      { thetaE: 0.8, q: 0.35, angle: -70, x: 0, y: 0, gamma1: 0, gamma2: 0 },
      { thetaE: 2, q: 0.95, angle: 120, x: 0, y: 0, gamma1: 0, gamma2: 0 },
    ]) {
      const alpha = sieDeflection(lens);
      const at = (x: number, y: number): [number, number] => { alpha(x, y, out); return [out[0]!, out[1]!]; };
      for (const [x, y] of [[0.7, 0.3], [-1.2, 0.9], [0.2, -1.7], [2.5, 2.1]] as const) {
        const div = (at(x + h, y)[0] - at(x - h, y)[0] + at(x, y + h)[1] - at(x, y - h)[1]) / (2 * h);
        const curl = (at(x, y + h)[0] - at(x, y - h)[0] - (at(x + h, y)[1] - at(x - h, y)[1])) / (2 * h);
        const kappa = sieConvergence(lens, x, y);
        expect(div / 2, `κ at (${x}, ${y}) q=${lens.q}`).to.be.closeTo(kappa, 1e-5 * Math.max(1, kappa));
        expect(Math.abs(curl)).to.be.lessThan(1e-5);
      }
    }
  });

  it('tends to the SIS as q → 1, and adds the external shear linearly', () => {
    const out = new Float64Array(2);
    sieDeflection({ ...sis(1.5), q: 0.99999 })(0.6, 0.8, out);
    expect(out[0]).to.be.closeTo(1.5 * 0.6, 1e-4);
    expect(out[1]).to.be.closeTo(1.5 * 0.8, 1e-4);
    sieDeflection({ ...sis(1.5), gamma1: 0.05, gamma2: -0.02 })(3, 4, out);
    expect(out[0]).to.be.closeTo(1.5 * 0.6 + 0.05 * 3 - 0.02 * 4, 1e-12);
    expect(out[1]).to.be.closeTo(1.5 * 0.8 - 0.02 * 3 - 0.05 * 4, 1e-12);
  });

  it('conserves surface brightness: each pixel (1 sample) equals the source at the deflected position', () => {
    const lens: SieLens = { thetaE: 1.2, q: 0.7, angle: 35, x: 0.05, y: 0, gamma1: 0.03, gamma2: -0.02 };
    const source = sersicSurfaceBrightness({ x: 0.15, y: 0.1, re: 0.3, n: 1.5, q: 0.8, angle: 10, flux: 1 });
    const grid = pixelGrid(48, 48, 0.263);
    const img = renderSurfaceBrightness(lensedSurfaceBrightness(source, sieDeflection(lens)), grid, { supersample: 1 });
    const alpha = sieDeflection(lens);
    const out = new Float64Array(2);
    let checked = 0;
    for (let i = 0; i < grid.height; i += 3) {
      for (let j = 0; j < grid.width; j += 3) {
        const x = (j - (grid.width - 1) / 2) * grid.pixelScale;
        const y = (i - (grid.height - 1) / 2) * grid.pixelScale;
        alpha(x, y, out);
        const expected = source(x - out[0]!, y - out[1]!) * grid.pixelScale ** 2;
        expect(img[i * grid.width + j]!).to.be.closeTo(expected, 1e-6 * Math.max(1e-3, expected));
        checked++;
      }
    }
    expect(checked).to.equal(256);
    // …and the peak surface brightness is not changed by lensing, only the area it covers.
    let peak = 0;
    for (const v of img) peak = Math.max(peak, v);
    expect(peak / grid.pixelScale ** 2).to.be.at.most(source(0.15, 0.1) * (1 + 1e-6));
  });

  for (const betaOverThetaE of [0.3, 0.5]) {
    it(`total lensed flux = magnification × source flux for a small source (SIS, β = ${betaOverThetaE} θ_E: μ = 2θ_E/β)`, () => {
      const thetaE = 1.5;
      const beta = betaOverThetaE * thetaE;
      const shape = { x: beta * Math.cos(0.4), y: beta * Math.sin(0.4), re: 0.03, n: 1, q: 1, angle: 0 };
      const grid = pixelGrid(64, 64, 0.1);
      const img = renderLensedSurfaceBrightness(sersicSurfaceBrightness({ ...shape, flux: 1 }), { x: shape.x, y: shape.y, radius: sersicSupportRadius(shape) }, sieDeflection(sis(thetaE)), grid);
      const mu = (2 * thetaE) / beta;
      expect(Math.abs(sum(img) - mu) / mu).to.be.lessThan(0.01);
    });
  }

  it('a circular source centred behind an SIS makes a ring at θ_E (measured from the image, within half a pixel)', () => {
    const thetaE = 1.6;
    const grid = pixelGrid(64, 64, 0.263);
    const shape = { x: 0, y: 0, re: 0.15, n: 1, q: 1, angle: 0 };
    const img = renderLensedSurfaceBrightness(sersicSurfaceBrightness({ ...shape, flux: 1 }), { x: 0, y: 0, radius: sersicSupportRadius(shape) }, sieDeflection(sis(thetaE)), grid);
    // Azimuthally averaged profile in bins of 0.1 pixel; the ring radius is its peak (parabola-refined).
    const binsPerPixel = 10;
    const nBins = 32 * binsPerPixel;
    const flux = new Float64Array(nBins);
    const count = new Float64Array(nBins);
    for (let i = 0; i < 64; i++) {
      for (let j = 0; j < 64; j++) {
        const r = Math.hypot(j - 31.5, i - 31.5);
        const b = Math.floor(r * binsPerPixel);
        if (b < nBins) { flux[b] += img[i * 64 + j]!; count[b]++; }
      }
    }
    // Smooth over ±0.5 pixel (pixel centres fall on few exact radii).
    const mean = Array.from(flux, (_, b) => {
      let f = 0, c = 0;
      for (let k = Math.max(0, b - 5); k <= Math.min(nBins - 1, b + 5); k++) { f += flux[k]!; c += count[k]!; }
      return c > 0 ? f / c : 0;
    });
    let best = 0;
    for (let b = 1; b < nBins - 1; b++) if (mean[b]! > mean[best]!) best = b;
    const [a, m, c] = [mean[best - 1]!, mean[best]!, mean[best + 1]!];
    const offset = a - 2 * m + c === 0 ? 0 : (0.5 * (a - c)) / (a - 2 * m + c);
    const ringPixels = (best + 0.5 + offset) / binsPerPixel;
    expect(Math.abs(ringPixels - thetaE / grid.pixelScale), `ring at ${ringPixels} px, θ_E = ${thetaE / grid.pixelScale} px`).to.be.lessThan(0.5);
    // It is a ring: light all around, not a few images.
    const quadrants = [0, 0, 0, 0];
    for (let i = 0; i < 64; i++) for (let j = 0; j < 64; j++) quadrants[(i < 32 ? 0 : 2) + (j < 32 ? 0 : 1)] += img[i * 64 + j]!;
    for (const q of quadrants) expect(q / sum(img)).to.be.closeTo(0.25, 0.01);
  });
});

describe('sieDeflectionBound and culled ray shooting', () => {
  const lenses: SieLens[] = [
    { thetaE: 1.5, q: 1, angle: 0, x: 0, y: 0, gamma1: 0, gamma2: 0 },
    { thetaE: 1.2, q: 0.5, angle: 35, x: 0.2, y: -0.1, gamma1: 0.05, gamma2: -0.03 },
    { thetaE: 2.0, q: 0.2, angle: -70, x: -0.3, y: 0.4, gamma1: -0.1, gamma2: 0.08 },
  ];

  it('bounds the SIE deflection everywhere (shear removed)', () => {
    for (const lens of lenses) {
      const { maxDeflection } = sieDeflectionBound(lens);
      const alpha = new Float64Array(2);
      const deflect = sieDeflection(lens);
      let largest = 0;
      for (let k = 0; k < 20_000; k++) {
        const r = 10 * Math.pow((k % 97) / 97 + 1e-3, 2), phi = k * 2.399963;
        const x = lens.x + r * Math.cos(phi), y = lens.y + r * Math.sin(phi);
        deflect(x, y, alpha);
        const dx = x - lens.x, dy = y - lens.y;
        const ax = alpha[0]! - (lens.gamma1 * dx + lens.gamma2 * dy), ay = alpha[1]! - (lens.gamma2 * dx - lens.gamma1 * dy);
        largest = Math.max(largest, Math.hypot(ax, ay));
      }
      expect(largest).to.be.at.most(maxDeflection * (1 + 1e-9));
      expect(largest).to.be.above(0.7 * maxDeflection); // and it is not loose (the two maxima are not reached together)
    }
  });

  it('culling with the bound gives the same image as ray-tracing every corner', () => {
    const grid = pixelGrid(70, 70, 0.263);
    for (const lens of lenses) {
      for (const src of [{ x: 0.1, y: 0.05, re: 0.2, n: 1, q: 0.7, angle: 20 }, { x: -0.6, y: 0.3, re: 0.4, n: 2, q: 0.9, angle: 0 }]) {
        const sb = sersicSurfaceBrightness({ ...src, flux: 1 });
        const support = { x: src.x, y: src.y, radius: sersicSupportRadius(src), scale: src.re * src.q };
        const all = renderLensedSurfaceBrightness(sb, support, sieDeflection(lens), grid, { tolerance: 1e-2, maxDepth: 2 });
        const culled = renderLensedSurfaceBrightness(sb, support, sieDeflection(lens), grid, { tolerance: 1e-2, maxDepth: 2, bound: sieDeflectionBound(lens) });
        let lit = 0;
        for (let k = 0; k < all.length; k++) if (all[k] !== 0) lit++;
        expect(lit).to.be.above(20);
        expect(Array.from(culled)).to.deep.equal(Array.from(all));
      }
    }
  });
});
