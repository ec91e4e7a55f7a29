import { expect } from 'chai';
import { gzipSync } from 'fflate';
import { openFits, readFitsStream, writeFits, selectPlane, get } from './test-support/fits-api.js';
import { formatCard } from './header/format-card.js';

function headerOnly(cards: string[]): Uint8Array {
  const text = [...cards, 'END'.padEnd(80)].join('');
  const bytes = new Uint8Array(Math.ceil(text.length / 2880) * 2880).fill(32);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

describe('FitsFile', () => {
  const cube = new Float32Array(2 * 3 * 4).map((_, i) => i);
  const bytes = writeFits([
    { data: cube, shape: [2, 3, 4] },
    { data: Int16Array.of(1, -2, 3, 4), shape: [2, 2], extname: 'SCI', header: [{ keyword: 'EXTVER', value: 2 }] },
  ]);

  it('gives C-order shapes (NAXIS1 fastest) and strided planes', () => {
    const f = openFits(bytes);
    expect(f.hdus.map((h) => h.shape)).to.deep.equal([[2, 3, 4], [2, 2]]);
    expect(f.hdus[0]!.axes).to.deep.equal([4, 3, 2]);
    const img = f.readImage(0);
    expect(get(img.data, 1, 2, 3)).to.equal(23);
    const plane = f.readImage(0, { plane: 1 }).data;
    expect(plane.shape).to.deep.equal([3, 4]);
    expect(get(plane, 0, 0)).to.equal(12);
    expect(get(selectPlane(img.data, [1]), 2, 3)).to.equal(23);
    expect(() => f.readImage(0, { plane: 2 })).to.throw().with.property('code', 'fits/invalid-argument');
  });

  it('selects HDUs by index, EXTNAME and EXTVER, with typed misses', () => {
    const f = openFits(bytes);
    expect(f.hdu('sci').index).to.equal(1);
    expect(f.hdu({ extname: 'SCI', extver: 2 }).index).to.equal(1);
    expect(() => f.hdu(5)).to.throw().with.property('code', 'fits/hdu-not-found');
    expect(() => f.hdu({ extname: 'SCI', extver: 1 })).to.throw().with.property('code', 'fits/hdu-not-found');
    expect(Array.from(f.readImage('SCI').data.data as Int16Array)).to.deep.equal([1, -2, 3, 4]);
  });

  it('opens gzip containers and streams', async () => {
    const gz = openFits(gzipSync(bytes));
    expect(gz.container).to.equal('gzip');
    expect(gz.hdus.length).to.equal(2);
    async function* chunks(): AsyncIterable<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
    }
    const s = await readFitsStream(chunks());
    expect(s.bytes.length).to.equal(bytes.length);
    const web = await readFitsStream(new Blob([bytes.buffer as ArrayBuffer]).stream());
    expect(web.hdus.length).to.equal(2);
  });

  it('gives a typed error for bzip2 without a decoder, and for not-FITS bytes', () => {
    expect(() => openFits(Uint8Array.of(0x42, 0x5a, 0x68, 0x39))).to.throw().with.property('code', 'fits/unsupported-container');
    expect(() => openFits(new TextEncoder().encode('<html>'.padEnd(3000)))).to.throw().with.property('code', 'fits/not-fits');
    expect(() => openFits(new Uint8Array(0))).to.throw().with.property('code', 'fits/not-fits');
  });

  it('fails at once, without allocating, when NAXIS1 = 1e9 in a 3 kB file', () => {
    const f = openFits(headerOnly([...formatCard('SIMPLE', true), ...formatCard('BITPIX', -32), ...formatCard('NAXIS', 2), ...formatCard('NAXIS1', 1e9), ...formatCard('NAXIS2', 1e9)]));
    expect(f.hdus[0]!.truncated).to.equal(true);
    const t0 = Date.now();
    expect(() => f.readImage()).to.throw().with.property('code', 'fits/truncated');
    expect(Date.now() - t0).to.be.below(100);
  });

  it('rejects impossible headers with fits/invalid-header', () => {
    expect(() => openFits(headerOnly([...formatCard('SIMPLE', true), ...formatCard('BITPIX', 12), ...formatCard('NAXIS', 0)]))).to.throw().with.property('code', 'fits/invalid-header');
    expect(() => openFits(headerOnly([...formatCard('SIMPLE', true), ...formatCard('BITPIX', 8), ...formatCard('NAXIS', 1), ...formatCard('NAXIS1', -4)]))).to.throw().with.property('code', 'fits/invalid-header');
  });

  it('applies the BLANK policies: standard marks BLANK = 0, astropy ignores it', () => {
    const raw = writeFits([{ data: Int32Array.of(0, 5, 7, 0), shape: [4], blank: 0, header: [{ keyword: 'BSCALE', value: 1 }] }]);
    const f = openFits(raw);
    expect(f.hdus[0]!.header.get('BLANK')).to.equal(0);
    const std = f.readImage(0);
    expect(std.blankCount).to.equal(2);
    expect(Array.from(std.data.data as Float64Array)).to.deep.equal([NaN, 5, 7, NaN]);
    const astro = f.readImage(0, { blank: 'astropy' });
    expect(Array.from(astro.data.data as Float64Array)).to.deep.equal([0, 5, 7, 0]);
    expect(Array.from(f.readRaw(0).data as Int32Array)).to.deep.equal([0, 5, 7, 0]);
  });

  it('writes and reads back every storage type with scaling', () => {
    const data = Float32Array.of(1.5, -2, NaN, 4);
    for (const type of ['float32', 'float64', 'int16', 'int32'] as const) {
      const back = openFits(writeFits([{ data, shape: [2, 2], type, bscale: type.startsWith('int') ? 0.5 : 1 }])).readImage();
      expect(Array.from(back.data.data as Float32Array), type).to.deep.equal([1.5, -2, NaN, 4]);
    }
    expect(() => writeFits([{ data: Float32Array.of(1e6), shape: [1], type: 'int16' }])).to.throw().with.property('code', 'fits/invalid-argument');
  });
});
