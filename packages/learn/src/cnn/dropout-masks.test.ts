import { expect } from 'chai';
import { isKenobiError, SeededRandom } from '@kenobi/core';
import { drawDropoutMasks, fillDropoutMask, suppliedMasks } from './dropout-masks.js';
import type { MaskPort } from './image-graph.js';

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

  describe('supplied masks (ImageTrainer.step options)', () => {
    const ports: MaskPort[] = [{ layer: 2, name: 'dropout/mask', dims: [2, 3, 3], rate: 0.5 }, { layer: 9, name: 'dropout_1/mask', dims: [4], rate: 0.25 }];
    const is = (code: string, message: RegExp) => (e: unknown): boolean => isKenobiError(e) && e.code === code && message.test(e.message);

    it('returns them in port order when every mask is given with n × dims values', () => {
      const a = new Float32Array(3 * 18).fill(2), b = new Float32Array(3 * 4);
      const out = suppliedMasks({ 'dropout_1/mask': b, 'dropout/mask': a }, ports, 3);
      expect(out[0]).to.equal(a);
      expect(out[1]).to.equal(b);
    });

    it('refuses a missing or unknown mask (learn/bad-argument) and a wrong size (learn/shape-mismatch)', () => {
      const a = new Float32Array(36), b = new Float32Array(8);
      expect(() => suppliedMasks({ 'dropout/mask': a }, ports, 2)).to.throw().that.satisfies(is('learn/bad-argument', /missing 'dropout_1\/mask'/));
      expect(() => suppliedMasks({ 'dropout/mask': a, 'dropout_1/mask': b, 'dropout_7/mask': b }, ports, 2)).to.throw().that.satisfies(is('learn/bad-argument', /unknown 'dropout_7\/mask'/));
      expect(() => suppliedMasks({ 'dropout/mask': a, 'dropout_1/mask': b }, ports, 3)).to.throw().that.satisfies(is('learn/shape-mismatch', /'dropout\/mask' needs 54 float32 values \(\[3, 2, 3, 3\]\), got 36/));
    });

    it('drawDropoutMasks reuses its buffers and draws what fillDropoutMask draws, port after port', () => {
      const buffers = new Map<string, Float32Array>();
      const [m0, m1] = drawDropoutMasks(ports, 3, 4, new SeededRandom(9), buffers);
      const rng = new SeededRandom(9), e0 = new Float32Array(54), e1 = new Float32Array(12);
      fillDropoutMask(e0, 0.5, rng);
      fillDropoutMask(e1, 0.25, rng);
      expect(m0).to.deep.equal(e0);
      expect(m1).to.deep.equal(e1);
      expect(buffers.get('dropout/mask')!.length).to.equal(4 * 18);
      const [again] = drawDropoutMasks(ports, 2, 4, new SeededRandom(9), buffers);
      expect(again!.buffer).to.equal(m0!.buffer);
      expect(again!.length).to.equal(36);
    });
  });
});
