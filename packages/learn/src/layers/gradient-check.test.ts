import { SeededRandom } from '@kenobi/core';
import { expect } from 'chai';
import { matrix, type Matrix } from '../backend/matrix.js';
import { binaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { categoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import { huber } from '../losses/huber.js';
import type { Loss, Targets } from '../losses/loss.js';
import { meanAbsoluteError } from '../losses/mean-absolute-error.js';
import { meanSquaredError } from '../losses/mean-squared-error.js';
import { sequential } from '../model/sequential.js';
import { batchNormalization } from './batch-normalization.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { elu } from './elu.js';
import type { ForwardContext, Layer } from './layer.js';
import { leakyRelu } from './leaky-relu.js';
import { relu } from './relu.js';
import { sigmoid } from './sigmoid.js';
import { softmax } from './softmax.js';
import { tanh } from './tanh.js';

const H = 1e-6;

function randomMatrix(rows: number, cols: number, seed: number, scale = 1): Matrix {
  const rng = new SeededRandom(seed);
  return matrix(rows, cols, Array.from({ length: rows * cols }, () => scale * rng.normal()), 'float64');
}

/** Relative agreement of an analytic and a central-difference gradient. */
function agree(analytic: number, numeric: number): boolean {
  return Math.abs(analytic - numeric) <= 1e-6 * Math.max(1, Math.abs(analytic), Math.abs(numeric));
}

/**
 * Checks every param gradient of dense(5) → layer → dense(3) against central differences, for
 * L = Σ r ⊙ output (r random). The first dense's kernel gradient passes through the layer's input gradient,
 * so that is checked too.
 */
function checkLayer(make: () => Layer, ctx: () => ForwardContext): void {
  const model = sequential([dense(5), make(), dense(3)], { inputs: 4, dtype: 'float64', seed: 3 });
  const x = randomMatrix(6, 4, 11);
  const r = randomMatrix(6, 3, 12);
  const f = (): number => {
    const y = model.forward(x, ctx());
    let s = 0;
    for (let i = 0; i < y.data.length; i++) s += y.data[i]! * r.data[i]!;
    return s;
  };
  f();
  model.backward(r);
  let checked = 0;
  for (const p of model.params()) {
    const analytic = Float64Array.from(p.grad);
    for (let i = 0; i < p.value.length; i++) {
      const v = p.value[i]!;
      p.value[i] = v + H;
      const up = f();
      p.value[i] = v - H;
      const down = f();
      p.value[i] = v;
      const numeric = (up - down) / (2 * H);
      expect(agree(analytic[i]!, numeric), `${p.name}[${i}]: analytic ${analytic[i]} vs numeric ${numeric}`).to.equal(true);
      checked++;
    }
  }
  expect(checked).to.be.greaterThan(40);
}

function checkLoss(loss: Loss, target: Targets, cols: number, weights?: number[]): void {
  const pred = randomMatrix(7, cols, 21, 2);
  const grad = new Float64Array(pred.data.length);
  loss.compute(pred, target, grad, weights);
  for (let i = 0; i < pred.data.length; i++) {
    const v = pred.data[i]!;
    pred.data[i] = v + H;
    const up = loss.compute(pred, target, undefined, weights);
    pred.data[i] = v - H;
    const down = loss.compute(pred, target, undefined, weights);
    pred.data[i] = v;
    const numeric = (up - down) / (2 * H);
    expect(agree(grad[i]!, numeric), `${loss.name} d/dpred[${i}]: ${grad[i]} vs ${numeric}`).to.equal(true);
  }
}

describe('learn: finite-difference gradient checks (float64)', () => {
  const train: () => ForwardContext = () => ({ training: true, rng: new SeededRandom(5) });
  const infer: () => ForwardContext = () => ({ training: false });
  const cases: [string, () => Layer, () => ForwardContext][] = [
    ['dense', () => dense(4), train],
    ['dense without bias', () => dense(4, { useBias: false }), train],
    ['relu', relu, train],
    ['leakyRelu', () => leakyRelu({ negativeSlope: 0.2 }), train],
    ['elu', () => elu({ alpha: 0.7 }), train],
    ['sigmoid', sigmoid, train],
    ['tanh', tanh, train],
    ['softmax', softmax, train],
    ['dropout (training, fixed mask)', () => dropout(0.4), train],
    ['batchNormalization (batch statistics)', () => batchNormalization(), train],
    ['batchNormalization (running statistics)', () => batchNormalization(), infer],
  ];
  for (const [name, make, ctx] of cases) it(name, () => checkLayer(make, ctx));

  const labels2 = Int32Array.of(0, 1, 1, 0, 1, 0, 0);
  const labels4 = Int32Array.of(0, 3, 1, 2, 2, 0, 1);
  const weights = [1, 2, 0.5, 1, 3, 1, 0.2];
  it('binaryCrossEntropy (labels, probabilities, sample weights)', () => {
    checkLoss(binaryCrossEntropy(), labels2, 1);
    checkLoss(binaryCrossEntropy(), matrix(7, 2, Array.from({ length: 14 }, (_, i) => (i % 5) / 4), 'float64'), 2, weights);
  });
  it('categoricalCrossEntropy (with and without label smoothing, sample weights)', () => {
    checkLoss(categoricalCrossEntropy(), labels4, 4);
    checkLoss(categoricalCrossEntropy({ labelSmoothing: 0.1 }), labels4, 4, weights);
  });
  it('meanSquaredError, meanAbsoluteError, huber', () => {
    const t = randomMatrix(7, 2, 33);
    checkLoss(meanSquaredError(), t, 2, weights);
    checkLoss(meanAbsoluteError(), t, 2);
    checkLoss(huber({ delta: 0.8 }), t, 2, weights);
  });
  it('binaryCrossEntropy stays finite for huge logits', () => {
    const v = binaryCrossEntropy().compute(matrix(2, 1, [1000, -1000], 'float64'), Int32Array.of(0, 1));
    expect(v).to.equal(1000);
  });
});
