import { sieDeflection, sersicSurfaceBrightness, lensedSurfaceBrightness } from './src/index.ts';
const d = sieDeflection({ thetaE: 1.2, q: 0.7, angle: 30, x: 0, y: 0, gamma1: 0.02, gamma2: 0.01 });
const out = new Float64Array(2);
for (let rep = 0; rep < 3; rep++) {
let t = performance.now(); let acc = 0; for (let i = 0; i < 1e6; i++) { d(i * 1e-6 - 0.5, 0.3, out); acc += out[0]!; } console.log('defl ns', performance.now() - t, acc);
const sb = sersicSurfaceBrightness({ x: 0, y: 0, re: 0.3, n: 1.5, q: 0.7, angle: 20, flux: 1 });
t = performance.now(); acc = 0; for (let i = 0; i < 1e6; i++) acc += sb(i * 1e-6, 0.3); console.log('sersic ns', performance.now() - t);
const l = lensedSurfaceBrightness(sb, d);
t = performance.now(); acc = 0; for (let i = 0; i < 1e6; i++) acc += l(i * 1e-6, 0.3); console.log('lensed ns', performance.now() - t);
t = performance.now(); acc = 0; for (let i = 0; i < 1e6; i++) acc += Math.atanh(i*1e-6*0.5)+Math.atan(i*1e-6); console.log('atanh+atan ns', performance.now() - t);
}
