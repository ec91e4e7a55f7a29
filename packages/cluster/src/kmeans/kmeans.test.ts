import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { KMeans } from './kmeans.js';
import { ortAssignmentKernel } from '../kernels/ort-assignment-kernel.js';
import type { AssignmentKernel } from '../kernels/assignment-kernel.js';
import { matrix, matrixFromRows } from '../matrix.js';
import { fixture, fixtureMatrix, maxAbsDiff } from '../test-support/sklearn-fixture.js';

function caseData(c: any): { x: ReturnType<typeof fixtureMatrix> } {
  const values = c.x === 'same-as-clean' ? fixture.kmeans[0].x : c.x;
  return { x: fixtureMatrix(values, c.rows, c.cols) };
}

async function rejects(p: Promise<unknown>, code: string): Promise<void> {
  try { await p; } catch (e) { expect(isKenobiError(e, code), String(e)).to.equal(true); return; }
  expect.fail(`expected ${code}`);
}

describe('KMeans parity with scikit-learn 1.2.1', () => {
  let ort: AssignmentKernel;
  before(async () => { ort = await ortAssignmentKernel({ threads: 1 }); });
  after(async () => { await ort.dispose(); });

  for (const kernelName of ['ts', 'ort'] as const) {
    for (const c of fixture.kmeans as any[]) {
      it(`${c.name}: same labels, centres (≤ 1e-4) and inertia from sklearn's initial centres [${kernelName}]`, async () => {
        const { x } = caseData(c);
        const km = await new KMeans({ k: c.k, init: Float64Array.from(c.init), kernel: kernelName === 'ts' ? 'ts' : ort }).fit(x);
        expect(Array.from(km.labels)).to.deep.equal(c.labels);
        expect(maxAbsDiff(km.centers, c.centers)).to.be.below(1e-4);
        expect(km.inertia).to.be.closeTo(c.inertia, 1e-5 * c.inertia);
        expect(km.nIter).to.equal(c.nIter);
      });
    }
  }

  it('k-means++ over 20 seeds reaches a median inertia no worse than sklearn over 20 random_states', async () => {
    const f = fixture.kmeansPlusPlus;
    const x = fixtureMatrix(f.x, f.rows, f.cols);
    const inertias: number[] = [];
    for (let seed = 0; seed < 20; seed++) inertias.push((await new KMeans({ k: f.k, seed, kernel: 'ts' }).fit(x)).inertia);
    inertias.sort((a, b) => a - b);
    const median = (inertias[9]! + inertias[10]!) / 2;
    expect(median).to.be.at.most(f.median * (1 + 1e-6));
  });

  it('is reproducible for a seed and predict/transform agree with the fit', async () => {
    const c = fixture.kmeans[1];
    const { x } = caseData(c);
    const a = await new KMeans({ k: c.k, seed: 3, nInit: 2, kernel: 'ts' }).fit(x);
    const b = await new KMeans({ k: c.k, seed: 3, nInit: 2, kernel: 'ts' }).fit(x);
    expect(Array.from(a.labels)).to.deep.equal(Array.from(b.labels));
    expect(Array.from(await a.predict(x))).to.deep.equal(Array.from(a.labels));
    const d = await a.transform(x);
    let s = 0;
    a.labels.forEach((l, i) => { s += d[i * c.k + l]! ** 2; });
    expect(s).to.be.closeTo(a.inertia, 1e-6 * a.inertia);
  });
});

describe('KMeans bad input', () => {
  it('k > N is cluster/k-too-large', () => rejects(new KMeans({ k: 5, kernel: 'ts' }).fit(matrixFromRows([[1], [2]])), 'cluster/k-too-large'));
  it('a NaN row is cluster/non-finite-input naming the row', async () => {
    try {
      await new KMeans({ k: 1, kernel: 'ts' }).fit(matrixFromRows([[1, 2], [NaN, 0]]));
      expect.fail('no error');
    } catch (e) {
      expect(isKenobiError(e, 'cluster/non-finite-input')).to.equal(true);
      expect((e as Error).message).to.match(/row 1/);
    }
  });
  it('empty input is cluster/empty-input', () => rejects(new KMeans({ k: 1 }).fit(matrix(new Float32Array(0), 0, 4)), 'cluster/empty-input'));
  it('predict before fit is cluster/not-fitted', () => rejects(new KMeans({ k: 1 }).predict(matrixFromRows([[1]])), 'cluster/not-fitted'));
  it('zero-variance features run (as sklearn): a constant column does not change the clustering', async () => {
    const x = matrixFromRows([[0, 5], [0.1, 5], [10, 5], [10.1, 5]]);
    const km = await new KMeans({ k: 2, kernel: 'ts', seed: 1 }).fit(x);
    expect(km.labels[0]).to.equal(km.labels[1]);
    expect(km.labels[2]).to.equal(km.labels[3]);
    expect(km.labels[0]).to.not.equal(km.labels[2]);
  });
});
