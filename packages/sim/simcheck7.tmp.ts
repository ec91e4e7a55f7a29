import { simulateLensCutout } from './src/index.ts';
const N = 150;
for (const [name, render] of [
  ['default', undefined],
  ['tol1e-2 d2', { sampling: { tolerance: 1e-2, maxDepth: 2 }, lensedSampling: { tolerance: 1e-2, maxDepth: 2 } }],
  ['tol3e-2 d2', { sampling: { tolerance: 3e-2, maxDepth: 2 }, lensedSampling: { tolerance: 3e-2, maxDepth: 2 } }],
] as const) {
  for (let i = 0; i < 10; i++) simulateLensCutout(1000 + i, { seed: 1, render });
  const c0 = process.cpuUsage();
  let fr = 0;
  for (let i = 0; i < N; i++) { const c = simulateLensCutout(i, { seed: 1, render, observation: undefined }); if (c.label === 'lens') fr += c.magnification; }
  const d = process.cpuUsage(c0);
  console.log(name, (N / ((d.user + d.system) / 1e6)).toFixed(1), 'mean mag', fr);
}
