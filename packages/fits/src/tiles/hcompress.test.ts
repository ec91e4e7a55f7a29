/**
 * HCOMPRESS_1 decoding, bit-exact against astropy 5.2 (its CFITSIO) on files it wrote
 * (fixtures/hcompress.*, scripts/fixtures/fits/make_hcompress_fixtures.py): lossless and lossy, with and
 * without smoothing, int16 / uint8 (32-bit arithmetic), int32 and quantised float32 (64-bit), odd tile sizes.
 * The corpus file nomtam/m13_hcomp.fits is checked by conformance.test.ts.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { openFits } from '../index.js';
import { toContiguous } from '../data/nd-array.js';

interface Expected { index: number; name: string; dtype: string; shape: number[]; params: Record<string, number>; zquantiz: string | null; values: (number | null)[] }
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));
const expected = (JSON.parse(new TextDecoder().decode(fixture('hcompress.json'))) as { hdus: Expected[] }).hdus;

describe('HCOMPRESS_1 (astropy-written, fixtures/hcompress.fits)', () => {
  const bytes = fixture('hcompress.fits');
  const file = openFits(bytes);
  for (const h of expected) {
    it(`${h.name}: ${h.dtype} [${h.shape.join(', ')}], scale ${h.params.SCALE}, smooth ${h.params.SMOOTH}${h.zquantiz ? `, ${h.zquantiz}` : ''}: equal to astropy, bit for bit`, () => {
      const img = file.readImage(h.name);
      expect(img.data.dtype).to.equal(h.dtype);
      expect(img.data.shape).to.deep.equal(h.shape);
      const got = Array.from(toContiguous(img.data) as ArrayLike<number>, (v) => (Number.isNaN(v) ? null : v));
      let mismatches = 0;
      got.forEach((v, i) => { if (v !== h.values[i]) mismatches += 1; });
      expect(mismatches, `${mismatches} of ${got.length} pixels differ`).to.equal(0);
    });
  }
  it('the smoothed lossy tiles differ from the unsmoothed ones (smoothing is applied)', () => {
    const a = toContiguous(file.readImage('I16LOSSY').data) as Int16Array;
    const b = toContiguous(file.readImage('I16LOSSYSMOOTH').data) as Int16Array;
    expect(a.some((v, i) => v !== b[i])).to.equal(true);
  });

  it('a damaged stream is fits/corrupt-tile, a truncated one too (never a crash or a hang)', () => {
    const hdu = file.hdu('I16');
    const data = bytes.slice();
    // the heap starts after the table's rows; the first tile's stream starts there with 0xDD 0x99
    const heap = hdu.dataOffset + (hdu.header.number('THEAP') ?? hdu.header.number('NAXIS1')! * hdu.header.number('NAXIS2')!);
    expect([data[heap], data[heap + 1]]).to.deep.equal([0xdd, 0x99]);
    data[heap] = 0;
    expect(() => openFits(data).readImage('I16')).to.throw(/HCOMPRESS_1 tile 1: no 0xDD99 magic/).with.property('code', 'fits/corrupt-tile');
    const resized = bytes.slice();
    resized[heap + 5] += 1; // nx, the tile's row count
    expect(() => openFits(resized).readImage('I16')).to.throw(/the stream holds a \d+ × 47 tile, the table says 61 × 47/).with.property('code', 'fits/corrupt-tile');
    const planes = bytes.slice();
    planes[heap + 22] = 200;
    expect(() => openFits(planes).readImage('I16')).to.throw(/200 bit planes/).with.property('code', 'fits/corrupt-tile');
  });
});
