import { renderSurfaceBrightness, sersicSurfaceBrightness, spiralDiscSurfaceBrightness, lensedSurfaceBrightness, sieDeflection, pixelGrid, drawLensScene, drawNonLensScene, convolvePsf } from './src/index.ts';
import { SeededRandom } from '@kenobi/core';
const grid = pixelGrid(80, 80, 0.263);
function count(sb: (x:number,y:number)=>number, opts: any) { let n = 0; const f = (x:number,y:number)=>{n++; return sb(x,y);}; const t=performance.now(); renderSurfaceBrightness(f, grid, opts); return [n, (performance.now()-t).toFixed(2)]; }
const rng = new SeededRandom(3);
for (let k = 0; k < 4; k++) {
  const d = drawLensScene(rng);
  const [m, s] = d.scene.components;
  console.log('lens main', count(sersicSurfaceBrightness({...m!.shape, flux:1}), {}), 'src', count(lensedSurfaceBrightness(sersicSurfaceBrightness({...s!.shape, flux:1}), sieDeflection(d.scene.lens!)), {baseSamples:2}));
  const e = drawNonLensScene(rng);
  for (const c of e.scene.components) console.log(' ', e.kind, c.name, count(c.spiral ? spiralDiscSurfaceBrightness({...c.shape, flux:1}, c.spiral) : sersicSurfaceBrightness({...c.shape, flux:1}), {}));
}
const img = new Float32Array(80*80).fill(1); let t = performance.now(); for (let i=0;i<100;i++) convolvePsf(img, 80, 80, {kind:'gaussian', fwhm:1}, 0.263); console.log('conv ms', (performance.now()-t)/100);
t = performance.now(); for (let i=0;i<12288*100;i++) rng.normal(); console.log('normal x12288 ms', (performance.now()-t)/100);
