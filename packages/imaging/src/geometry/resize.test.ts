import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { fixturePath, needShared, readFixture } from '../test-support/shared-data.js';
import { decodeImage } from '../raster/decode-image.js';
import type { Raster } from '../raster/raster.js';
import { resize, resizeWindow } from './resize.js';
import { centerCrop, crop } from './center-crop.js';
import { padTo } from './pad.js';
import { resampleCoefficients } from './resample-filter.js';

interface ResizeFixture {
  small: { photo: string; width: number; height: number; png: string }[];
  float: { input: number[]; shape: [number, number]; down: { width: number; height: number; output: number[] }; up: { width: number; height: number; output: number[] } };
}

describe('imaging geometry', () => {
  const fixture = readFixture<ResizeFixture>('resize.json');
  for (const s of fixture.small) {
    it(`resize ${s.photo} to ${s.width}x${s.height} equals Pillow 9.4 BILINEAR exactly (8-bit)`, async function () {
      const photo = await decodeImage(readFileSync(needShared(this, `data/photos/${s.photo}`)));
      const want = await decodeImage(readFileSync(fixturePath(s.png)));
      const got = resize(photo, s.width, s.height);
      expect([got.width, got.height, got.channels]).to.deep.equal([want.width, want.height, want.channels]);
      let differ = 0;
      got.data.forEach((v, i) => { if (v !== want.data[i]) differ++; });
      expect(differ, 'pixels that differ from Pillow').to.equal(0);
    });
  }
  for (const which of ['down', 'up'] as const) {
    it(`resizes float images ${which} like Pillow mode 'F' (1e-6)`, () => {
      const [h, w] = fixture.float.shape;
      const img: Raster<Float32Array> = { width: w, height: h, channels: 1, data: Float32Array.from(fixture.float.input) };
      const t = fixture.float[which];
      const got = resize(img, t.width, t.height);
      expect(got.data).to.be.instanceOf(Float32Array);
      t.output.forEach((v, i) => expect(got.data[i]!).to.be.closeTo(v, 1e-6));
    });
  }
  it('keeps a constant image constant and weights summing to one', () => {
    const img: Raster<Uint8Array> = { width: 7, height: 5, channels: 2, data: new Uint8Array(70).fill(200) };
    for (const [w, h] of [[3, 2], [20, 11], [7, 9]] as const) expect(new Set(resize(img, w, h).data)).to.deep.equal(new Set([200]));
    const c = resampleCoefficients(451, 256, 'bilinear');
    for (let j = 0; j < 256; j++) {
      let s = 0;
      for (let t = 0; t < c.bounds[2 * j + 1]!; t++) s += c.weights[j * c.kernelSize + t]!;
      expect(s).to.be.closeTo(1, 1e-12);
    }
    expect(Array.from(resize({ width: 4, height: 1, channels: 1, data: Float64Array.of(0, 4, 8, 12) }, 2, 1, { filter: 'box' }).data)).to.deep.equal([2, 10]);
  });
  it('crops the centre with floor or round offsets, and pads centred', () => {
    const img: Raster<Uint8Array> = { width: 5, height: 3, channels: 1, data: Uint8Array.from({ length: 15 }, (_, i) => i) };
    expect(Array.from(centerCrop(img, 2, 1).data)).to.deep.equal([6, 7]);
    expect(Array.from(centerCrop(img, 2, 1, 'round').data)).to.deep.equal([7, 8]); // Python round(1.5) = 2
    expect(Array.from(centerCrop(img, 4, 3, 'floor').data.subarray(0, 4))).to.deep.equal([0, 1, 2, 3]);
    expect(() => crop(img, 4, 0, 2, 1)).to.throw(/does not fit/);
    const padded = padTo({ width: 1, height: 1, channels: 1, data: Uint8Array.of(9) }, 3, 2, 1);
    expect(Array.from(padded.data)).to.deep.equal([1, 9, 1, 1, 1, 1]);
  });
  it('resizeWindow equals crop(resize(...)) sample for sample (8-bit, 16-bit, float; 1 and 3 channels)', () => {
    let seed = 7;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const cases = [
      { w: 23, h: 17, c: 3, to: [13, 11], win: [2, 3, 9, 7] },
      { w: 23, h: 17, c: 1, to: [40, 9], win: [5, 0, 30, 9] },
      { w: 10, h: 12, c: 3, to: [10, 6], win: [1, 1, 8, 4] },
      { w: 10, h: 12, c: 2, to: [4, 12], win: [0, 2, 4, 9] },
      { w: 9, h: 9, c: 3, to: [9, 9], win: [3, 3, 3, 3] },
    ] as const;
    for (const k of cases) {
      const n = k.w * k.h * k.c;
      const arrays = [Uint8Array.from({ length: n }, () => Math.floor(next() * 256)), Uint16Array.from({ length: n }, () => Math.floor(next() * 65536)), Float32Array.from({ length: n }, () => next())];
      for (const data of arrays) {
        const img: Raster = { width: k.w, height: k.h, channels: k.c, data };
        const [left, top, width, height] = k.win;
        const want = crop(resize(img, k.to[0], k.to[1]), left, top, width, height);
        const got = resizeWindow(img, k.to[0], k.to[1], { left, top, width, height });
        expect(got.data.constructor).to.equal(data.constructor);
        expect([got.width, got.height, got.channels]).to.deep.equal([width, height, k.c]);
        expect(Array.from(got.data)).to.deep.equal(Array.from(want.data));
      }
    }
    const img: Raster<Uint8Array> = { width: 4, height: 4, channels: 1, data: new Uint8Array(16) };
    expect(() => resizeWindow(img, 8, 8, { left: 2, top: 0, width: 7, height: 8 })).to.throw(/does not fit/);
  });
});
