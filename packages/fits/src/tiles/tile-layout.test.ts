import { expect } from 'chai';
import { openFits } from '../fits-file.js';
import { FitsError } from '../errors.js';
import { compressedImageHdu, concatBytes, hduBytes, withCard } from '../fuzz/fits-builder.js';

const primary = hduBytes([['SIMPLE', true], ['BITPIX', 8], ['NAXIS', 0], ['EXTEND', true]], new Uint8Array(0));
const pixels = Int16Array.from({ length: 16 * 20 }, (_, i) => ((i * 37) % 701) - 300);
const rice = concatBytes([primary, compressedImageHdu({ data: pixels, shape: [16, 20], algorithm: 'RICE_1', tile: [5, 4] })]);
const floats = Float32Array.from({ length: 16 * 20 }, (_, i) => 50 + 5 * Math.sin(i / 3));
const quantized = concatBytes([primary, compressedImageHdu({ data: floats, shape: [16, 20], algorithm: 'GZIP_1', tile: [5, 8], quantize: { scale: 0.01, method: 'SUBTRACTIVE_DITHER_1' } })]);

/** The code of the FitsError that reading HDU 1 throws (readImage and readRaw must agree). */
function codeOf(bytes: Uint8Array): string {
  const f = openFits(bytes);
  const codes = [() => f.readImage(1), () => f.readRaw(1)].map((read) => {
    try {
      read();
    } catch (e) {
      if (e instanceof FitsError) return e.code;
      throw e;
    }
    return 'decoded';
  });
  expect(codes[0]).to.equal(codes[1]);
  return codes[0]!;
}

describe('tile-compressed image layout checks', () => {
  it('decodes the unbroken files (the builder is right)', () => {
    expect(Array.from(openFits(rice).readImage(1).data.data as Int16Array)).to.deep.equal(Array.from(pixels));
    const q = openFits(quantized).readImage(1).data.data as Float32Array;
    expect(q.every((v, i) => Math.abs(v - floats[i]!) <= 0.01)).to.equal(true);
  });

  // Found by the fuzzer: a truncated file (a partial .fz download) or a table whose rows (NAXIS1 × NAXIS2)
  // run past the end read tile descriptors outside the file: an untyped RangeError from DataView.
  it('gives fits/truncated or fits/corrupt-tile, never a RangeError, for a file cut anywhere in the table or heap', () => {
    const ext = primary.length;
    const dataEnd = ext + 2880 + openFits(rice).hdus[1]!.dataBytes;
    const seen = new Set<string>();
    for (let cut = ext + 2880; cut < dataEnd; cut += 8) seen.add(codeOf(rice.subarray(0, cut)));
    expect([...seen].every((c) => c === 'fits/truncated' || c === 'fits/corrupt-tile'), [...seen].join()).to.equal(true);
    expect(codeOf(withCard(rice, 'NAXIS1', '2147483647', ext))).to.equal('fits/truncated');
  });

  it('rejects columns wider than a row (TFORMn against NAXIS1) with fits/invalid-header', () => {
    expect(codeOf(withCard(rice, 'TFORM1', "'99PB'", primary.length))).to.equal('fits/invalid-header');
    expect(codeOf(withCard(quantized, 'TFORM3', "'1000000D'", primary.length))).to.equal('fits/invalid-header');
  });

  // Found by review: a fractional or infinite ZDITHER0 made the dither index NaN, and dequantisation never
  // advanced: an endless loop on a 9 kB file.
  it('rejects a non-integer ZDITHER0 with fits/invalid-header instead of looping', () => {
    for (const v of ['1.5', '1E999', "'abc'"]) expect(codeOf(withCard(quantized, 'ZDITHER0', v)), v).to.equal('fits/invalid-header');
    expect(codeOf(withCard(quantized, 'ZDITHER0', '-7'))).to.equal('decoded');
  });

  it('rejects ZTILEn, BLOCKSIZE and THEAP values that are not sizes with fits/invalid-header', () => {
    for (const [key, v] of [['ZTILE1', '0'], ['ZTILE1', '-3'], ['ZTILE2', '2.5'], ['ZVAL1', '0'], ['ZVAL1', '-32'], ['THEAP', '-8'], ['THEAP', '1.5']] as const) {
      expect(codeOf(withCard(rice, key, v)), `${key} = ${v}`).to.equal('fits/invalid-header');
    }
    expect(codeOf(withCard(rice, 'ZTILE1', '100000'))).to.not.equal('decoded'); // clipped to the axis: 1 tile of 20 × 4, not the tiles written
  });

  // The old check compared the image with the size the header claims (PCOUNT), not the bytes in the file:
  // PCOUNT = 10^9 let a 9 kB file ask for a 20,000 × 20,000 image (800 MB) before failing.
  it('refuses an image larger than 1100× the compressed bytes present (fits/too-large) before allocating it', () => {
    let big = withCard(withCard(rice, 'ZNAXIS1', '20000'), 'ZNAXIS2', '20000');
    big = withCard(withCard(big, 'NAXIS2', '20000', primary.length), 'PCOUNT', '1000000000', primary.length);
    const f = openFits(big);
    expect(() => f.readImage(1)).to.throw(FitsError).with.property('code', 'fits/too-large');
    try {
      f.readRaw(1);
      expect.fail('readRaw decoded an impossible image');
    } catch (e) {
      expect((e as FitsError).details).to.include({ imageBytes: 800_000_000, compressedBytes: rice.length - primary.length - 2880 });
    }
  });

  it('applies maxBytes to a decoded compressed image', () => {
    expect(() => openFits(rice, { maxBytes: 100 }).readImage(1)).to.throw(FitsError).with.property('code', 'fits/too-large');
    expect(openFits(rice, { maxBytes: 640 }).readImage(1).data.shape).to.deep.equal([16, 20]);
  });
});
