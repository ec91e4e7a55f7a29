import { renderSurfaceBrightness, sersicSurfaceBrightness, spiralDiscSurfaceBrightness, pixelGrid, drawNonLensScene, drawLensScene, convolvePsf, addPoissonNoise, renderLensedSurfaceBrightness, sersicSupportRadius, sieDeflection } from './src/index.ts';
import { SeededRandom } from '@kenobi/core';
const grid = pixelGrid(78, 78, 0.263);
const rng = new SeededRandom(3);
const stats: Record<string, [number, number, number]> = {};
const add = (k: string, n: number, t: number) => { const s = (stats[k] ??= [0, 0, 0]); s[0] += n; s[1] += t; s[2]++; };
for (let k = 0; k < 100; k++) {
  const e = rng.uniform() < 0.5 ? drawNonLensScene(rng) : drawLensScene(rng);
  for (const c of e.scene.components) {
    let n = 0; const f0 = c.spiral ? spiralDiscSurfaceBrightness({ ...c.shape, flux: 1 }, c.spiral) : sersicSurfaceBrightness({ ...c.shape, flux: 1 });
    const f = (x: number, y: number) => { n++; return f0(x, y); };
    const t = process.cpuUsage();
    if (c.lensed) renderLensedSurfaceBrightness(f, { x: c.shape.x, y: c.shape.y, radius: sersicSupportRadius(c.shape), scale: c.shape.re * c.shape.q }, sieDeflection(e.scene.lens!), grid);
    else renderSurfaceBrightness(f, grid, { cusps: [c.shape], support: { x: c.shape.x, y: c.shape.y, radius: sersicSupportRadius(c.shape) }, ...(c.spiral ? { tolerance: 1e-2, maxDepth: 2 } : { tolerance: 3e-3 }) });
    const d = process.cpuUsage(t); add(c.name, n, (d.user + d.system) / 1000);
  }
}
for (const [k, [n, t, c]] of Object.entries(stats)) console.log(k, 'evals', (n / c).toFixed(0), 'ms', (t / c).toFixed(2), 'ns/eval', (t / n * 1e6).toFixed(0));
const img = new Float32Array(78 * 78).fill(1);
let t = process.cpuUsage(); for (let i = 0; i < 300; i++) convolvePsf(img, 78, 78, { kind: 'gaussian', fwhm: 1 }, 0.263); let d = process.cpuUsage(t); console.log('conv ms', (d.user + d.system) / 1000 / 300);
const im2 = new Float32Array(64 * 64); t = process.cpuUsage(); for (let i = 0; i < 300; i++) addPoissonNoise(im2, 250, rng); d = process.cpuUsage(t); console.log('noise ms', (d.user + d.system) / 1000 / 300);
