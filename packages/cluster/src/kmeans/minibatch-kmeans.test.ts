import { expect } from 'chai';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SeededRandom, isKenobiError } from '@kenobi/core';
import { MiniBatchKMeans } from './minibatch-kmeans.js';
import { KMeans } from './kmeans.js';
import { matrix, type Matrix } from '../matrix.js';
import { normalizedMutualInfo } from '../metrics/mutual-info.js';

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
