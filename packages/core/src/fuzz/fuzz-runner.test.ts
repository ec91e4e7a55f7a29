import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { runFuzzCampaign } from './fuzz-runner.node.js';

describe('fuzz runner (scripts/fuzz)', () => {
  it('counts a hang, a crash, an untyped error and an oversized allocation, each at its case, and goes on after them', async function () {
    this.timeout(120_000); // three child processes and a 3 s hang
    const r = await runFuzzCampaign({
      childModule: fileURLToPath(new URL('./sabotage-fuzz-child.node.ts', import.meta.url)),
      seed: 9, cases: 10, hangMs: 3000, fixedBudgetBytes: 2 ** 20, perInputByte: 1,
    });
    const kinds = r.tally.failures.map((f) => `${f.kind} ${f.caseId}`);
    expect(kinds).to.have.members(['hang seed 9 case 2', 'crash seed 9 case 4', 'untyped seed 9 case 6', 'oversize seed 9 case 8']);
    expect(r.tally.cases).to.equal(10);
    expect(r.tally.byOutcome.get('work test/typed')).to.equal(7);
  });
});
