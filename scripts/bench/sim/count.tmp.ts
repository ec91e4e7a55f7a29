import { SeededRandom } from '@kenobi/core';
import { drawLensScene, drawNonLensScene } from '../../../packages/sim/src/scene-priors.js';
import { cutoutSeed } from '../../../packages/sim/src/simulate-lenses.js';
import { renderSurfaceBrightness } from '../../../packages/sim/src/render-surface-brightness.js';
import { renderLensedSurfaceBrightness, sersicSupportRadius } from '../../../packages/sim/src/render-lensed.js';
import { sersicSurfaceBrightness } from '../../../packages/sim/src/sersic-profile.js';
import { spiralDiscSurfaceBrightness } from '../../../packages/sim/src/spiral-arms.js';
import { sieDeflection } from '../../../packages/sim/src/sie-lens.js';
import { padGrid, pixelGrid } from '../../../packages/sim/src/pixel-grid.js';
const grid = padGrid(pixelGrid(64, 64, 0.263), 7);
const counts: Record<string, number[]> = {};
for (let i = 0; i < 200; i++) {
  const rng = new SeededRandom(cutoutSeed(1, i));
  const isLens = rng.uniform() < 0.5;
  const d = isLens ? drawLensScene(rng) : drawNonLensScene(rng);
  const defl = d.scene.lens ? sieDeflection(d.scene.lens) : undefined;
  for (const c of d.scene.components) {
    let n = 0;
    const base = c.spiral ? spiralDiscSurfaceBrightness({ ...c.shape, flux: 1 }, c.spiral) : sersicSurfaceBrightness({ ...c.shape, flux: 1 });
    const sb = (x: number, y: number) => { n++; return base(x, y); };
    const support = { x: c.shape.x, y: c.shape.y, radius: sersicSupportRadius(c.shape), scale: c.shape.re * c.shape.q };
    if (c.lensed && defl) renderLensedSurfaceBrightness(sb, support, defl, grid, { tolerance: 1e-2, maxDepth: 2 });
    else renderSurfaceBrightness(sb, grid, { cusps: [c.shape], support, tolerance: 1e-2, maxDepth: 2 });
    const k = d.kind + ':' + c.name;
    (counts[k] ??= []).push(n);
  }
}
for (const [k, v] of Object.entries(counts)) console.log(k, v.length, (v.reduce((a, b) => a + b, 0) / v.length).toFixed(0));
