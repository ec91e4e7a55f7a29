import { expect } from 'chai';
import { gzipSync } from 'fflate';
import { openFits } from '../fits-file.js';
import { FitsError } from '../errors.js';
import { compressedImageHdu, concatBytes, hduBytes } from '../fuzz/fits-builder.js';
import { inflateTile } from './gzip-tile.js';
import { inflateStream } from '../container/inflate-stream.js';

const MiB = 2 ** 20;
const primary = hduBytes([['SIMPLE', true], ['BITPIX', 8], ['NAXIS', 0], ['EXTEND', true]], new Uint8Array(0));
const pixels = Int16Array.from({ length: 16 * 20 }, (_, i) => i - 100);

describe('GZIP tiles: decompression bombs', () => {
  /** 64 MiB of zeros, gzipped: 65 kB. */
  let bombTile: Uint8Array;
  before(() => {
    bombTile = gzipSync(new Uint8Array(64 * MiB));
  });

  it('inflates a tile up to the limit, and refuses one that grows beyond it with fits/corrupt-tile', () => {
    const tile = gzipSync(new Uint8Array(640).fill(7));
    expect(inflateTile(tile, 640).length).to.equal(640);
    expect(() => inflateTile(tile, 639)).to.throw(FitsError).with.property('code', 'fits/corrupt-tile');
    const e = (() => {
      try {
        inflateTile(bombTile, 2560);
      } catch (err) {
        return err as FitsError;
      }
      return expect.fail('the bomb inflated');
    })();
    expect(e.code).to.equal('fits/corrupt-tile');
    expect(e.details).to.include({ maxBytes: 2560 });
  });

  it('refuses tiles whose gzip trailer understates their size, small (one call) and large (streamed)', () => {
    const lying = (gz: Uint8Array): Uint8Array => {
      const out = gz.slice();
      new DataView(out.buffer).setUint32(out.length - 4, 100, true);
      return out;
    };
    const small = lying(gzipSync(new Uint8Array(4 * MiB))); // 4 kB
    expect(small.length).to.be.below(32 * 1024);
    expect(() => inflateTile(small, 2560)).to.throw(FitsError, /more than the 2560 bytes/).with.property('code', 'fits/corrupt-tile');
    expect(() => inflateTile(lying(bombTile), 2560)).to.throw(FitsError, /more than the 2560 bytes/).with.property('code', 'fits/corrupt-tile');
  });

  it('stops inflating at the first piece beyond the limit (a piece is at most ~1032 × the step)', () => {
    const seen: number[] = [];
    expect(() =>
      inflateStream(bombTile, (chunk) => {
        seen.push(chunk.length);
        throw new FitsError('fits/corrupt-tile', 'enough');
      }, 256),
    ).to.throw(FitsError, 'enough');
    expect(seen).to.have.length(1);
    expect(seen[0]).to.be.at.most(1032 * 256 + 32768);
  });

  // Before: the tile was inflated whole (64 MiB, its gzip trailer's size allocated first) and its first 320
  // values used. Now a tile may not inflate beyond 8 bytes a pixel.
  it('refuses a 20 × 16 image whose one tile inflates to 64 MiB', () => {
    const hdu = compressedImageHdu({ data: pixels, shape: [16, 20], algorithm: 'GZIP_1', tile: [20, 16], mapTile: () => bombTile });
    const f = openFits(concatBytes([primary, hdu]));
    expect(() => f.readImage(1)).to.throw(FitsError).with.property('code', 'fits/corrupt-tile');
    const good = openFits(concatBytes([primary, compressedImageHdu({ data: pixels, shape: [16, 20], algorithm: 'GZIP_1', tile: [20, 16] })]));
    expect(Array.from(good.readImage(1).data.data as Int16Array)).to.deep.equal(Array.from(pixels));
  });
});
