import { expect } from 'chai';
import { ortAssignmentKernel } from '../kernels/ort-assignment-kernel.js';
import { tsAssignmentKernel } from '../kernels/ts-assignment-kernel.js';
import type { AssignmentKernel, BoundAssignment } from '../kernels/assignment-kernel.js';
import { blobs } from '../test-support/blobs.js';
import { lloyd } from './lloyd.js';
import { moveRow } from './move-row.js';

/**
 * The kernel's assignment, except that at the given step every row of cluster 0 goes to cluster 1 (sums and
 * counts moved with them when asked for): cluster 0 is then empty late in the run, when few rows change.
 */
function emptyingClusterZeroAt(step: number, inner: BoundAssignment, data: Float32Array, cols: number): BoundAssignment {
  let calls = 0;
  return {
    rows: inner.rows,
    squaredDistances: (p, m) => inner.squaredDistances(p, m),
    assign: async (centers, k, out) => {
      await inner.assign(centers, k, out);
      if (++calls !== step) return;
      for (let i = 0; i < out.labels.length; i++) {
        if (out.labels[i] !== 0) continue;
        out.labels[i] = 1;
        if (out.sums && out.counts) moveRow(data, cols, i, 0, 1, out.sums, out.counts);
      }
    },
  };
}

describe('Lloyd with centre sums updated from the rows that changed', function () {
  this.timeout(60_000);
  const rows = 1500, cols = 24, k = 6;
  const x = blobs(rows, cols, k, 5, 0.6);
  const init = x.slice(0, k * cols);
  // one initial centre far from every row: its cluster is empty at the first step, so a row is relocated
  const farInit = init.slice();
  farInit.fill(1e3, 0, cols);
  for (const [name, make] of [['ts', async () => tsAssignmentKernel()], ['ort', async () => ortAssignmentKernel({ threads: 1 })]] as [string, () => Promise<AssignmentKernel>][]) {
    it(`${name}: the same labels, centres and iterations as summing every row each step (also after an empty-cluster relocation)`, async () => {
      const kernel = await make();
      try {
        const bound = await kernel.bind(x, rows, cols);
        for (const start of [init, farInit]) {
          const full = await lloyd(x, bound, cols, start, k, { maxIter: 300, tol: 0, incrementalFraction: 0 });
          // 1: every step after the second (and after a relocation, one full step) moves only the changed rows
          for (const fraction of [1, 0.1]) {
            const inc = await lloyd(x, bound, cols, start, k, { maxIter: 300, tol: 0, incrementalFraction: fraction });
            expect(full.nIter).to.be.greaterThan(5);
            expect(inc.nIter, `fraction ${fraction}`).to.equal(full.nIter);
            expect(inc.converged).to.equal(full.converged);
            expect(Array.from(inc.labels)).to.deep.equal(Array.from(full.labels));
            for (let i = 0; i < k * cols; i++) expect(inc.centers[i]).to.be.closeTo(full.centers[i]!, 1e-5);
          }
        }
        // the far centre's cluster really was emptied and refilled
        const relocated = await lloyd(x, bound, cols, farInit, k, { maxIter: 1, tol: 0 });
        expect(Math.abs(relocated.centers[0]!)).to.be.below(100);
        // a relocation late in the run (step 5, few rows changing): the next step must sum every row again
        const full = await lloyd(x, emptyingClusterZeroAt(5, bound, x, cols), cols, init, k, { maxIter: 300, tol: 0, incrementalFraction: 0 });
        const inc = await lloyd(x, emptyingClusterZeroAt(5, bound, x, cols), cols, init, k, { maxIter: 300, tol: 0, incrementalFraction: 1 });
        expect(full.nIter).to.be.greaterThan(6);
        expect(inc.nIter).to.equal(full.nIter);
        expect(Array.from(inc.labels)).to.deep.equal(Array.from(full.labels));
        for (let i = 0; i < k * cols; i++) expect(inc.centers[i]).to.be.closeTo(full.centers[i]!, 1e-5);
      } finally {
        await kernel.dispose();
      }
    });
  }
});
