import { expect } from 'chai';
import { editDistance, nearestNames } from './nearest-names.js';

describe('nearestNames', () => {
  it('measures Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).to.equal(3);
    expect(editDistance('', 'abc')).to.equal(3);
    expect(editDistance('mnist-7', 'mnist-8')).to.equal(1);
  });

  it('ranks containing names and small edits first, ties in the given order', () => {
    expect(nearestNames('avgpool', ['avg_pool', 'fc1000', 'bn'])).to.deep.equal(['avg_pool', 'fc1000', 'bn']); // fc1000 and bn tie at 7
    expect(nearestNames('Pool', ['a', 'pool2', 'pool1'], { count: 2 })).to.deep.equal(['pool2', 'pool1']);
  });

  it('keeps only close names when asked', () => {
    expect(nearestNames('resnet50', ['resnet50-v1-7', 'resnet50-v2-7', 'vgg16-12'], { count: 3, onlyClose: true }))
      .to.deep.equal(['resnet50-v1-7', 'resnet50-v2-7']);
    expect(nearestNames('zzzzzz', ['mnist-8'], { onlyClose: true })).to.deep.equal([]);
  });
});
