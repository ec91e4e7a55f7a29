import { expect } from 'chai';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SeededRandom, isKenobiError } from '@kenobi/core';
import { MiniBatchKMeans } from './minibatch-kmeans.js';
import { KMeans } from './kmeans.js';
import { matrix, type Matrix } from '../matrix.js';
import { normalizedMutualInfo } from '../metrics/mutual-info.js';
import { ortAssignmentKernel } from '../kernels/ort-assignment-kernel.js';
import type { AssignmentKernel } from '../kernels/assignment-kernel.js';

/** A shard of 8 well-separated 16-d blobs; the same centres for every shard. */
function shard(seed: number, rows: number): { x: Matrix<Float32Array>; y: Int32Array } {
  const centres = new SeededRandom(99);
  const c = Float32Array.from({ length: 8 * 16 }, () => centres.normal() * 6);
  const rng = new SeededRandom(seed);
  const x = new Float32Array(rows * 16);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = rng.int(8);
    for (let j = 0; j < 16; j++) x[i * 16 + j] = c[y[i]! * 16 + j]! + rng.normal();
  }
  return { x: matrix(x, rows, 16), y };
}

describe('MiniBatchKMeans', () => {
  it('streams shards to the same partition as full k-means', async () => {
    const mb = new MiniBatchKMeans({ k: 8, seed: 0, batchSize: 256 });
    for (let s = 0; s < 6; s++) await mb.partialFit(shard(s, 2000).x);
    const test = shard(100, 2000);
    const full = await new KMeans({ k: 8, seed: 0, kernel: 'ts', nInit: 3 }).fit(test.x);
    expect(normalizedMutualInfo(test.y, await mb.predict(test.x))).to.be.above(0.99);
    expect(normalizedMutualInfo(full.labels, await mb.predict(test.x))).to.be.above(0.99);
    expect(mb.rowsSeen).to.equal(12000);
  });

  it('on the ORT kernel (distances in the graph, no row norms) reaches the TypeScript kernel\'s partition', async () => {
    const ort = await ortAssignmentKernel({ threads: 1 });
    try {
      const fitted = async (kernel?: AssignmentKernel | 'ort'): Promise<MiniBatchKMeans> => {
        const mb = new MiniBatchKMeans({ k: 8, seed: 0, batchSize: 256, ...(kernel ? { kernel } : {}) });
        for (let s = 0; s < 4; s++) await mb.partialFit(shard(s, 2000).x);
        return mb;
      };
      const a = await fitted(ort);
      const b = await fitted();
      const byName = await fitted('ort');
      const test = shard(100, 2000);
      expect(a.steps).to.equal(b.steps);
      expect(normalizedMutualInfo(await a.predict(test.x), await b.predict(test.x))).to.be.above(0.99);
      expect(normalizedMutualInfo(test.y, await a.predict(test.x))).to.be.above(0.99);
      // kernel: 'ort' by name runs the same graphs as the kernel passed in
      expect(Array.from(byName.centers)).to.deep.equal(Array.from(a.centers));
      const labels = Array.from(await byName.predict(test.x));
      await byName.dispose();
      await byName.dispose();
      expect(Array.from(await byName.predict(test.x)), 'predict after dispose opens a new kernel').to.deep.equal(labels);
      await byName.dispose();
      // disposing an estimator given a kernel leaves that kernel open
      await a.dispose();
      expect(Array.from(await a.predict(test.x))).to.deep.equal(labels);
    } finally {
      await ort.dispose();
    }
  });

  it('a chunk with NaN or ±Infinity anywhere (also past the last multiple of 4) is cluster/non-finite-input naming the row, on both kernels, and changes nothing', async () => {
    for (const kernel of ['ts', 'ort'] as const) {
      const mb = new MiniBatchKMeans({ k: 2, kernel, batchSize: 256 });
      try {
        await mb.partialFit(shard(0, 600).x);
        const before = Float32Array.from(mb.centers);
        for (const [at, value] of [[5 * 16 + 3, NaN], [2000 * 16 - 1, Infinity], [17, -Infinity]] as const) {
          const { x } = shard(1, 2000);
          x.data[at] = value;
          const odd = matrix(x.data.subarray(0, at + 1), 1, at + 1); // one row whose length is no multiple of 4
          for (const [input, row, model] of [[x, Math.floor(at / 16), mb], [odd, 0, new MiniBatchKMeans({ k: 1, kernel })]] as const) {
            try {
              await model.partialFit(input);
              expect.fail('no error');
            } catch (e) {
              expect(isKenobiError(e, 'cluster/non-finite-input'), `${kernel}: ${String(e)}`).to.equal(true);
              expect((e as Error).message).to.match(new RegExp(`row ${row} holds ${value}`));
            } finally {
              if (model !== mb) await model.dispose();
            }
          }
        }
        expect(Array.from(mb.centers), `${kernel}: the bad chunks' good batches were not applied`).to.deep.equal(Array.from(before));
        expect(mb.rowsSeen).to.equal(600);
      } finally {
        await mb.dispose();
      }
    }
  });

  it('keeps flat memory across shards (heap growth over 40 shards ≪ the data streamed)', async function () {
    this.timeout(120000);
    const mb = new MiniBatchKMeans({ k: 8, seed: 0 });
    const rows = 10000;
    await mb.partialFit(shard(0, rows).x);
    // NOTE: a real GC before each reading (mocha runs without --expose-gc), so garbage from other tests does not count.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    let streamed = 0;
    for (let s = 1; s <= 40; s++) {
      const { x } = shard(s, rows);
      streamed += x.data.byteLength;
      await mb.partialFit(x);
    }
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    // 40 shards × 640 KB = 25.6 MB streamed; the model holds 8 × 16 floats.
    expect(streamed).to.equal(40 * rows * 16 * 4);
    expect(growth).to.be.below(2e6);
  });

  it('fitStream over an empty stream is cluster/empty-input; k > first chunk is cluster/k-too-large', async () => {
    try { await new MiniBatchKMeans({ k: 2 }).fitStream(() => []); expect.fail('no error'); }
    catch (e) { expect(isKenobiError(e, 'cluster/empty-input')).to.equal(true); }
    try { await new MiniBatchKMeans({ k: 20 }).partialFit(shard(1, 10).x); expect.fail('no error'); }
    catch (e) { expect(isKenobiError(e, 'cluster/k-too-large')).to.equal(true); }
  });
});
