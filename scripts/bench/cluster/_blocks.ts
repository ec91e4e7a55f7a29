import { SeededRandom } from '@kenobi/core';
import { ortAssignmentKernel } from '@kenobi/cluster';
import { kmeansPlusPlus } from '../../../packages/cluster/src/kmeans/kmeans-plusplus.js';
import { lloyd } from '../../../packages/cluster/src/kmeans/lloyd.js';
const N = 20000, D = 512, K = 10;
const rng0 = new SeededRandom(1);
const cent = Float32Array.from({ length: K * D }, () => rng0.normal() * 0.15);
const data = new Float32Array(N * D);
for (let i = 0; i < N; i++) { const c = rng0.int(K); for (let j = 0; j < D; j++) data[i * D + j] = cent[c * D + j]! + rng0.normal(); }
const sizes = [32768, 4096, 2048, 1024, 512];
const kernels = await Promise.all(sizes.map((blockRows) => ortAssignmentKernel({ threads: 1, blockRows })));
const c0 = await kernels[0]!.centre!(data, N, D);
const bounds = await Promise.all(kernels.map((k) => k.bind(c0.centred, N, D, c0.rowNorms)));
const init = await kmeansPlusPlus(c0.centred, bounds[0]!, D, K, new SeededRandom(0));
const res: number[][] = sizes.map(() => []);
for (let rep = 0; rep < 3; rep++) {
  for (let b = 0; b < sizes.length; b++) {
    const t = performance.now();
    const r = await lloyd(c0.centred, bounds[b]!, D, init.centers, K, { maxIter: 300, tol: 1e-4 });
    res[b]!.push((performance.now() - t) / (r.nIter + 1));
  }
}
sizes.forEach((s, b) => console.log(s, res[b]!.map((v) => v.toFixed(1)).join(' ')));
for (const k of kernels) await k.dispose();
