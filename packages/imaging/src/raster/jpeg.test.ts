import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { needShared, readFixture } from '../test-support/shared-data.js';
import { decodeJpeg } from './decode-jpeg.js';
import { jpegIsYCbCr, readJpegHeader } from './jpeg-header.js';

interface Variant {
  name: string;
  kind: 'blocks' | 'texture' | 'grey' | 'exif' | 'cmyk';
  subsampling: 0 | 1 | 2;
  progressive: boolean;
  base64: string;
  shape?: number[];
  pixels?: string;
  error?: string;
}

const variants = readFixture<{ files: Variant[] }>('jpeg-variants.json').files;

/** Number of samples that differ. */
function differing(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

/** The KenobiError code a promise rejects with ('resolved' when it does not reject), and its message. */
async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
    return { code: 'resolved', message: '' };
  } catch (e) {
    return { code: isKenobiError(e) ? e.code : 'not a KenobiError', message: (e as Error).message };
  }
}

/** The same JPEG with its JFIF APP0 segment replaced by an Adobe APP14 segment with the given transform flag. */
function withAdobeMarker(jpeg: Uint8Array, transform: number): Uint8Array {
  expect(jpeg[2]).to.equal(0xff);
  expect(jpeg[3], 'PIL writes a JFIF APP0 first').to.equal(0xe0);
  const app0End = 4 + ((jpeg[4]! << 8) | jpeg[5]!);
  const adobe = Uint8Array.of(0xff, 0xee, 0, 14, 0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, transform);
  return Uint8Array.from([0xff, 0xd8, ...adobe, ...jpeg.subarray(app0End)]);
}

describe('imaging JPEG decode (libjpeg-turbo in WebAssembly: Pillow\'s pixels)', () => {
  describe('PIL variants (fixtures/jpeg-variants.json)', () => {
    for (const f of variants.filter((v) => v.error === undefined)) {
      it(`${f.name} (${f.kind}) equals PIL exactly`, async () => {
        const bytes = Buffer.from(f.base64, 'base64');
        const header = readJpegHeader(bytes)!;
        expect(header.progressive).to.equal(f.progressive);
        if (f.kind !== 'grey') {
          const [y, cb, cr] = header.components;
          expect([y!.h, y!.v]).to.deep.equal([[1, 1], [2, 1], [2, 2]][f.subsampling]);
          expect([cb!.h, cb!.v, cr!.h, cr!.v]).to.deep.equal([1, 1, 1, 1]);
        }
        const img = await decodeJpeg(bytes);
        expect([img.height, img.width, img.channels], 'shape (EXIF orientation not applied)').to.deep.equal(f.shape);
        expect(differing(img.data, Buffer.from(f.pixels!, 'base64')), 'samples that differ from PIL').to.equal(0);
      });
    }
    for (const f of variants.filter((v) => v.error !== undefined)) {
      it(`${f.name} is refused with ${f.error}, naming the component count`, async () => {
        const got = await failure(decodeJpeg(Buffer.from(f.base64, 'base64')));
        expect(got.code).to.equal(f.error);
        expect(got.message).to.match(/4 colour components/);
      });
    }
  });

  describe('bad bytes: typed errors, never a silently grey image', () => {
    const texture = new Uint8Array(Buffer.from(variants.find((v) => v.name === 'texture-21x13-420.jpg')!.base64, 'base64'));

    it('a file cut short (libjpeg: premature end) is imaging/decode', async () => {
      const got = await failure(decodeJpeg(texture.subarray(0, Math.floor(texture.length * 0.7))));
      expect(got.code).to.equal('imaging/decode');
      expect(got.message).to.match(/premature end/i);
    });

    it('a header without image data, and no frame header at all, are imaging/decode', async () => {
      const sos = texture.findIndex((b, i) => b === 0xff && texture[i + 1] === 0xda);
      expect((await failure(decodeJpeg(texture.subarray(0, sos)))).code).to.equal('imaging/decode');
      expect((await failure(decodeJpeg(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 2)))).code).to.equal('imaging/decode');
    });

    it('corrupt entropy-coded data is imaging/decode, and the decoder still works after it', async () => {
      const corrupt = texture.slice();
      const sos = corrupt.findIndex((b, i) => b === 0xff && corrupt[i + 1] === 0xda);
      corrupt.fill(0xff, sos + 20, sos + 40); // fill bytes inside the scan: markers where data should be
      expect((await failure(decodeJpeg(corrupt))).code).to.equal('imaging/decode');
      const again = await decodeJpeg(texture);
      expect([again.width, again.height]).to.deep.equal([21, 13]);
    });

    it('12-bit JPEGs are imaging/unsupported-format', async () => {
      const twelve = texture.slice();
      const sof = twelve.findIndex((b, i) => b === 0xff && twelve[i + 1] === 0xc0);
      twelve[sof + 4] = 12; // the SOF0 sample precision byte
      expect((await failure(decodeJpeg(twelve))).code).to.equal('imaging/unsupported-format');
    });
  });

  describe('colour space from markers', () => {
    const f = variants.find((v) => v.name.startsWith('blocks-') && v.name.endsWith('-444.jpg'))!;
    const jfif = new Uint8Array(Buffer.from(f.base64, 'base64'));

    it('decodes an Adobe transform=1 (YCbCr) file as the JFIF one', async () => {
      const reference = await decodeJpeg(jfif);
      const adobe = withAdobeMarker(jfif, 1);
      const header = readJpegHeader(adobe)!;
      expect([header.jfif, header.adobeTransform, jpegIsYCbCr(header)]).to.deep.equal([false, 1, true]);
      expect(Array.from((await decodeJpeg(adobe)).data)).to.deep.equal(Array.from(reference.data));
    });

    it('treats Adobe transform=0 as RGB (samples passed through, no YCbCr conversion)', async () => {
      const reference = await decodeJpeg(jfif);
      const adobe = withAdobeMarker(jfif, 0);
      expect(jpegIsYCbCr(readJpegHeader(adobe)!)).to.equal(false);
      const raw = (await decodeJpeg(adobe)).data;
      expect(Array.from(raw)).to.not.deep.equal(Array.from(reference.data));
      // converting the passed-through samples with the JFIF formula gives the JFIF decode back (±1 DN: libjpeg's
      // fixed point against the exact formula)
      const clamp = (v: number): number => Math.min(255, Math.max(0, v));
      let worst = 0;
      for (let i = 0; i < raw.length; i += 3) {
        const [y, cb, cr] = [raw[i]!, raw[i + 1]! - 128, raw[i + 2]! - 128];
        const rgb = [y + 1.402 * cr, y - 0.344136 * cb - 0.714136 * cr, y + 1.772 * cb];
        for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(clamp(rgb[c]!) - reference.data[i + c]!));
      }
      expect(worst).to.be.at.most(1);
    });
  });

  describe('real cutouts: 50 Galaxy Zoo SDSS JPEGs (fixtures/gz1-decode-sha256.json)', () => {
    const hashes = readFixture<{ files: { file: string; shape: number[]; sha256: string }[] }>('gz1-decode-sha256.json').files;
    it('hash the same as Pillow\'s decode, every one', async function () {
      let same = 0;
      for (const h of hashes) {
        const img = await decodeJpeg(readFileSync(needShared(this, `data/labeled/gz1_sdss/${h.file}`)));
        expect([img.height, img.width, img.channels], h.file).to.deep.equal(h.shape);
        if (createHash('sha256').update(img.data).digest('hex') === h.sha256) same++;
      }
      expect(same, 'cutouts decoded exactly as Pillow').to.equal(hashes.length);
    });
  });
});
