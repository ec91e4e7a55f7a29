import { createSession, nodePlatform, runBatched } from './src/index.js';
import { probeModel } from './src/probe-model.js';
const { model } = probeModel();
const { ort } = await nodePlatform.loadOrt('onnxruntime-node');
const opts = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const k = await createSession(model, { device: 'cpu', sessionOptions: opts });
const r = await ort.InferenceSession.create(model, { executionProviders: ['cpu'], ...opts });
const N = 20000;
const big = new Float32Array(N * 4).map((_, i) => Math.sin(i));
const kt: number[] = [], rt: number[] = [];
for (let round = 0; round < 6; round++) {
  let t0 = performance.now();
  await runBatched(k, big, [N, 4], { batchSize: 1 });
  kt.push((performance.now() - t0) / N * 1000);
  t0 = performance.now();
  for (let i = 0; i < N; i++) { const t = new ort.Tensor('float32', big.subarray(i * 4, (i + 1) * 4), [1, 4]); const o = await r.run({ x: t }); t.dispose(); o.y!.dispose(); }
  rt.push((performance.now() - t0) / N * 1000);
}
const med = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1]!;
console.log('kenobi µs/run', kt.map((v) => v.toFixed(1)).join(' '), ' raw µs/run', rt.map((v) => v.toFixed(1)).join(' '), ' median diff µs', (med(kt) - med(rt)).toFixed(1));
await k.dispose(); await r.release();
