import { expect } from 'chai';
import { SeededRandom } from './seeded-random.js';

describe('SeededRandom', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new SeededRandom(7), b = new SeededRandom(7), c = new SeededRandom(8);
    const sa = Array.from({ length: 5 }, () => a.nextUint32());
    const sb = Array.from({ length: 5 }, () => b.nextUint32());
    const sc = Array.from({ length: 5 }, () => c.nextUint32());
    expect(sa).to.deep.equal(sb);
    expect(sa).to.not.deep.equal(sc);
  });

  it('draws uniforms in [0,1) with mean 1/2 and normals with mean 0, variance 1', () => {
    const r = new SeededRandom(1);
    let su = 0, sn = 0, sn2 = 0, outside = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      su += u;
      const z = r.normal();
      sn += z; sn2 += z * z;
    }
    expect(outside).to.equal(0);
    expect(su / n).to.be.closeTo(0.5, 0.005);
    expect(sn / n).to.be.closeTo(0, 0.01);
    expect(sn2 / n).to.be.closeTo(1, 0.01);
  });

  it('makes permutations that hold every index once', () => {
    const p = new SeededRandom(3).permutation(1000);
    expect(Array.from(p).sort((x, y) => x - y)).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(p)).to.not.deep.equal(Array.from({ length: 1000 }, (_, i) => i));
  });
});
