import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import { fillNormals } from './normal-deviates.js';

describe('fillNormals (ziggurat)', () => {
  it('draws standard normals: moments, central and tail fractions, and the same values for the same seed', () => {
    const n = 400_000;
    const z = fillNormals(new SeededRandom(11), new Float64Array(n), n);
    let m = 0, v = 0, k4 = 0, in1 = 0, beyond2 = 0, beyond3 = 0, beyondR = 0, pos = 0;
    for (const x of z) {
      m += x; v += x * x; k4 += x ** 4;
      if (Math.abs(x) < 1) in1++;
      if (Math.abs(x) > 2) beyond2++;
      if (Math.abs(x) > 3) beyond3++;
      if (Math.abs(x) > 3.442619855899) beyondR++;
      if (x > 0) pos++;
    }
    m /= n; v = v / n - m * m; k4 /= n;
    expect(Math.abs(m)).to.be.below(0.006); // 4σ of the mean
    expect(v).to.be.closeTo(1, 0.01);
    expect(k4).to.be.closeTo(3, 0.06); // kurtosis of a normal
    expect(in1 / n).to.be.closeTo(0.682689, 0.003);
    expect(beyond2 / n).to.be.closeTo(0.0455003, 0.0013);
    expect(beyond3 / n).to.be.closeTo(0.0026998, 0.0003);
    expect(beyondR / n).to.be.closeTo(5.76e-4, 1.5e-4); // the tail sampler
    expect(pos / n).to.be.closeTo(0.5, 0.003);
    const again = fillNormals(new SeededRandom(11), new Float64Array(1000), 1000);
    expect(Array.from(again)).to.deep.equal(Array.from(z.subarray(0, 1000)));
  });
});
