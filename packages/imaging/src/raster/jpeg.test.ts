import { expect } from 'chai';
import { readFixture } from '../test-support/shared-data.js';
import { decodeJpeg } from './decode-jpeg.js';
import { ycbcrToRgb } from './jpeg-colour.js';
import { jpegIsYCbCr, readJpegHeader } from './jpeg-header.js';
import { fancyUpsample } from './jpeg-upsample.js';

interface Variant {
  name: string;
  kind: 'blocks' | 'texture';
  subsampling: 0 | 1 | 2;
  progressive: boolean;
  base64: string;
  shape: number[];
  pixels: string;
}

const variants = readFixture<{ files: Variant[] }>('jpeg-variants.json').files;

function maxMeanDiff(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d > max) max = d;
    sum += d;
  }
  return { max, mean: sum / a.length };
}

/** The same JPEG with its JFIF APP0 segment replaced by an Adobe APP14 segment with the given transform flag. */
function withAdobeMarker(jpeg: Uint8Array, transform: number): Uint8Array {
  expect(jpeg[2]).to.equal(0xff);
  expect(jpeg[3], 'PIL writes a JFIF APP0 first').to.equal(0xe0);
  const app0End = 4 + ((jpeg[4]! << 8) | jpeg[5]!);
  const adobe = Uint8Array.of(0xff, 0xee, 0, 14, 0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, transform);
  return Uint8Array.from([0xff, 0xd8, ...adobe, ...jpeg.subarray(app0End)]);
}

describe('imaging JPEG decode (libjpeg-turbo-compatible upsampling and colour)', () => {
  describe('PIL variants (fixtures/jpeg-variants.json)', () => {
    for (const f of variants) {
      const rule = f.kind === 'blocks' ? 'exactly (flat DCT blocks: no IDCT rounding)' : 'within max <= 8, mean < 1.5';
      it(`${f.name} equals PIL ${rule}`, () => {
        const bytes = Buffer.from(f.base64, 'base64');
        const header = readJpegHeader(bytes)!;
        expect(header.progressive).to.equal(f.progressive);
        const [y, cb, cr] = header.components;
        expect([y!.h, y!.v]).to.deep.equal([[1, 1], [2, 1], [2, 2]][f.subsampling]);
        expect([cb!.h, cb!.v, cr!.h, cr!.v]).to.deep.equal([1, 1, 1, 1]);
        const img = decodeJpeg(bytes);
        expect([img.height, img.width, img.channels]).to.deep.equal(f.shape);
        const stats = maxMeanDiff(img.data, Buffer.from(f.pixels, 'base64'));
        if (f.kind === 'blocks') expect(stats.max, 'max abs diff').to.equal(0);
        else {
          expect(stats.max, 'max abs diff').to.be.at.most(8);
          expect(stats.mean, 'mean abs diff').to.be.below(1.5);
        }
      });
    }
  });

  describe('colour space from markers', () => {
    const f = variants.find((v) => v.name.startsWith('blocks-') && v.name.endsWith('-444.jpg'))!;
    const jfif = new Uint8Array(Buffer.from(f.base64, 'base64'));
    const reference = decodeJpeg(jfif);

    it('decodes an Adobe transform=1 (YCbCr) file as the JFIF one', () => {
      const adobe = withAdobeMarker(jfif, 1);
      const header = readJpegHeader(adobe)!;
      expect([header.jfif, header.adobeTransform, jpegIsYCbCr(header)]).to.deep.equal([false, 1, true]);
      expect(Array.from(decodeJpeg(adobe).data)).to.deep.equal(Array.from(reference.data));
      expect(adobe[header.adobeTransformOffset!], 'the caller\'s bytes are not modified').to.equal(1);
    });

    it('treats Adobe transform=0 as RGB (samples passed through, no YCbCr conversion)', () => {
      const adobe = withAdobeMarker(jfif, 0);
      expect(jpegIsYCbCr(readJpegHeader(adobe)!)).to.equal(false);
      const raw = decodeJpeg(adobe).data;
      expect(Array.from(raw)).to.not.deep.equal(Array.from(reference.data));
      const plane = (c: number): Uint8Array => raw.filter((_, i) => i % 3 === c);
      expect(Array.from(ycbcrToRgb(plane(0), plane(1), plane(2)))).to.deep.equal(Array.from(reference.data));
    });
  });

  describe('fancyUpsample (jdsample.c arithmetic)', () => {
    it('h2v1: 3/4 nearer + 1/4 further, edges repeat', () => {
      expect(Array.from(fancyUpsample({ width: 2, height: 1, data: Uint8Array.of(0, 100) }, 2, 1, 4, 1).data)).to.deep.equal([0, 25, 75, 100]);
    });
    it('h2v2: 9/16, 3/16, 3/16, 1/16 with +8/+7 rounding', () => {
      const out = fancyUpsample({ width: 2, height: 2, data: Uint8Array.of(0, 160, 160, 0) }, 2, 2, 4, 4).data;
      expect(Array.from(out)).to.deep.equal([0, 40, 120, 160, 40, 60, 100, 120, 120, 100, 60, 40, 160, 120, 40, 0]);
    });
    it('h1v2: +1 above, +2 below', () => {
      expect(Array.from(fancyUpsample({ width: 1, height: 2, data: Uint8Array.of(10, 20) }, 1, 2, 1, 4).data)).to.deep.equal([10, 13, 17, 20]);
    });
    it('truncates to an odd output size', () => {
      const out = fancyUpsample({ width: 3, height: 2, data: Uint8Array.of(0, 40, 80, 0, 40, 80) }, 2, 2, 5, 3);
      expect([out.width, out.height, out.data.length]).to.deep.equal([5, 3, 15]);
      expect(Array.from(out.data.subarray(0, 5))).to.deep.equal([0, 10, 30, 50, 70]);
    });
  });

  describe('ycbcrToRgb (jdcolor.c fixed point)', () => {
    it('matches libjpeg on known values and stays within 1 DN of the exact JFIF formula', () => {
      expect(Array.from(ycbcrToRgb(Uint8Array.of(128), Uint8Array.of(128), Uint8Array.of(255)))).to.deep.equal([255, 37, 128]);
      expect(Array.from(ycbcrToRgb(Uint8Array.of(0, 255), Uint8Array.of(128, 128), Uint8Array.of(128, 128)))).to.deep.equal([0, 0, 0, 255, 255, 255]);
      const n = 256 * 256;
      const y = new Uint8Array(n).fill(100);
      const cb = Uint8Array.from({ length: n }, (_, i) => i >> 8);
      const cr = Uint8Array.from({ length: n }, (_, i) => i & 255);
      const rgb = ycbcrToRgb(y, cb, cr);
      const clamp = (v: number): number => Math.min(255, Math.max(0, v));
      let worst = 0;
      for (let i = 0; i < n; i++) {
        const exact = [100 + 1.402 * (cr[i]! - 128), 100 - 0.34414 * (cb[i]! - 128) - 0.71414 * (cr[i]! - 128), 100 + 1.772 * (cb[i]! - 128)];
        for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(rgb[3 * i + c]! - clamp(exact[c]!)));
      }
      expect(worst).to.be.at.most(1);
    });
  });
});
