import { expect } from 'chai';
import { pixelGrid } from './pixel-grid.js';
import { renderSurfaceBrightness } from './render-surface-brightness.js';
import { sersicBn } from './sersic-bn.js';
import { sersicEnclosedFlux, sersicIe, sersicSurfaceBrightness, sersicTotalFlux } from './sersic-profile.js';
import { spiralDiscSurfaceBrightness } from './spiral-arms.js';
import { regularizedGammaP } from './gamma-function.js';
import { isKenobiError } from '@kenobi/core';

function sum(a: Float32Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}

describe('Sérsic profile', () => {
  it('b_n solves P(2n, b_n) = 1/2 and matches published values', () => {
    expect(sersicBn(0.5)).to.be.closeTo(Math.LN2, 1e-12); // Gaussian: b = ln 2
    expect(sersicBn(1)).to.be.closeTo(1.678346990016661, 1e-10);
    expect(sersicBn(4)).to.be.closeTo(7.669249442500, 1e-9);
    for (const n of [0.3, 1.7, 2.5, 6, 10]) expect(regularizedGammaP(2 * n, sersicBn(n))).to.be.closeTo(0.5, 1e-12);
    // Ciotti & Bertin's asymptotic series agrees to ~1e-6 for n >= 1.
    expect(sersicBn(3)).to.be.closeTo(2 * 3 - 1 / 3 + 4 / (405 * 3) + 46 / (25515 * 9), 1e-5);
  });

  it('normalises by I_e: the analytic total of an exponential disc is 2π e^b h² I_e-equivalent', () => {
    // n = 1: L = 2π q re² Ie e^b / b² (Γ(2) = 1).
    const b = sersicBn(1);
    expect(sersicTotalFlux(2, 1.5, 1, 0.6)).to.be.closeTo((2 * Math.PI * 0.6 * 2.25 * 2 * Math.exp(b)) / (b * b), 1e-9);
    expect(sersicIe(sersicTotalFlux(3, 0.7, 4, 0.5), 0.7, 4, 0.5)).to.be.closeTo(3, 1e-12);
    const sb = sersicSurfaceBrightness({ x: 0, y: 0, re: 1.2, n: 2.5, q: 0.6, angle: 40, flux: 10 });
    const ie = sersicIe(10, 1.2, 2.5, 0.6);
    const a = (40 * Math.PI) / 180;
    expect(sb(1.2 * Math.cos(a), 1.2 * Math.sin(a))).to.be.closeTo(ie, ie * 1e-12); // on the major axis at re
    expect(sb(-0.72 * Math.sin(a), 0.72 * Math.cos(a))).to.be.closeTo(ie, ie * 1e-12); // minor axis at q re
  });

  it('half the light lies inside r_e', () => {
    expect(sersicEnclosedFlux({ x: 0, y: 0, re: 2, n: 4, q: 0.5, angle: 0, flux: 8 }, 2)).to.be.closeTo(4, 1e-10);
  });

  for (const n of [0.5, 1, 2, 4]) {
    for (const [re, off] of [[0.25, 0], [1.0, 0.07]] as const) {
      it(`rendered total flux matches the analytic value within 1% (n = ${n}, re = ${re}", centre offset ${off}")`, () => {
        const flux = 1000;
        const profile = { x: off, y: -off / 2, re, n, q: 0.7, angle: 30, flux };
        const grid = pixelGrid(512, 512, 0.263); // 134.7" across
        const img = renderSurfaceBrightness(sersicSurfaceBrightness(profile), grid, { cusps: [profile] });
        // The analytic flux inside the largest ellipse that fits in the cutout bounds the truncation.
        const inside = sersicEnclosedFlux(profile, 0.5 * 512 * 0.263 * profile.q);
        expect(inside / flux).to.be.greaterThan(0.995);
        expect(Math.abs(sum(img) - flux) / flux).to.be.lessThan(0.01);
      });
    }
  }

  it('a fixed 1×1 sampling is far off for a cusp: the adaptive renderer is what gets the flux right', () => {
    const profile = { x: 0, y: 0, re: 0.2, n: 4, q: 1, angle: 0, flux: 1 };
    const grid = pixelGrid(257, 257, 0.263);
    const coarse = sum(renderSurfaceBrightness(sersicSurfaceBrightness(profile), grid, { supersample: 1 }));
    const adaptive = sum(renderSurfaceBrightness(sersicSurfaceBrightness(profile), grid, { cusps: [profile] }));
    expect(Math.abs(coarse - 1)).to.be.greaterThan(0.05);
    expect(Math.abs(adaptive - sersicEnclosedFlux(profile, 128 * 0.263))).to.be.lessThan(0.01);
  });

  it('spiral arms move light around without changing the total flux', () => {
    const disc = { x: 0, y: 0, re: 2, n: 1, q: 0.8, angle: 10, flux: 1 };
    const grid = pixelGrid(256, 256, 0.263);
    const plain = renderSurfaceBrightness(sersicSurfaceBrightness(disc), grid, { cusps: [disc] });
    const spiral = renderSurfaceBrightness(spiralDiscSurfaceBrightness(disc, { arms: 2, pitch: 20, amplitude: 0.8, phase: 0 }), grid, { cusps: [disc] });
    expect(sum(spiral)).to.be.closeTo(sum(plain), 0.005);
    let diff = 0;
    for (let k = 0; k < plain.length; k++) diff += Math.abs(plain[k]! - spiral[k]!);
    expect(diff).to.be.greaterThan(0.1); // the arms are really there
  });

  it('rejects unphysical parameters with a typed error', () => {
    for (const bad of [{ q: 0 }, { q: 1.5 }, { n: 0.1 }, { re: -1 }]) {
      try {
        sersicSurfaceBrightness({ x: 0, y: 0, re: 1, n: 1, q: 1, angle: 0, flux: 1, ...bad });
        expect.fail('should throw');
      } catch (e) {
        expect(isKenobiError(e, 'sim/bad-parameter'), String(e)).to.equal(true);
      }
    }
  });
});
