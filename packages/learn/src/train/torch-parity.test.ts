import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { matrix, type DType } from '../backend/matrix.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dense } from '../layers/dense.js';
import { elu } from '../layers/elu.js';
import { relu } from '../layers/relu.js';
import { tanh } from '../layers/tanh.js';
import { binaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { categoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import { sequential } from '../model/sequential.js';
import { adagrad } from '../optim/adagrad.js';
import { adam } from '../optim/adam.js';
import { adamw } from '../optim/adamw.js';
import type { Optimizer } from '../optim/optimizer.js';
import { rmsprop } from '../optim/rmsprop.js';
import { sgd } from '../optim/sgd.js';
import { ortEngine } from '../ort/ort-engine.js';
import { fit } from './fit.js';
import { layerwiseEngine, type GradientEngine } from './gradient-engine.js';

interface Run { final: number[][]; losses: number[] }
interface Fixture {
  torch: string; epochs: number; batchSize: number; x: number[]; rows: number; cols: number; y3: number[]; y2: number[];
  orders: number[][]; initial: Record<string, Record<DType, number[][]>>;
  cases: { name: string; arch: 'mlp' | 'bn'; float64: Run; float32: Run }[];
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/torch-parity.json', import.meta.url), 'utf8')) as Fixture;

const optimizers: Record<string, () => Optimizer> = {
  'sgd-momentum': () => sgd({ lr: 0.05, momentum: 0.9 }),
  'sgd-nesterov-l2': () => sgd({ lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }),
  'sgd-dampening': () => sgd({ lr: 0.05, momentum: 0.5, dampening: 0.3 }),
  adam: () => adam({ lr: 0.01 }),
  'adam-l2-amsgrad': () => adam({ lr: 0.01, weightDecay: 1e-2, amsgrad: true }),
  adamw: () => adamw({ lr: 0.01, weightDecay: 0.05 }),
  rmsprop: () => rmsprop({ lr: 0.005 }),
  'rmsprop-centered-momentum': () => rmsprop({ lr: 0.002, centered: true, momentum: 0.5 }),
  adagrad: () => adagrad({ lr: 0.05 }),
  'adam-label-smoothing': () => adam({ lr: 0.01 }),
  'bn-adam': () => adam({ lr: 0.01 }),
  'bn-sgd-momentum': () => sgd({ lr: 0.05, momentum: 0.9 }),
};

/** max |a − b| / max(max |b|, 1e-3) over one tensor. */
function relError(a: ArrayLike<number>, b: readonly number[]): number {
  let diff = 0, scale = 1e-3;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

describe(`learn: PyTorch parity (5 epochs, fixtures from torch ${fixture.torch})`, () => {
  for (const c of fixture.cases) {
    for (const [dtype, engineName] of [['float64', 'layerwise'], ['float32', 'layerwise'], ['float32', 'onnxruntime']] as const) {
      const tol = dtype === 'float64' ? 1e-9 : 1e-4;
      it(`${c.name} (${dtype}, ${engineName} engine) lands on PyTorch's weights (relative ≤ ${tol})`, async () => {
        const engine: GradientEngine = engineName === 'onnxruntime' ? ortEngine({ threads: 1 }) : layerwiseEngine();
        const layers = c.arch === 'mlp' ? [dense(8), relu(), dense(8), elu(), dense(3)] : [dense(8, { useBias: false }), batchNormalization(), tanh(), dense(1)];
        const model = sequential(layers, { inputs: fixture.cols, dtype });
        model.setWeights(fixture.initial[c.arch]![dtype]);
        const x = matrix(fixture.rows, fixture.cols, fixture.x, dtype);
        const y = Int32Array.from(c.arch === 'mlp' ? fixture.y3 : fixture.y2);
        const loss = c.arch === 'bn' ? binaryCrossEntropy() : categoricalCrossEntropy({ labelSmoothing: c.name.includes('label-smoothing') ? 0.1 : 0 });
        const history = await fit(model, x, y, {
          loss, optimizer: optimizers[c.name]!(), epochs: fixture.epochs, batchSize: fixture.batchSize,
          shuffle: (epoch) => fixture.orders[epoch]!, engine,
        });
        engine.dispose();
        const expected = c[dtype];
        const got = model.getWeights();
        expect(got.length).to.equal(expected.final.length);
        const worst = Math.max(...got.map((w, i) => relError(w, expected.final[i]!)));
        expect(worst, `worst relative weight error ${worst}`).to.be.at.most(tol);
        const initialMoved = Math.max(...got.map((w, i) => relError(w, fixture.initial[c.arch]![dtype][i]!)));
        expect(initialMoved, 'training moved the weights').to.be.greaterThan(1e-3);
        history.epochs.forEach((e, i) => expect(Math.abs(e.loss - expected.losses[i]!) / expected.losses[i]!).to.be.at.most(tol));
      });
    }
  }
});
