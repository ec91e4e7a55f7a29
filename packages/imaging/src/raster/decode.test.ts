import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { needShared, readFixture, sharedPath } from '../test-support/shared-data.js';
import { readNpyGz } from '../test-support/read-npy.js';
import { decodeImage, sniffRasterFormat } from './decode-image.js';
import { encodePng } from './encode-png.js';
import { jpegComponentCount } from './jpeg-header.js';

interface RasterIndex {
  files: { file: string; format: string; width: number; height: number; decoded: { npy: string; shape: number[] } }[];
}

/** The KenobiError code a promise rejects with ('resolved' when it does not reject). */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return isKenobiError(e) ? e.code : `not a KenobiError: ${String(e)}`;
  }
}

function diffStats(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d > max) max = d;
    sum += d;
  }
  return { max, mean: sum / a.length };
}

describe('imaging raster decode', () => {
  describe('../shared/data/raster references (Pillow 9.4 decodes)', () => {
    let index: RasterIndex | undefined;
    try {
      index = JSON.parse(readFileSync(sharedPath('data/raster/index.json'), 'utf8')) as RasterIndex;
    } catch {
      index = undefined;
    }
    it('has an index', function () {
      needShared(this, 'data/raster/index.json');
      expect(index!.files.length).to.be.greaterThan(0);
    });
    for (const f of index?.files ?? []) {
      it(`${f.file} equals the reference exactly`, async function () {
        const path = needShared(this, `data/${f.file}`);
        const img = await decodeImage(readFileSync(path));
        const ref = readNpyGz(sharedPath('data/raster', f.decoded.npy));
        expect([img.height, img.width, img.channels]).to.deep.equal(ref.shape);
        const stats = diffStats(img.data, ref.data as Uint8Array);
        expect(stats.max, `max abs diff (${f.format})`).to.equal(0);
      });
    }
  });

  describe('PNG/JPEG variants made with PIL (fixtures/raster.json)', () => {
    const fixture = readFixture<{ files: { name: string; base64: string; depth: number; shape: number[]; pixels: number[] }[] }>('raster.json');
    for (const f of fixture.files) {
      it(`${f.name}: shape ${f.shape.join('x')}, ${f.depth}-bit, Pillow's pixels exactly`, async () => {
        const img = await decodeImage(Buffer.from(f.base64, 'base64'));
        expect([img.height, img.width, img.channels]).to.deep.equal(f.shape);
        expect(img.data.BYTES_PER_ELEMENT * 8).to.equal(f.depth);
        const stats = diffStats(img.data, f.pixels);
        expect(stats.max).to.equal(0);
      });
    }
    it('finds the component count of JPEGs', () => {
      const grey = fixture.files.find((f) => f.name === 'grey8.jpg')!;
      const rgb = fixture.files.find((f) => f.name === 'rgb8.jpg')!;
      expect(jpegComponentCount(Buffer.from(grey.base64, 'base64'))).to.equal(1);
      expect(jpegComponentCount(Buffer.from(rgb.base64, 'base64'))).to.equal(3);
    });
  });

  it('round-trips PNG encode/decode at 8 and 16 bits', async () => {
    const rgba = { width: 3, height: 2, channels: 4, data: Uint8Array.from({ length: 24 }, (_, i) => i * 10) };
    expect(Array.from((await decodeImage(encodePng(rgba))).data)).to.deep.equal(Array.from(rgba.data));
    const grey16 = { width: 2, height: 2, channels: 1, data: Uint16Array.of(0, 1, 40000, 65535) };
    const back = await decodeImage(encodePng(grey16));
    expect(back.data).to.be.instanceOf(Uint16Array);
    expect(Array.from(back.data)).to.deep.equal([0, 1, 40000, 65535]);
  });

  it('rejects unknown and corrupt bytes with typed errors', async () => {
    expect(sniffRasterFormat(new Uint8Array([1, 2, 3]))).to.equal(undefined);
    expect(await codeOf(decodeImage(new Uint8Array([0x53, 0x49, 0x4d, 0x50])))).to.equal('imaging/unsupported-format');
    const png = encodePng({ width: 4, height: 4, channels: 1, data: new Uint8Array(16) });
    expect(await codeOf(decodeImage(png.subarray(0, 30)))).to.equal('imaging/decode');
    expect(await codeOf(decodeImage(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 2)))).to.equal('imaging/decode');
  });
});
