import { expect } from 'chai';
import { ortAssignmentKernel } from '../kernels/ort-assignment-kernel.js';
import { tsAssignmentKernel } from '../kernels/ts-assignment-kernel.js';
import type { AssignmentKernel } from '../kernels/assignment-kernel.js';
import { blobs } from '../test-support/blobs.js';
import { lloyd } from './lloyd.js';
import { lloydBounded } from './lloyd-bounded.js';

describe('Lloyd with Hamerly bounds', function () {
  this.timeout(60_000);
  const rows = 1500, cols = 24, k = 6;
  const x = blobs(rows, cols, k, 3, 0.6);
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
