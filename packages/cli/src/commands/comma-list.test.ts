import { expect } from 'chai';
import { commaList } from './comma-list.js';

describe('commaList', () => {
  it('splits on commas, trims each entry and drops the empty ones', () => {
    expect(commaList('g,r,i')).to.deep.equal(['g', 'r', 'i']);
    expect(commaList(' lens , non-lens ')).to.deep.equal(['lens', 'non-lens']);
    expect(commaList('lens,,non-lens,')).to.deep.equal(['lens', 'non-lens']);
    expect(commaList('64')).to.deep.equal(['64']);
  });

  it('is undefined for an absent flag, a non-string and an empty value; only commas give no entry', () => {
    for (const v of [undefined, true, 3, '']) expect(commaList(v), String(v)).to.equal(undefined);
    expect(commaList(',')).to.deep.equal([]);
    expect(commaList(' , ')).to.deep.equal([]);
  });
});
