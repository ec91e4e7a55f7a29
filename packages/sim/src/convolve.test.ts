import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import { convolveFft, convolvePsf, convolveSeparable, convolveSeparableCropped } from './convolve.js';
import { gaussianKernel1d, psfKernel2d } from './psf.js';

describe('PSF convolution', () => {
  it('kernels sum to 1 and have the requested FWHM', () => {
    const g = gaussianKernel1d(1.0, 0.263);
    expect(g.reduce((s, v) => s + v, 0)).to.be.closeTo(1, 1e-12);
    const { kernel, radius } = psfKernel2d({ kind: 'moffat', fwhm: 1.2, beta: 3 }, 0.1);
    expect(kernel.reduce((s, v) => s + v, 0)).to.be.closeTo(1, 1e-12);
    // Half maximum along the central row, linearly interpolated.
    const size = 2 * radius + 1;
    const row = Array.from({ length: size }, (_, j) => kernel[radius * size + j]!);
    const peak = row[radius]!;
    let k = radius;
    while (row[k]! > peak / 2) k++;
    const half = k - 1 + (row[k - 1]! - peak / 2) / (row[k - 1]! - row[k]!) - radius;
    expect(2 * half * 0.1).to.be.closeTo(1.2, 0.05);
  });

  it('separable and FFT convolution agree, and both conserve flux away from the edges', () => {
    const W = 40, H = 30;
    const img = new Float32Array(W * H);
    img[15 * W + 20] = 100;
    img[10 * W + 12] = 50;
    const k1 = gaussianKernel1d(0.9, 0.263);
    const r = (k1.length - 1) / 2;
    const k2 = new Float64Array(k1.length * k1.length);
    for (let i = 0; i < k1.length; i++) for (let j = 0; j < k1.length; j++) k2[i * k1.length + j] = k1[i]! * k1[j]!;
    const a = convolveSeparable(img, W, H, k1);
    const b = convolveFft(img, W, H, k2, r);
    for (let t = 0; t < a.length; t++) expect(a[t]!).to.be.closeTo(b[t]!, 1e-4);
    expect(a.reduce((s, v) => s + v, 0)).to.be.closeTo(150, 1e-3);
    const m = convolvePsf(img, W, H, { kind: 'moffat', fwhm: 0.9 }, 0.263);
    expect(m.reduce((s, v) => s + v, 0)).to.be.closeTo(150, 150 * 0.02); // wings beyond the cutout edge
  });

  it('the cropped separable convolution equals the full one cropped (window touching the edges or not)', () => {
    const rng = new SeededRandom(3);
    const W = 50, H = 41;
    const img = Float32Array.from({ length: W * H }, () => rng.uniform());
    const k1 = gaussianKernel1d(1.1, 0.263); // radius 8 > the 3-pixel margins below
    const full = convolveSeparable(img, W, H, k1);
    for (const [x, y, w, h] of [[3, 3, 44, 35], [0, 0, W, H], [10, 5, 7, 30], [0, 20, 50, 21]] as const) {
      const crop = convolveSeparableCropped(img, W, H, k1, x, y, w, h);
      expect(crop.length).to.equal(w * h);
      for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) expect(crop[i * w + j]!).to.be.closeTo(full[(i + y) * W + j + x]!, 1e-5);
    }
  });
});
