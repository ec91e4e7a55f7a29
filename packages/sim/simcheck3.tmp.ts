import { sersicSurfaceBrightness, renderSurfaceBrightness, pixelGrid, drawNonLensScene, drawLensScene, renderLensedSurfaceBrightness, sersicSupportRadius, sieDeflection, spiralDiscSurfaceBrightness } from './src/index.ts';
import { SeededRandom } from '@kenobi/core';
const sb = sersicSurfaceBrightness({ x: 0, y: 0, re: 1, n: 4, q: 0.7, angle: 20, flux: 1 });
let t = performance.now(); let acc = 0; for (let i = 0; i < 1e6; i++) acc += sb(i * 1e-6, 0.3); console.log('sersic ns/eval', (performance.now() - t), acc > 0);
const grid = pixelGrid(78, 78, 0.263);
const rng = new SeededRandom(5); let n = 0, ms = 0, nl = 0, msl = 0, ns=0, mss=0;
for (let k = 0; k < 60; k++) {
  const d = drawNonLensScene(rng);
  for (const c of d.scene.components) { let cnt = 0; const f0 = c.spiral ? spiralDiscSurfaceBrightness({ ...c.shape, flux: 1 }, c.spiral) : sersicSurfaceBrightness({ ...c.shape, flux: 1 }); const f = (x: number, y: number) => { cnt++; return f0(x, y); };
    const t0 = performance.now(); renderSurfaceBrightness(f, grid); if (c.spiral) { ns += cnt; mss += performance.now() - t0; } else { n += cnt; ms += performance.now() - t0; } }
  const l = drawLensScene(rng); const s = l.scene.components[1]!; let cnt = 0; const f0 = sersicSurfaceBrightness({ ...s.shape, flux: 1 }); const f = (x: number, y: number) => { cnt++; return f0(x, y); };
  const t0 = performance.now(); renderLensedSurfaceBrightness(f, { x: s.shape.x, y: s.shape.y, radius: sersicSupportRadius(s.shape) }, sieDeflection(l.scene.lens!), grid); msl += performance.now() - t0; nl += cnt;
}
console.log('sersic comps: evals/comp', n / 60 / 1.4, 'ms total', ms, 'spiral evals', ns, mss, 'lensed evals/comp', nl / 60, 'ms/comp', msl / 60);
