/**
 * ndarray at the FITS API (Node): `writeFits` takes any strided view (transposed, reversed, offset) and writes
 * what the contiguous array would; `asNdarray` of a decoded image is a view that scijs ndarray-ops work on.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { ndarray, ops } from '../../core/src/test-support/scijs.js';
import { asNdarray, fromNdarray, openFits, writeFits } from './node.js';

describe('FITS and scijs ndarray views', () => {
  const pixels = Float32Array.from({ length: 6 * 4 }, (_, i) => i * 0.5 - 3); // [6, 4]
  it('a transposed view writes the same file as its contiguous transpose', () => {
    const t = ndarray(pixels, [6, 4]).transpose(1, 0); // [4, 6]
    const copy = new Float32Array(24);
    for (let i = 0; i < 4; i += 1) for (let j = 0; j < 6; j += 1) copy[i * 6 + j] = pixels[j * 4 + i]!;
    const viaView = writeFits([{ data: t }]);
    expect(Buffer.from(viaView).equals(Buffer.from(writeFits([{ data: copy, shape: [4, 6] }])))).to.equal(true);
    expect(openFits(viaView).readImage().data.shape).to.deep.equal([4, 6]);
  });
  it('a reversed, offset int16 view with scaling writes what the C-order copy writes', () => {
    const base = Int16Array.from({ length: 30 }, (_, i) => i * 7 - 100);
    const v = ndarray(base, [5, 6]).step(-1, 2).lo(1, 0); // [4, 3], reversed rows, every other column
    const hdu = { type: 'int16' as const, bscale: 0.5, bzero: 10, extname: 'SCI' };
    // the reference: the view's elements read one by one with scijs's own get(i, j)
    const byHand = Float32Array.from({ length: 12 }, (_, k) => v.get(Math.floor(k / 3), k % 3));
    expect(Array.from(fromNdarray(v).data)).to.deep.equal(Array.from(byHand));
    const a = writeFits([{ data: Float32Array.from([0]), shape: [1] }, { ...hdu, data: byHand, shape: [4, 3] }]);
    const b = writeFits([{ data: Float32Array.from([0]), shape: [1] }, { ...hdu, data: ndarray(Float32Array.from(base), [5, 6]).step(-1, 2).lo(1, 0) }]);
    expect(Buffer.from(a).equals(Buffer.from(b))).to.equal(true);
  });
  it('asNdarray(readImage()) is a view of the decoded pixels: ndarray-ops results equal the values by hand', () => {
    const file = openFits(new Uint8Array(readFileSync(new URL('../fixtures/astropy-written.fits', import.meta.url))));
    const img = file.readImage(0);
    const nd = asNdarray(img);
    expect(nd.shape).to.deep.equal([...img.data.shape]);
    const values = Array.from(img.data.data as Float32Array).filter((v) => !Number.isNaN(v));
    expect(ops.sup(nd.pick(0, null))).to.equal(Math.max(...Array.from(img.data.data as Float32Array).slice(0, img.data.shape[1]!)));
    ops.mulseq(nd, 2);
    expect(Array.from(img.data.data as Float32Array).filter((v) => !Number.isNaN(v))).to.deep.equal(values.map((v) => Math.fround(v * 2)));
  });
});
