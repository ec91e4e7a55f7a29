import { SeededRandom } from '@kenobi/core';
import { matrix, ortAssignmentKernel } from '@kenobi/cluster';
import { checkFinite } from '../../../packages/cluster/src/matrix.js';
import { centreData } from '../../../packages/cluster/src/kmeans/centre-data.js';
import { exactInertia } from '../../../packages/cluster/src/kmeans/exact-distances.js';
import { kmeansPlusPlus } from '../../../packages/cluster/src/kmeans/kmeans-plusplus.js';
import { lloyd } from '../../../packages/cluster/src/kmeans/lloyd.js';
const N = 20000, D = 512, K = 10;
const rng0 = new SeededRandom(1);
const cent = Float32Array.from({ length: K * D }, () => rng0.normal() * 0.15);
const data = new Float32Array(N * D);
for (let i = 0; i < N; i++) { const c = rng0.int(K); for (let j = 0; j < D; j++) data[i * D + j] = cent[c * D + j]! + rng0.normal(); }
const kernel = await ortAssignmentKernel({ threads: 1 });
for (let rep = 0; rep < 3; rep++) {
  const T: Record<string, number> = {};
  let t = performance.now();
  const lap = (n: string) => { const u = performance.now(); T[n] = +(u - t).toFixed(1); t = u; };
  const { centred, rowNorms } = await kernel.centre!(data, N, D); lap('centre');
  const bound = await kernel.bind(centred, N, D, rowNorms); lap('bind(norms)');
  const init = await kmeansPlusPlus(centred, bound, D, K, new SeededRandom(rep)); lap('kmeans++');
  let it = 0;
  const r = await lloyd(centred, bound, D, init.centers, K, { maxIter: 300, tol: 1e-4, onIteration: () => { it++; } }); lap('lloyd');
  exactInertia(centred, D, r.centers, r.labels); lap('inertia');
  console.log(JSON.stringify(T), 'iters', r.nIter, 'per-iter', (T.lloyd! / (r.nIter + (r.converged ? 0 : 1))).toFixed(1));
}
await kernel.dispose();
