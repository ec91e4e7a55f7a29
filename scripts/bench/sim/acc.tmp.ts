import { renderSurfaceBrightness } from '../../../packages/sim/src/render-surface-brightness.js';
import { sersicSurfaceBrightness } from '../../../packages/sim/src/sersic-profile.js';
import { sersicSurfaceBrightnessTabulated } from '../../../packages/sim/src/sersic-table.js';
import { pixelGrid } from '../../../packages/sim/src/pixel-grid.js';
const grid = pixelGrid(512, 512, 0.263);
const small = pixelGrid(78, 78, 0.263);
let worstD = 0, worstS = 0;
const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
for (const n of [0.5, 1, 2, 3, 4, 5]) for (const [re, off] of [[0.12, 0], [0.25, 0], [1.0, 0.07], [0.6, 0.03]]) {
  const p = { x: off, y: -off / 2, re, n, q: 0.7, angle: 30, flux: 1 };
  const d = sum(renderSurfaceBrightness(sersicSurfaceBrightness(p), grid, { cusps: [p] }));
  const fast = sum(renderSurfaceBrightness(sersicSurfaceBrightnessTabulated(p), small, { cusps: [p], tolerance: 1e-2, maxDepth: 2 }));
  const ref = sum(renderSurfaceBrightness(sersicSurfaceBrightness(p), small, { cusps: [p], tolerance: 1e-5, maxDepth: 4, cuspDepth: 8 }));
  worstD = Math.max(worstD, Math.abs(d - 1)); worstS = Math.max(worstS, Math.abs(fast - ref) / ref);
}
console.log('worst default-settings flux error vs analytic', (100 * worstD).toFixed(3), '%; worst simulator fast path vs fine exact', (100 * worstS).toFixed(3), '%');
