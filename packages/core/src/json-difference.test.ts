import { expect } from 'chai';
import { firstJsonDifference } from './json-difference.js';

describe('@kenobi/core firstJsonDifference', () => {
  it('names the first differing path, depth first, objects by sorted key', () => {
    expect(firstJsonDifference({ a: 1, b: { c: [1, 2, { d: 'x' }] } }, { a: 1, b: { c: [1, 2, { d: 'y' }] } })).to.equal('b.c[2].d: "x" vs "y"');
    expect(firstJsonDifference({ z: 1, a: 1 }, { z: 2, a: 2 })).to.equal('a: 1 vs 2');
    expect(firstJsonDifference({ optimizer: { lr: 1e-4 } }, { optimizer: { lr: 1e-3 } })).to.equal('optimizer.lr: 0.0001 vs 0.001');
  });
  it('says (none) for a missing key or element, and cuts long values', () => {
    expect(firstJsonDifference({ a: 1 }, { a: 1, b: true })).to.equal('b: (none) vs true');
    expect(firstJsonDifference([1, 2], [1, 2, 3])).to.equal('[2]: (none) vs 3');
    const long = 'x'.repeat(200);
    expect(firstJsonDifference({ s: long }, { s: 'y' })).to.match(/^s: "x{58}… vs "y"$/);
    expect(firstJsonDifference([1], { 0: 1 })).to.equal('(the whole value): [1] vs {"0":1}');
  });
  it('is undefined for equal values, whatever their key order', () => {
    expect(firstJsonDifference({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).to.equal(undefined);
    expect(firstJsonDifference(null, null)).to.equal(undefined);
  });
});
