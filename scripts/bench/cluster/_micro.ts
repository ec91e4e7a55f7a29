// scratch micro-benchmark (helper; deleted after)
import { GraphBuilder, type ModelProto } from '@kenobi/onnx';
import { createSession } from '@kenobi/runtime';
import { SeededRandom } from '@kenobi/core';
import { lloydStepGraph } from '../../../packages/cluster/src/kernels/assignment-graph.js';
const INT32 = 6;
function oneGraph(scatter: boolean): ModelProto {
  const b = new GraphBuilder({ name: 'g', opset: 17 });
  const x = b.input('x', 'float32', ['N', 'D']);
  const c = b.input('centers', 'float32', ['K', 'D']);
  const cc = b.input('center_norms', 'float32', ['K']);
  const z = scatter ? b.input('zeros', 'float32', ['K', 'D']) : '';
  const g = b.gemm(x, c, cc, { transB: true, alpha: -2 });
  const [lab64] = b.node('ArgMin', [g], { axis: 1, keepdims: 0 });
  const [labels] = b.node('Cast', [lab64!], { to: INT32 }, { outputs: ['labels'] });
  const [partial] = b.node('ReduceMin', [g], { axes: [1], keepdims: 0 }, { outputs: ['partial'] });
  b.output(labels!, { dtype: 'int32', dims: ['N'] });
  b.output(partial!, { dims: ['N'] });
  if (scatter) {
    const [col] = b.node('Unsqueeze', [lab64!, b.constant([1], [1], { dtype: 'int64' })]);
    const [sums] = b.node('ScatterND', [z, col!, x], { reduction: 'add' }, { outputs: ['sums'] });
    b.output(sums!, { dims: ['K', 'D'] });
  }
  return b.build();
}
const N = 20000, D = 512, K = 10;
const rng = new SeededRandom(1);
const x = Float32Array.from({ length: N * D }, () => rng.normal());
const c = Float32Array.from({ length: K * D }, () => rng.normal());
const cc = new Float32Array(K);
for (let k = 0; k < K; k++) { let s = 0; for (let j = 0; j < D; j++) s += c[k * D + j]! ** 2; cc[k] = s; }
const so = { sessionOptions: { intraOpNumThreads: 1, interOpNumThreads: 1 } };
const sessions = {
  step: await createSession(lloydStepGraph(), { device: 'cpu', ...so }),
  one: await createSession(oneGraph(false), { device: 'cpu', ...so }),
  scatter: await createSession(oneGraph(true), { device: 'cpu', ...so }),
};
const feeds = { x: { data: x, dims: [N, D] }, centers: { data: c, dims: [K, D] }, center_norms: { data: cc, dims: [K] } };
const zeros = { data: new Float32Array(K * D), dims: [K, D] };
const res: Record<string, number[]> = { step: [], one: [], scatter: [], jsSums: [] };
const labels = new Int32Array(N);
for (let rep = 0; rep < 20; rep++) {
  for (const [name, s] of Object.entries(sessions)) {
    const t = performance.now();
    const r = await s.run(name === 'scatter' ? { ...feeds, zeros } : feeds);
    res[name]!.push(performance.now() - t);
    if (name === 'one') labels.set(r.labels!.data as Int32Array);
    if (name === 'scatter' && rep === 0) console.log('scatter sums[0..3]', (r.sums!.data as Float32Array).slice(0, 3));
    if (name === 'step' && rep === 0) console.log('step sums[0..3]', (r.sums!.data as Float32Array).slice(0, 3));
  }
  // JS float32 sums
  const t = performance.now();
  const sums = new Float32Array(K * D);
  for (let i = 0; i < N; i++) { const o = i * D, l = labels[i]! * D; for (let j = 0; j < D; j++) sums[l + j]! += x[o + j]!; }
  res.jsSums!.push(performance.now() - t);
}
const med = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1]!.toFixed(1);
for (const [k, v] of Object.entries(res)) console.log(k, "median", med(v), "min", Math.min(...v).toFixed(1));
