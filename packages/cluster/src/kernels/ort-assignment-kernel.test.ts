import { expect } from 'chai';
import { SeededRandom, isKenobiError } from '@kenobi/core';
import { KMeans } from '../kmeans/kmeans.js';
import { centreData } from '../kmeans/centre-data.js';
import { matrixFromRows } from '../matrix.js';
import type { AssignmentKernel } from './assignment-kernel.js';
import { ortAssignmentKernel } from './ort-assignment-kernel.js';
import { tsAssignmentKernel } from './ts-assignment-kernel.js';

function randomData(rows: number, cols: number, seed: number): Float32Array {
  const rng = new SeededRandom(seed);
  return Float32Array.from({ length: rows * cols }, (_, i) => rng.normal() * (1 + (i % cols) / cols) + 3);
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return m;
}

describe('ortAssignmentKernel graphs', () => {
  let ort: AssignmentKernel;
  before(async () => { ort = await ortAssignmentKernel({ threads: 1, blockRows: 700 }); });
  after(async () => { await ort.dispose(); });

  it('centre() equals the TypeScript centring (means, centred rows, mean variance, row norms)', async () => {
    const rows = 1500;
    const cols = 24;
    const x = randomData(rows, cols, 1);
    const c = await ort.centre!(x, rows, cols);
    const ref = centreData(x, rows, cols);
    expect(c.finite).to.equal(true);
    expect(maxRelDiff(c.mean, ref.mean)).to.be.below(1e-5);
    expect(maxRelDiff(c.centred, ref.centred)).to.be.below(1e-5);
    expect(c.meanVariance).to.be.closeTo(ref.meanVariance, 1e-5 * ref.meanVariance);
    let worst = 0;
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += ref.centred[i * cols + j]! ** 2;
      worst = Math.max(worst, Math.abs(c.rowNorms[i]! - s) / s);
    }
    expect(worst).to.be.below(1e-5);
  });

  it('centre() reports non-finite input', async () => {
    const x = randomData(10, 3, 2);
    x[7] = NaN;
    expect((await ort.centre!(x, 10, 3)).finite).to.equal(false);
    x[7] = Infinity;
    expect((await ort.centre!(x, 10, 3)).finite).to.equal(false);
  });

  it('assign() gives the TypeScript kernel\'s labels, sums and counts over several row blocks (ScatterND sums)', async () => {
    const rows = 2000;
    const cols = 16;
    const k = 7;
    const x = randomData(rows, cols, 3);
    const centers = randomData(k, cols, 4);
    const run = async (kernel: AssignmentKernel) => {
      const bound = await kernel.bind(x, rows, cols);
      const out = { labels: new Int32Array(rows), distances: new Float32Array(rows), sums: new Float64Array(k * cols), counts: new Float64Array(k) };
      await bound.assign(centers, k, out);
      return out;
    };
    const a = await run(ort);
    const b = await run(tsAssignmentKernel());
    expect(Array.from(a.labels)).to.deep.equal(Array.from(b.labels));
    expect(Array.from(a.counts)).to.deep.equal(Array.from(b.counts));
    expect(a.counts.reduce((s, v) => s + v, 0)).to.equal(rows);
    expect(maxRelDiff(a.sums, b.sums)).to.be.below(1e-5);
    expect(maxRelDiff(a.distances, b.distances)).to.be.below(1e-4);
  });

  it('KMeans on the ORT kernel names the NaN row (checked after the centring graph)', async () => {
    try {
      await new KMeans({ k: 1, kernel: ort }).fit(matrixFromRows([[1, 2], [3, 4], [NaN, 0]]));
      expect.fail('no error');
    } catch (e) {
      expect(isKenobiError(e, 'cluster/non-finite-input'), String(e)).to.equal(true);
      expect((e as Error).message).to.match(/row 2/);
    }
  });
});
