import { expect } from 'chai';
import { accuracyOf, classMetrics, crossEntropy, positiveClass } from './class-scores.js';

describe('image-training/class-scores', () => {
  it('scores sigmoid and softmax outputs; the positive class defaults to lens, else the second', () => {
    const p = Float32Array.of(0.9, 0.2, 0.6, 0.4);
    const y = Int32Array.of(1, 0, 0, 1);
    expect(crossEntropy(p, 1, y)).to.be.closeTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4, 1e-7);
    expect(accuracyOf(p, 1, y)).to.equal(0.5);
    expect(accuracyOf(Float32Array.of(0.1, 0.7, 0.2, 0.6, 0.3, 0.1), 3, Int32Array.of(1, 0))).to.equal(1);
    const m = classMetrics(p, 1, y, 1), flipped = classMetrics(p, 1, y, 0);
    expect(m['auc']).to.equal(0.75);
    expect(flipped['auc']).to.equal(0.75); // same ranking, seen from the other class
    expect(positiveClass(['lens', 'non-lens'])).to.equal(0);
    expect(positiveClass(['elliptical', 'spiral'])).to.equal(1);
    expect(() => positiveClass(['a', 'b'], 'c')).to.throw(/no such class/);
    expect(classMetrics(p, 1, Int32Array.of(1, 1, 1, 1), 1)).to.not.have.property('auc'); // one class: no AUC
  });
});
