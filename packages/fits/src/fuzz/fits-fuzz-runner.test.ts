import { expect } from 'chai';
import { runFitsFuzz } from './fits-fuzz-runner.js';

// The fuzz test passes when the runner sees no untyped error, crash or hang: check that it does see them.
describe('FITS fuzz runner', function () {
  this.timeout(120_000);

  it('reports an untyped error, a crash and a hang at their case, and runs the cases after them', async () => {
    const untyped = await runFitsFuzz({ seed: 5, cases: 12, sabotage: { index: 3, kind: 'untyped' } });
    expect(untyped.untyped.map((f) => f.index)).to.deep.equal([3]);
    expect(untyped.untyped[0]!.error).to.match(/^TypeError: sabotaged case/);
    expect(untyped.cases).to.equal(12);

    const crash = await runFitsFuzz({ seed: 5, cases: 12, sabotage: { index: 7, kind: 'crash' } });
    expect(crash.crashes.map((f) => f.index)).to.deep.equal([7]);
    expect(crash.outcomes.crash).to.equal(1);
    expect(crash.cases).to.equal(12);

    const hang = await runFitsFuzz({ seed: 5, cases: 12, start: 100, hangMs: 1500, sabotage: { index: 105, kind: 'hang' } });
    expect(hang.hangs.map((f) => f.index)).to.deep.equal([105]);
    expect(hang.hangs[0]!.steps.length, 'the parent rebuilds the hung case to name it').to.be.above(0);
    expect(hang.cases).to.equal(12);
    expect(hang.untyped.length + hang.crashes.length).to.equal(0);
  });

  it('splits a run over several children with the same outcomes', async () => {
    const one = await runFitsFuzz({ seed: 9, cases: 200 });
    const two = await runFitsFuzz({ seed: 9, cases: 200, jobs: 2 });
    expect(two.outcomes).to.deep.equal(one.outcomes);
    expect(two.cases).to.equal(200);
  });
});
