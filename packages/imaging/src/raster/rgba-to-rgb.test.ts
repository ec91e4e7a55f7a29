import { expect } from 'chai';
import { rgbaToGrey, rgbaToRgb } from './rgba-to-rgb.js';

/** The plain byte loop the word-wise copy must equal. */
function reference(rgba: Uint8Array, pixels: number, channels: 1 | 3): Uint8Array {
  const out = new Uint8Array(channels * pixels);
  for (let i = 0; i < pixels; i++) for (let c = 0; c < channels; c++) out[channels * i + c] = rgba[4 * i + c]!;
  return out;
}

/** Deterministic bytes that use all 256 values in every position of a word. */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe('imaging rgbaToRgb / rgbaToGrey (the last copy of a JPEG decode)', () => {
  it('drops alpha and keeps R, G, B in order', () => {
    expect([...rgbaToRgb(Uint8Array.of(1, 2, 3, 255, 4, 5, 6, 0), 2)]).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect([...rgbaToGrey(Uint8Array.of(7, 7, 7, 255, 9, 9, 9, 255), 2)]).to.deep.equal([7, 9]);
  });

  it('equals the byte loop for every pixel count 0..41 (whole groups of four and the tail)', () => {
    for (let pixels = 0; pixels <= 41; pixels++) {
      const rgba = bytes(4 * pixels, pixels + 1);
      expect(rgbaToRgb(rgba, pixels), `${pixels} pixels`).to.deep.equal(reference(rgba, pixels, 3));
      expect(rgbaToGrey(rgba, pixels), `${pixels} pixels`).to.deep.equal(reference(rgba, pixels, 1));
    }
  });

  it('equals the byte loop on a 423 × 423 image, a Uint8ClampedArray and a view at an unaligned offset', () => {
    const pixels = 423 * 423;
    const rgba = bytes(4 * pixels + 1, 7);
    const clamped = new Uint8ClampedArray(rgba.buffer, 0, 4 * pixels);
    expect(rgbaToRgb(clamped, pixels)).to.deep.equal(reference(rgba, pixels, 3));
    const unaligned = rgba.subarray(1);
    expect(rgbaToRgb(unaligned, pixels)).to.deep.equal(reference(unaligned, pixels, 3));
  });
});
