import { GraphBuilder } from '@kenobi/onnx';
import { createSession } from '@kenobi/runtime';
import { SeededRandom } from '@kenobi/core';
import { centreGraph } from '../../../packages/cluster/src/kernels/assignment-graph.js';
import { centreData } from '../../../packages/cluster/src/kmeans/centre-data.js';
function viaGemm() {
  const b = new GraphBuilder({ name: 'c2', opset: 17 });
  const x = b.input('x', 'float32', ['N', 'D']);
  const w = b.input('w', 'float32', [1, 'N']);
  const [mean] = b.node('MatMul', [w, x], {}, { outputs: ['mean'] });
  const [centred] = b.node('Sub', [x, mean!], {}, { outputs: ['centred'] });
  const [norms] = b.node('ReduceSumSquare', [centred!], { axes: [1], keepdims: 0 }, { outputs: ['norms'] });
  b.output(mean!, { dims: [1, 'D'] }); b.output(centred!, { dims: ['N', 'D'] }); b.output(norms!, { dims: ['N'] });
  return b.build();
}
function meanOnly() {
  const b = new GraphBuilder({ name: 'c3', opset: 17 });
  const x = b.input('x', 'float32', ['N', 'D']);
  const [mean] = b.node('ReduceMean', [x], { axes: [0], keepdims: 1 }, { outputs: ['mean'] });
  b.output(mean!, { dims: [1, 'D'] });
  return b.build();
}
const N = 20000, D = 512;
const rng = new SeededRandom(1);
const x = Float32Array.from({ length: N * D }, () => rng.normal() + 0.3);
const so = { device: 'cpu' as const, sessionOptions: { intraOpNumThreads: 1, interOpNumThreads: 1 } };
const a = await createSession(centreGraph(), so), g = await createSession(viaGemm(), so), m = await createSession(meanOnly(), so);
const w = new Float32Array(N).fill(1 / N);
const T: Record<string, number[]> = { reduceMean: [], gemmMean: [], meanOnly: [], js: [] };
let ra: any, rg: any;
for (let rep = 0; rep < 6; rep++) {
  let t = performance.now(); ra = await a.run({ x: { data: x, dims: [N, D] } }); T.reduceMean!.push(performance.now() - t);
  t = performance.now(); rg = await g.run({ x: { data: x, dims: [N, D] }, w: { data: w, dims: [1, N] } }); T.gemmMean!.push(performance.now() - t);
  t = performance.now(); await m.run({ x: { data: x, dims: [N, D] } }); T.meanOnly!.push(performance.now() - t);
  t = performance.now(); centreData(x, N, D); T.js!.push(performance.now() - t);
}
const ex = centreData(x, N, D).mean;
let e1 = 0, e2 = 0; for (let j = 0; j < D; j++) { e1 = Math.max(e1, Math.abs(ra.mean.data[j] - ex[j]!)); e2 = Math.max(e2, Math.abs(rg.mean.data[j] - ex[j]!)); }
console.log('max |mean err| reduceMean', e1, 'gemm', e2);
for (const [k, v] of Object.entries(T)) console.log(k, v.map((t) => t.toFixed(0)).join(' '));
