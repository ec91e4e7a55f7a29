import { expect } from 'chai';
import { SeededRandom, isKenobiError } from '@kenobi/core';
import { KMeans } from '../kmeans/kmeans.js';
import { centreData } from '../kmeans/centre-data.js';
import { matrixFromRows } from '../matrix.js';
import { rowSquaredNorms, type AssignmentKernel } from './assignment-kernel.js';
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

  it('assign() without row norms (distances in the graph) equals assign() with them, with and without sums', async () => {
    const rows = 1500;
    const cols = 12;
    const k = 5;
    const x = randomData(rows, cols, 5);
    const centers = randomData(k, cols, 6);
    const out = (sums: boolean) => ({
      labels: new Int32Array(rows), distances: new Float32Array(rows),
      ...(sums ? { sums: new Float64Array(k * cols), counts: new Float64Array(k) } : {}),
    });
    const withNorms = await ort.bind(x, rows, cols, rowSquaredNorms(x, rows, cols));
    const without = await ort.bind(x, rows, cols);
    for (const sums of [true, false]) {
      const a = out(sums);
      const b = out(sums);
      await without.assign(centers, k, a);
      await withNorms.assign(centers, k, b);
      expect(Array.from(a.labels), `sums ${sums}`).to.deep.equal(Array.from(b.labels));
      expect(maxRelDiff(a.distances, b.distances), `sums ${sums}`).to.be.below(1e-5);
      expect(Math.min(...a.distances)).to.be.at.least(0);
      if (sums) expect(Array.from(a.sums!)).to.deep.equal(Array.from(b.sums!));
    }
    // the row norms are computed on first need for the other methods
    expect(maxRelDiff(await without.squaredDistances(centers, k), await withNorms.squaredDistances(centers, k))).to.equal(0);
  });

  it('allFinite() screens NaN, ±Infinity and float32 overflow of the sum (then the TypeScript check decides)', async () => {
    const x = randomData(333, 3, 7);
    expect(await ort.allFinite!(x)).to.equal(true);
    expect(await ort.allFinite!(new Float32Array(0))).to.equal(true);
    for (const v of [NaN, Infinity, -Infinity]) {
      const y = x.slice();
      y[998] = v;
      expect(await ort.allFinite!(y), String(v)).to.equal(false);
    }
    expect(await ort.allFinite!(Float32Array.of(3e38, 3e38))).to.equal(false); // finite values, overflowing sum
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
