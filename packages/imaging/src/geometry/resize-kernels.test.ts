import { expect } from 'chai';
import { assembleWat } from '../../../../test/support/assemble-wat.js';
import { SeededRandom } from '@kenobi/core';
import { resizeKernels } from './resize-kernels.js';
import { resizeWindow } from './resize.js';
import type { ResampleFilter } from './resample-filter.js';

describe('imaging resize SIMD kernels', () => {
  after(() => resizeKernels.use(true));

  it('are the module kernels/resize-kernels.wat assembles to, and load in Node', async () => {
    const built = await assembleWat(new URL('../../kernels/resize-kernels.wat', import.meta.url));
    expect(Buffer.from(resizeKernels.bytes()).equals(Buffer.from(built))).to.equal(true);
    expect(resizeKernels.use(true), 'WebAssembly SIMD available in Node 20').to.equal(true);
  });

  it('give the JavaScript loops\' bytes exactly: 1-4 channels, shrink and enlarge, windows, bilinear and box', () => {
    const rng = new SeededRandom(7);
    let cases = 0;
    for (const c of [1, 2, 3, 4]) {
      for (const [w, h, tw, th] of [[423, 423, 256, 256], [37, 19, 13, 40], [5, 3, 17, 9], [64, 48, 31, 23], [300, 451, 224, 337]] as const) {
        for (const filter of ['bilinear', 'box'] as ResampleFilter[]) {
          const data = Uint8Array.from({ length: w * h * c }, () => Math.floor(rng.uniform() * 256));
          // some saturated blocks exercise clip8 at both ends
          data.fill(255, 0, Math.min(data.length, 7 * c));
          const left = Math.floor(rng.uniform() * Math.max(1, tw / 4));
          const top = Math.floor(rng.uniform() * Math.max(1, th / 4));
          const win = { left, top, width: tw - left - Math.floor(rng.uniform() * (tw - left) / 3), height: th - top - Math.floor(rng.uniform() * (th - top) / 3) };
          const raster = { width: w, height: h, channels: c, data };
          resizeKernels.use(false);
          const js = resizeWindow(raster, tw, th, win, { filter });
          expect(resizeKernels.use(true)).to.equal(true);
          const simd = resizeWindow(raster, tw, th, win, { filter });
          expect([simd.width, simd.height, simd.channels]).to.deep.equal([js.width, js.height, js.channels]);
          let differ = 0;
          for (let i = 0; i < js.data.length; i++) if (js.data[i] !== simd.data[i]) differ++;
          expect(differ, `${c} channels ${w}x${h} -> ${tw}x${th} ${filter} window ${JSON.stringify(win)}`).to.equal(0);
          cases++;
        }
      }
    }
    expect(cases).to.equal(40);
  });
});
