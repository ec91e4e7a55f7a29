import { renderSurfaceBrightness } from '../../../packages/sim/src/render-surface-brightness.js';
import { sersicEnclosedFlux, sersicSurfaceBrightness } from '../../../packages/sim/src/sersic-profile.js';
import { pixelGrid } from '../../../packages/sim/src/pixel-grid.js';
const grid = pixelGrid(512, 512, 0.263);
const small = pixelGrid(78, 78, 0.263);
let worstD = 0, worstS = 0;
for (const n of [0.5, 1, 2, 3, 4, 5]) for (const [re, off] of [[0.12, 0], [0.25, 0], [1.0, 0.07], [0.6, 0.03]]) {
  const p = { x: off, y: -off / 2, re, n, q: 0.7, angle: 30, flux: 1 };
  let cnt = 0; const base = sersicSurfaceBrightness(p); const sb = (x: number, y: number) => { cnt++; return base(x, y); };
  const t0 = performance.now();
  const img = renderSurfaceBrightness(sb, grid, { cusps: [p] });
  const t1 = performance.now();
  let s = 0; for (const v of img) s += v;
  const cA = cnt; cnt = 0;
  const img2 = renderSurfaceBrightness(sb, small, { cusps: [p], tolerance: 1e-2, maxDepth: 2 });
  let s2 = 0; for (const v of img2) s2 += v;
  const exact2 = sersicEnclosedFlux(p, 0.5 * 78 * 0.263 * p.q); // lower bound; just for info
  const ref = renderSurfaceBrightness(base, small, { cusps: [p], tolerance: 1e-5, maxDepth: 4, cuspDepth: 8 }); let s3 = 0; for (const v of ref) s3 += v;
  worstD = Math.max(worstD, Math.abs(s - 1)); worstS = Math.max(worstS, Math.abs(s2 - s3) / s3);
  console.log(`n=${n} re=${re} default err ${(100 * (s - 1)).toFixed(3)}% evals ${cA} ${(t1 - t0).toFixed(0)}ms | scene err vs fine ${(100 * (s2 - s3) / s3).toFixed(3)}% evals ${cnt}`);
}
console.log('worst default', (100 * worstD).toFixed(3), '% worst scene', (100 * worstS).toFixed(3), '%');
