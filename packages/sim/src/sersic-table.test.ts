import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import { pixelGrid } from './pixel-grid.js';
import { renderSurfaceBrightness } from './render-surface-brightness.js';
import { sersicSurfaceBrightness } from './sersic-profile.js';
import { sersicOfLogRadius, sersicSurfaceBrightnessTabulated } from './sersic-table.js';
import { spiralDiscSurfaceBrightness } from './spiral-arms.js';

describe('tabulated Sérsic profile', () => {
  it('equals the exact profile to 1e-5 relative wherever it is above 1e-6 of the centre (n = 0.2 … 10)', () => {
    const rng = new SeededRandom(11);
    for (const n of [0.2, 0.5, 0.7, 1, 1.5, 2.5, 3, 4, 5, 7, 10]) {
      const p = { x: 0.05, y: -0.02, re: 0.4, n, q: 0.6, angle: 25, flux: 100 };
      const exact = sersicSurfaceBrightness(p);
      const fast = sersicSurfaceBrightnessTabulated(p);
      const centre = exact(p.x, p.y);
      let worst = 0;
      let worstFaint = 0;
      let checked = 0;
      for (let k = 0; k < 20000; k++) {
        // Log-uniform radii from 1e-7 to 100 r_e, all directions.
        const r = p.re * Math.pow(10, -7 + 9 * rng.uniform());
        const phi = 2 * Math.PI * rng.uniform();
        const x = p.x + r * Math.cos(phi), y = p.y + r * Math.sin(phi);
        const e = exact(x, y);
        const f = fast(x, y);
        if (e > 1e-6 * centre) { worst = Math.max(worst, Math.abs(f - e) / e); checked++; }
        else worstFaint = Math.max(worstFaint, Math.abs(f - e) / centre);
      }
      expect(checked).to.be.greaterThan(1000);
      expect(worst, `n = ${n}`).to.be.lessThan(1e-5);
      expect(worstFaint, `n = ${n}, faint wings`).to.be.lessThan(1e-9);
      if (process.env.KENOBI_SIM_VERBOSE) console.log(n, worst, worstFaint);
      expect(fast(p.x, p.y)).to.equal(centre);
    }
  });

  it('renders the same total flux as the exact profile (to 1e-5)', () => {
    const p = { x: 0.03, y: 0.01, re: 0.5, n: 4, q: 0.7, angle: 30, flux: 1 };
    const grid = pixelGrid(96, 96, 0.263);
    let a = 0, b = 0;
    for (const v of renderSurfaceBrightness(sersicSurfaceBrightness(p), grid, { cusps: [p] })) a += v;
    for (const v of renderSurfaceBrightness(sersicSurfaceBrightnessTabulated(p), grid, { cusps: [p] })) b += v;
    expect(Math.abs(a - b) / a).to.be.lessThan(1e-5);
  });

  it('drives spiral arms through the log radius with the same values as the exact disc', () => {
    const disc = { x: 0.1, y: 0, re: 2, n: 1, q: 0.6, angle: 20, flux: 1 };
    const arms = { arms: 2, pitch: 20, amplitude: 0.6, phase: 30 };
    const exact = spiralDiscSurfaceBrightness(disc, arms);
    const fast = spiralDiscSurfaceBrightness(disc, arms, sersicOfLogRadius(disc));
    expect(fast(0.1, 0)).to.equal(exact(0.1, 0));
    for (let k = 0; k < 200; k++) {
      const x = -6 + 0.06 * k, y = 3 - 0.035 * k;
      expect(fast(x, y)).to.be.closeTo(exact(x, y), 1e-5 * exact(x, y));
    }
  });
});
