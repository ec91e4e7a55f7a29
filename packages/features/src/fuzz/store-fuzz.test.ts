import { expect } from 'chai';
import { FuzzTally } from '../../../core/src/fuzz/fuzz-tally.js';
import { runStorePipeline, storeFuzzInput } from './store-fuzz-case.node.js';
import { storeSeeds } from './store-fuzz-seeds.node.js';

const SEED = 1;
const CASES = 250;

describe('feature-store seeded fuzzing', () => {
  it(`opens each of ${CASES} damaged stores every way, ending in the store's own rows or a features/* error`, async function () {
    this.timeout(240_000); // a hang guard; the cases take about 10 s (each writes stores to disk)
    const seeds = storeSeeds();
    const tally = new FuzzTally();
    for (let i = 0; i < CASES; i++) {
      const input = storeFuzzInput(seeds, SEED, i);
      const t0 = performance.now();
      tally.record(input.id, await runStorePipeline(input), performance.now() - t0);
    }
    expect(tally.failures, tally.format()).to.deep.equal([]);
    const n = (key: string): number => tally.byOutcome.get(key) ?? 0;
    expect(n('read ok'), tally.format()).to.be.greaterThan(CASES / 10);
    expect(n('read features/store-corrupt'), tally.format()).to.be.greaterThan(CASES / 4);
    expect(n('merge ok') + n('resume ok'), tally.format()).to.be.greaterThan(CASES / 4);
  });
});
