import { expect } from 'chai';
import { FuzzTally } from '../../../core/src/fuzz/fuzz-tally.js';
import { builtinSeeds } from './fuzz-seeds.js';
import { onnxFuzzInput, prepareSeeds, runOnnxPipeline } from './onnx-fuzz-case.js';

/** Seed and size of the in-suite run; `scripts/fuzz/onnx.ts` runs the same cases (and bigger graphs) for longer. */
const SEED = 1;
const CASES = 1500;

describe('@kenobi/onnx seeded fuzzing', () => {
  it(`ends every stage of ${CASES} mutated models in a result or an OnnxError (decode, validate, summary, cut, findFeatureTensor)`, function () {
    this.timeout(240_000); // a hang guard on a loaded machine; the cases take about 15 s
    const seeds = prepareSeeds(builtinSeeds());
    const tally = new FuzzTally();
    for (let i = 0; i < CASES; i++) {
      const input = onnxFuzzInput(seeds, SEED, i, { maxNodes: 3000 });
      const t0 = performance.now();
      tally.record(input.id, runOnnxPipeline(input), performance.now() - t0);
    }
    expect(tally.failures, tally.format()).to.deep.equal([]);
    // The mutators reach every stage: some models decode, some fail at decode, some cut and find a feature tensor.
    const n = (key: string): number => tally.byOutcome.get(key) ?? 0;
    expect(n('decode ok'), tally.format()).to.be.greaterThan(CASES / 5);
    expect(n('decode onnx/truncated') + n('decode onnx/invalid'), tally.format()).to.be.greaterThan(CASES / 5);
    expect(n('cut ok'), tally.format()).to.be.greaterThan(CASES / 20);
    expect(n('feature-tensor ok'), tally.format()).to.be.greaterThan(CASES / 20);
  });

  it('makes the same bytes for the same seed and case', () => {
    const seeds = prepareSeeds(builtinSeeds());
    for (const i of [0, 7, 123]) expect(Buffer.from(onnxFuzzInput(seeds, 5, i).bytes).equals(Buffer.from(onnxFuzzInput(seeds, 5, i).bytes))).to.equal(true);
    const distinct = new Set(Array.from({ length: 20 }, (_, i) => Buffer.from(onnxFuzzInput(seeds, 5, i).bytes).toString('base64')));
    expect(distinct.size).to.be.greaterThan(15);
  });
});
