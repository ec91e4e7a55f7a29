import { expect } from 'chai';
import { formatDuration } from '../progress-bar.js';
import { timeLeft } from './run-stage.js';

describe('kenobi train --arch: the time left after each epoch', () => {
  it('is the epochs left here and the later stages\' images × epochs at this stage\'s seconds per image-epoch', () => {
    expect(timeLeft(20, 10, 800, 30, 3200)).to.be.closeTo((20 * 800 + 3200 * 30) * (20 / 8000), 1e-9); // 280 s
    expect(timeLeft(20, 30, 800, 30, 0)).to.equal(0); // the last epoch of the last stage
    expect(timeLeft(0, 0, 800, 30, 3200)).to.equal(0); // nothing measured yet
    expect(formatDuration(280)).to.equal('4m40s');
    expect(formatDuration(4000)).to.equal('1h06m');
    expect(formatDuration(Infinity)).to.equal('?');
  });
});
