import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import { fillDropoutMask } from './dropout-masks.js';

describe('cnn/dropout-masks', () => {
  for (const rate of [0.5, 0.25, 0.1]) {
    it(`keeps a fraction 1 − ${rate} (within 4σ) scaled by 1/(1 − rate), the same for the same generator`, () => {
      const n = 200_001;
      const a = new Float32Array(n), b = new Float32Array(n), c = new Float32Array(n);
      fillDropoutMask(a, rate, new SeededRandom(3));
      fillDropoutMask(b, rate, new SeededRandom(3));
      fillDropoutMask(c, rate, new SeededRandom(4));
      expect(b).to.deep.equal(a);
      expect(c).to.not.deep.equal(a);
      const scale = Math.fround(1 / (1 - rate));
      expect([...new Set(a)].sort()).to.deep.equal([0, scale].sort());
      const kept = a.reduce((s, v) => s + (v > 0 ? 1 : 0), 0) / n;
      expect(Math.abs(kept - (1 - rate))).to.be.below(4 * Math.sqrt(rate * (1 - rate) / n));
      // neighbours come from the two halves of one draw: they must not be correlated
      let both = 0;
      for (let i = 0; i + 1 < n; i += 2) if (a[i]! > 0 && a[i + 1]! > 0) both++;
      expect(Math.abs(both / Math.floor(n / 2) - (1 - rate) ** 2)).to.be.below(0.01);
    });
  }

  it('keeps everything at rate 0', () => {
    const m = new Float32Array(1001);
    fillDropoutMask(m, 0, new SeededRandom(1));
    expect(m.every((v) => v === 1)).to.equal(true);
  });
});
