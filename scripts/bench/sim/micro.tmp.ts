import { sersicSurfaceBrightness } from '../../../packages/sim/src/sersic-profile.js';
const sbs = [1, 2.5, 4].map((n) => sersicSurfaceBrightness({ x: 0.01, y: 0.02, re: 1, n, q: 0.7, angle: 30, flux: 1 }));
function run(label: string, f: (x: number, y: number) => number) {
  let acc = 0;
  const c0 = process.cpuUsage();
  const N = 3_000_000;
  for (let k = 0; k < N; k++) acc += f(((k % 1000) - 500) * 0.01, (((k / 1000) | 0) % 1000 - 500) * 0.013);
  const c = process.cpuUsage(c0);
  console.log(label, (((c.user + c.system) * 1000) / N).toFixed(1), 'ns/eval', acc.toExponential(3));
}
for (let rep = 0; rep < 2; rep++) {
  sbs.forEach((sb, i) => run('sersic' + i, sb));
  run('log only', (x, y) => Math.log(x * x + y * y + 1e-9));
  run('exp only', (x, y) => Math.exp(-(x * x + y * y)));
  run('sqrt only', (x, y) => Math.sqrt(x * x + y * y));
}
