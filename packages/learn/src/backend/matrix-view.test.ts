/**
 * Strided views as head input: a transposed or sliced scijs array gives exactly what the contiguous matrix it
 * shows gives (trained weights, predictions, probabilities, classes, MC-dropout), and head outputs come back
 * as scijs arrays (`asNdarray` of `@kenobi/learn/node`), round-tripping with ndarray-ops.
 */
import { expect } from 'chai';
import { ndarray, ops } from '../../../core/src/test-support/scijs.js';
import { asNdarray, fit, fromNdarray, matrix, matrixFromView, mcDropout, mlpHead, predictClasses, predictProba, sgd, binaryCrossEntropy, toMatrix, trainHead } from '../node.js';
import { syntheticBinary } from '../synthetic-binary.test.support.js';

const ROWS = 80, COLS = 6;
const { x, y } = syntheticBinary(ROWS, COLS, 4);

/** The same values stored feature-major ([COLS, ROWS]) and viewed transposed: a [ROWS, COLS] view, not C-contiguous. */
function transposedView(): ReturnType<typeof ndarray<Float32Array>> {
  const byFeature = new Float32Array(ROWS * COLS);
  for (let r = 0; r < ROWS; r += 1) for (let c = 0; c < COLS; c += 1) byFeature[c * ROWS + r] = x.data[r * COLS + c]!;
  return ndarray(byFeature, [COLS, ROWS]).transpose(1, 0);
}

const values = (a: ArrayLike<number>): number[] => Array.from(a);

describe('strided views as head input, ndarray out (@kenobi/learn)', function () {
  this.timeout(60_000);

  it('trainHead (linear, L-BFGS) on a transposed view equals trainHead on the matrix: weights and probabilities', async () => {
    const view = transposedView();
    const spec = { head: 'linear', task: 'classification', classes: 2, seed: 3 } as const;
    const a = await trainHead(x, y, spec);
    const b = await trainHead(view, y, spec);
    expect(b.model.getWeights().map((w) => values(w))).to.deep.equal(a.model.getWeights().map((w) => values(w)));
    expect(values(predictProba(b.model, view).data)).to.deep.equal(values(predictProba(a.model, x).data));
    expect(values(predictClasses(a.model, view))).to.deep.equal(values(predictClasses(a.model, x)));
  });

  it('fit (MLP, SGD) on a transposed view equals fit on the matrix, bit for bit', async () => {
    const train = async (input: Parameters<typeof fit>[1]): Promise<number[][]> => {
      const m = mlpHead({ inputs: COLS, classes: 2, hidden: [8], dropout: 0.2, seed: 5 });
      await fit(m, input, y, { loss: binaryCrossEntropy(), optimizer: sgd({ lr: 0.05 }), epochs: 3, batchSize: 16, seed: 2 });
      return m.getWeights().map((w) => values(w));
    };
    expect(await train(transposedView())).to.deep.equal(await train(x));
  });

  it('predict and mcDropout on a sliced view (every other row, reversed) equal them on those rows copied', () => {
    const m = mlpHead({ inputs: COLS, classes: 3, hidden: [8], dropout: 0.3, seed: 1 });
    const sliced = ndarray(x.data, [ROWS, COLS]).step(-2);
    const rows: number[] = [];
    for (let r = ROWS - 1; r >= 0; r -= 2) rows.push(...values(x.data.subarray(r * COLS, (r + 1) * COLS)));
    const copy = matrix(ROWS / 2, COLS, rows);
    expect(values(m.predict(sliced).data)).to.deep.equal(values(m.predict(copy).data));
    const a = mcDropout(m, copy, { samples: 4, seed: 9 });
    const b = mcDropout(m, sliced, { samples: 4, seed: 9 });
    expect(values(b.mean.data)).to.deep.equal(values(a.mean.data));
    expect(values(b.std.data)).to.deep.equal(values(a.std.data));
  });

  it('head outputs as ndarray: a view of the output; ndarray-ops and fromNdarray round-trip it', () => {
    const m = mlpHead({ inputs: COLS, classes: 3, hidden: [8], dropout: 0, seed: 2 });
    const out = m.predict(x);
    const nd = asNdarray(out);
    expect(nd.shape).to.deep.equal([ROWS, 3]);
    expect(nd.data).to.equal(out.data);
    expect(ops.sum(nd.pick(null, 1))).to.be.closeTo(values(out.data).filter((_, i) => i % 3 === 1).reduce((s, v) => s + v, 0), 1e-3);
    // the embeddings back through ndarray (transposed and back) predict the same logits
    const round = fromNdarray(ndarray(fromNdarray(asNdarray(x).transpose(1, 0)).data, [COLS, ROWS]).transpose(1, 0));
    expect(values(m.predict(round).data)).to.deep.equal(values(out.data));
  });

  it('converts integer views to float32 and refuses views that are not 2-D or non-views (typed errors)', () => {
    const ints = matrixFromView(ndarray(Int16Array.of(1, 2, 3, 4, 5, 6), [2, 3]).transpose(1, 0));
    expect(ints.data).to.be.instanceOf(Float32Array);
    expect([ints.rows, ints.cols, ...values(ints.data)]).to.deep.equal([3, 2, 1, 4, 2, 5, 3, 6]);
    expect(() => toMatrix({ data: new Float32Array(8), shape: [2, 2, 2] })).to.throw(/2-D view/).with.property('code', 'learn/shape-mismatch');
    expect(() => toMatrix({ data: [1, 2] } as never)).to.throw(/matrix \{ rows, cols, data \} or a 2-D strided view/).with.property('code', 'learn/bad-argument');
    const m = mlpHead({ inputs: COLS, classes: 2, hidden: [4], seed: 1 });
    expect(() => m.predict(ndarray(new Float32Array(ROWS * 5), [ROWS, 5]))).to.throw().with.property('code', 'learn/shape-mismatch');
  });
});
