import { expect } from 'chai';
import { openFits } from '../fits-file.js';
import { encodeBigEndian } from './big-endian.js';
import { scaleValues } from './scaling.js';
import { hduBytes } from '../fuzz/fits-builder.js';

describe('scaleValues: BLANK that is not an integer', () => {
  // Found by the fuzzer: BLANK = 2.5 (or 1E-300, -6.5, 1E999) on a BITPIX = 64 image reached BigInt(2.5), an
  // untyped RangeError. No 64-bit integer equals such a BLANK, so it marks no pixel.
  it('marks no pixel of a BITPIX = 64 image, under both policies', () => {
    for (const blank of ['2.5', '1E-300', '-6.5', '1E999']) {
      const bytes = hduBytes([['SIMPLE', true], ['BITPIX', 64], ['NAXIS', 1], ['NAXIS1', 3], ['BLANK', { raw: blank }]], encodeBigEndian(BigInt64Array.of(2n, 3n, -7n)));
      const std = openFits(bytes).readImage(0);
      expect(std.blankCount, blank).to.equal(0);
      expect(Array.from(std.data.data as BigInt64Array)).to.deep.equal([2n, 3n, -7n]);
      // astropy turns an integer image with a BLANK card into floats, whether or not a pixel matches.
      const astro = openFits(bytes).readImage(0, { blank: 'astropy' });
      expect(Array.from(astro.data.data as Float64Array), blank).to.deep.equal([2, 3, -7]);
    }
  });

  it('still marks integer BLANKs, as numbers or bigints', () => {
    const raw = BigInt64Array.of(2n, -7n, -7n);
    expect(scaleValues(raw, { bitpix: 64, bscale: 1, bzero: 0, blank: -7, policy: 'standard', compressed: false }).blankCount).to.equal(2);
    expect(scaleValues(raw, { bitpix: 64, bscale: 2, bzero: 0, blank: -7n, policy: 'standard', compressed: false }).values[1]).to.be.NaN;
    expect(scaleValues(raw, { bitpix: 64, bscale: 2, bzero: 0, blank: 2.5, policy: 'astropy', compressed: false }).values[1]).to.equal(-14);
  });
});
