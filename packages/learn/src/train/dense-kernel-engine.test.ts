import { SeededRandom } from '@kenobi/core';
import { expect } from 'chai';
import { assembleWat } from '../../../../test/support/assemble-wat.js';
import { matrix, type Matrix } from '../backend/matrix.js';
import { linearHead } from '../heads/linear-head.js';
import { mlpHead } from '../heads/mlp-head.js';
import { binaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { categoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import { huber } from '../losses/huber.js';
import type { Loss, Targets } from '../losses/loss.js';
import { meanSquaredError } from '../losses/mean-squared-error.js';
import type { Sequential } from '../model/sequential.js';
import { denseKernelEngine } from './dense-kernel-engine.js';
import { denseKernels } from './dense-kernels.js';
import { layerwiseEngine } from './gradient-engine.js';

/** Loss and every trainable param's gradient after one evaluation by `engine`. */
async function evaluate(engine: ReturnType<typeof layerwiseEngine>, model: Sequential, x: Matrix, y: Targets, loss: Loss, w?: Float64Array): Promise<{ value: number; grads: Float64Array[] }> {
  for (const p of model.trainableParams()) p.grad.fill(NaN); // each engine must overwrite, not accumulate
  const value = await engine.lossAndGradients(model, x, y, loss, w, { training: false });
  return { value, grads: model.trainableParams().map((p) => Float64Array.from(p.grad)) };
}

function features(rows: number, cols: number, seed: number): Matrix {
  const rng = new SeededRandom(seed);
  return matrix(rows, cols, Array.from({ length: rows * cols }, () => rng.normal()));
}

describe('learn/train: denseKernelEngine (a linear head in one WebAssembly pass over the rows)', () => {
  after(() => denseKernels.use(true));

  it('is available in Node and its bytes are kernels/dense-kernels.wat assembled', async () => {
    expect(denseKernels.use(true)).to.equal(true);
    expect(Buffer.from(denseKernels.bytes()).equals(Buffer.from(await assembleWat(new URL('../../kernels/dense-kernels.wat', import.meta.url))))).to.equal(true);
  });

  // d = 512: rows a multiple of 16 (one copy per block of 128 rows); d = 37: rows padded to 48; 1,003 rows: a
  // last block of 107 rows, not a multiple of 4; 3 rows: one block smaller than one quad
  const cases: { name: string; loss: () => Loss; outputs: number; targets: (rows: number, rng: SeededRandom) => Targets }[] = [
    { name: 'logistic (binary cross-entropy, 1 output)', loss: binaryCrossEntropy, outputs: 1, targets: (n, rng) => Int32Array.from({ length: n }, () => (rng.uniform() < 0.4 ? 1 : 0)) },
    { name: 'softmax (categorical cross-entropy, 3 classes)', loss: categoricalCrossEntropy, outputs: 3, targets: (n, rng) => Int32Array.from({ length: n }, () => Math.floor(rng.uniform() * 3)) },
    { name: 'linear regression (mean squared error, 2 outputs)', loss: meanSquaredError, outputs: 2, targets: (n, rng) => matrix(n, 2, Array.from({ length: 2 * n }, () => rng.normal())) },
    { name: 'robust regression (Huber, 1 output)', loss: () => huber({ delta: 0.5 }), outputs: 1, targets: (n, rng) => matrix(n, 1, Array.from({ length: n }, () => 3 * rng.normal())) },
  ];
  for (const c of cases) {
    for (const [rows, cols] of [[1003, 512], [1003, 37], [3, 5]] as const) {
      it(`${c.name}, ${rows} × ${cols}: the loss and gradients of the layer-by-layer engine, with and without sample weights`, async () => {
        const rng = new SeededRandom(rows + cols);
        const x = features(rows, cols, cols);
        const y = c.targets(rows, rng);
        const model = linearHead({ inputs: cols, ...(c.outputs === 1 && c.name.startsWith('logistic') ? { classes: 2 } : c.name.startsWith('softmax') ? { classes: 3 } : { outputs: c.outputs }), seed: 3 });
        for (const p of model.trainableParams()) for (let i = 0; i < p.value.length; i++) p.value[i] = 0.2 * rng.normal(); // a nonzero bias too
        // weights with the first 256 rows at zero: two whole blocks of 128 rows that add nothing at d = 512
        const weighted = Float64Array.from({ length: rows }, (_, i) => (i < 256 && rows > 256 ? 0 : 0.5 + rng.uniform()));
        for (const w of [undefined, weighted]) {
          const engine = denseKernelEngine(layerwiseEngine());
          const ours = await evaluate(engine, model, x, y, c.loss(), w);
          expect(engine.choice).to.equal('dense-kernels');
          const ref = await evaluate(layerwiseEngine(), model, x, y, c.loss(), w);
          // float32 sums over ≤ 1,003 rows in two orders: ~1e-6 relative; a misplaced row, column or scale is O(1)
          expect(ours.value).to.be.closeTo(ref.value, 1e-5 * Math.abs(ref.value));
          ref.grads.forEach((g, k) => {
            const scale = Math.max(...g.map(Math.abs));
            g.forEach((v, i) => expect(ours.grads[k]![i], `param ${k}[${i}]`).to.be.closeTo(v, 2e-5 * scale));
          });
        }
      });
    }
  }

  it('hands deeper models, float64 features and a missing WebAssembly SIMD to its fallback, and says why', async () => {
    const x = features(50, 8, 1);
    const y = Int32Array.from({ length: 50 }, (_, i) => i % 2);
    const engine = denseKernelEngine(layerwiseEngine());
    const mlp = mlpHead({ inputs: 8, classes: 2, hidden: [4], dropout: 0, seed: 1 });
    const viaMlp = await evaluate(engine, mlp, x, y, binaryCrossEntropy());
    expect([engine.choice, engine.reason]).to.deep.equal(['layerwise', 'the model is not one dense layer']);
    expect(viaMlp.value).to.equal((await evaluate(layerwiseEngine(), mlp, x, y, binaryCrossEntropy())).value);

    const head = linearHead({ inputs: 8, classes: 2, seed: 1 });
    const x64 = { rows: 50, cols: 8, data: Float64Array.from(x.data) };
    await evaluate(engine, head, x64, y, binaryCrossEntropy());
    expect([engine.choice, engine.reason]).to.deep.equal(['layerwise', 'float64 model or features']);

    denseKernels.use(false);
    const without = await evaluate(engine, head, x, y, binaryCrossEntropy());
    expect([engine.choice, engine.reason]).to.deep.equal(['layerwise', 'WebAssembly SIMD is not available']);
    denseKernels.use(true);
    const withKernels = await evaluate(engine, head, x, y, binaryCrossEntropy());
    expect(engine.choice).to.equal('dense-kernels');
    expect(withKernels.value).to.be.closeTo(without.value, 1e-6 * without.value);
    engine.dispose();
  });

  it('sample weights that sum to zero are refused as by the other engines', async () => {
    const x = features(10, 4, 2);
    const error = await Promise.resolve()
      .then(() => denseKernelEngine(layerwiseEngine()).lossAndGradients(linearHead({ inputs: 4, classes: 2 }), x, new Int32Array(10), binaryCrossEntropy(), new Float64Array(10), { training: false }))
      .then(() => expect.fail('no error'), (e: unknown) => e as { code?: string });
    expect(error.code).to.equal('learn/bad-argument');
  });
});
