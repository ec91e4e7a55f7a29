import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import { ortAssignmentKernel } from '../kernels/ort-assignment-kernel.js';
import { tsAssignmentKernel } from '../kernels/ts-assignment-kernel.js';
import type { AssignmentKernel } from '../kernels/assignment-kernel.js';
import { lloyd } from './lloyd.js';
import { lloydBounded } from './lloyd-bounded.js';

/** Overlapping blobs: many rows sit near cluster boundaries, so bounds and relabelling both get exercised. */
function blobs(rows: number, cols: number, k: number, seed: number): Float32Array {
  const rng = new SeededRandom(seed);
  const centres = Float32Array.from({ length: k * cols }, () => rng.normal() * 0.6);
  const x = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const c = rng.int(k);
    for (let j = 0; j < cols; j++) x[i * cols + j] = centres[c * cols + j]! + rng.normal();
  }
  return x;
}

describe('Lloyd with Hamerly bounds', function () {
  this.timeout(60_000);
  const rows = 1500, cols = 24, k = 6;
  const x = blobs(rows, cols, k, 3);
  const init = x.slice(0, k * cols);
  for (const [name, make] of [['ts', async () => tsAssignmentKernel()], ['ort', async () => ortAssignmentKernel({ threads: 1 })]] as [string, () => Promise<AssignmentKernel>][]) {
    it(`${name}: same labels, centres and iterations as plain Lloyd, and skips most distance work`, async () => {
      const kernel = await make();
      try {
        const bound = await kernel.bind(x, rows, cols);
        const plain = await lloyd(x, bound, cols, init, k, { maxIter: 300, tol: 0, bounds: false });
        const fast = await lloydBounded(x, bound, cols, init, k, { maxIter: 300, tol: 0 });
        expect(plain.nIter).to.be.greaterThan(5);
        expect(fast.nIter).to.equal(plain.nIter);
        expect(fast.converged).to.equal(plain.converged);
        expect(Array.from(fast.labels)).to.deep.equal(Array.from(plain.labels));
        for (let i = 0; i < k * cols; i++) expect(fast.centers[i]).to.be.closeTo(plain.centers[i]!, 1e-4);
        for (let i = 0; i < rows; i++) expect(fast.distances[i]).to.be.closeTo(plain.distances[i]!, 1e-3 * (1 + plain.distances[i]!));
        expect(fast.skipped).to.be.greaterThan(0.3);
      } finally {
        await kernel.dispose();
      }
    });
  }
});
