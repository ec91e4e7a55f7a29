/**
 * Strided views in: stretches and model input computed on a flipped or transposed scijs view equal those
 * computed on the contiguous raster it shows.
 */
import { expect } from 'chai';
import { ndarray } from '../../../core/src/test-support/scijs.js';
import { rasterFromView } from './raster-from-view.js';
import { asinhStretch } from '../stretch/asinh-stretch.js';
import { stretchValues } from '../stretch/stretch-values.js';
import { zscaleInterval } from '../interval/zscale-interval.js';

describe('rasterFromView', () => {
  const h = 20, w = 30;
  const band = Float32Array.from({ length: h * w }, (_, i) => Math.sin(i / 7) * 100 + (i % w));
  it('a vertically flipped view (step(-1)) stretches as the flipped copy does', () => {
    const flipped = new Float32Array(h * w);
    for (let y = 0; y < h; y += 1) flipped.set(band.subarray((h - 1 - y) * w, (h - y) * w), y * w);
    const r = rasterFromView(ndarray(band, [h, w]).step(-1, 1));
    expect([r.height, r.width, r.channels]).to.deep.equal([h, w, 1]);
    const a = stretchValues(flipped, zscaleInterval(), asinhStretch());
    const b = stretchValues(r.data, zscaleInterval(), asinhStretch());
    expect(Array.from(b)).to.deep.equal(Array.from(a));
  });
  it('a transposed 3-channel view gives the HWC raster of the transpose; int16 data become float32', () => {
    const chw = Uint8Array.from({ length: 3 * 4 * 5 }, (_, i) => i); // [C=3, H=4, W=5]
    const r = rasterFromView(ndarray(chw, [3, 4, 5]).transpose(1, 2, 0)); // [4, 5, 3]
    expect([r.height, r.width, r.channels]).to.deep.equal([4, 5, 3]);
    expect(r.data).to.be.instanceOf(Uint8Array);
    expect(Array.from(r.data.subarray(0, 6))).to.deep.equal([0, 20, 40, 1, 21, 41]);
    const i16 = rasterFromView({ data: Int16Array.of(-1, 2, 3, 4), shape: [2, 2] });
    expect(i16.data).to.be.instanceOf(Float32Array);
    expect(() => rasterFromView({ data: new Float32Array(2), shape: [2] })).to.throw(/\[height, width\]/).with.property('code', 'imaging/invalid-argument');
  });
});
