import { expect } from 'chai';
import { FuzzTally } from './fuzz-tally.js';
import { npyFuzzInput, npySeeds, runNpyPipeline } from './npy-fuzz-case.js';

const SEED = 1;
const CASES = 5000;

describe('.npy seeded fuzzing', () => {
  it(`ends each of ${CASES} damaged .npy files in a whole array or a core/npy-* error`, function () {
    this.timeout(120_000); // a hang guard; the cases take about a second
    const seeds = npySeeds();
    const tally = new FuzzTally();
    for (let i = 0; i < CASES; i++) {
      const input = npyFuzzInput(seeds, SEED, i);
      const t0 = performance.now();
      tally.record(input.id, runNpyPipeline(input), performance.now() - t0);
    }
    expect(tally.failures, tally.format()).to.deep.equal([]);
    expect(tally.byOutcome.get('read ok') ?? 0, tally.format()).to.be.greaterThan(CASES / 10);
    expect(tally.byOutcome.get('read core/npy-invalid') ?? 0, tally.format()).to.be.greaterThan(CASES / 2);
  });
});
