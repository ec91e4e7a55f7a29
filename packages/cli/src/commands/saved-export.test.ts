import { expect } from 'chai';
import { mcDropoutReport } from './saved-export.js';

describe('kenobi export: what --mc-dropout did', () => {
  it('says the MC-dropout form when the network has dropout, warns when it has none, and says nothing without the flag', () => {
    const on = { mcDropout: { enabled: true, note: 'random mask (RandomUniformLike): ...' } };
    const off = { mcDropout: { enabled: false, note: 'off: dropout is left out (deterministic)' } };
    expect(mcDropoutReport(on, true)).to.deep.equal({ line: '  MC-dropout: random mask (RandomUniformLike): ...' });
    expect(mcDropoutReport(off, true).warning).to.match(/^warning: --mc-dropout: the network has no dropout layer .*deterministic.*--head mlp --dropout/);
    expect(mcDropoutReport(off, true).line).to.equal(undefined);
    expect(mcDropoutReport(on, false)).to.deep.equal({});
    expect(mcDropoutReport({}, true).warning).to.be.a('string');
  });
});
