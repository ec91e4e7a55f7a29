import { expect } from 'chai';
import { FuzzTally } from '../../../core/src/fuzz/fuzz-tally.js';
import { kenobiFuzzInput, kenobiSeeds, runKenobiPipeline } from './kenobi-fuzz-case.js';

const SEED = 1;
const CASES = 3000;

describe('.kenobi seeded fuzzing', () => {
  it(`ends each of ${CASES} damaged head files in a loaded model or a learn/bad-file error`, function () {
    this.timeout(120_000); // a hang guard; the cases take about a second
    const seeds = kenobiSeeds();
    const tally = new FuzzTally();
    for (let i = 0; i < CASES; i++) {
      const input = kenobiFuzzInput(seeds, SEED, i);
      const t0 = performance.now();
      tally.record(input.id, runKenobiPipeline(input), performance.now() - t0);
    }
    expect(tally.failures, tally.format()).to.deep.equal([]);
    expect(tally.byOutcome.get('predict ok') ?? 0, tally.format()).to.be.greaterThan(CASES / 10);
    expect(tally.byOutcome.get('load learn/bad-file') ?? 0, tally.format()).to.be.greaterThan(CASES / 2);
  });
});
