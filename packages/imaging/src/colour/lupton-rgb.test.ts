import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { fixturePath, needShared, readFixture, sharedPath } from '../test-support/shared-data.js';
import { readNpyGz } from '../test-support/read-npy.js';
import { decodePng } from '../raster/decode-png.js';
import type { Raster } from '../raster/raster.js';
import { makeLuptonRgb, type LuptonOptions } from './lupton-rgb.js';
import { compositeBands } from './band-composite.js';
import { orderBands, SDSS_GRI_TO_RGB } from './band-order.js';
import { minMaxInterval } from '../interval/minmax-interval.js';
import { linearStretch } from '../stretch/linear-stretch.js';

interface LuptonFixture {
  synthetic: { shape: [number, number]; r: (number | null)[]; g: (number | null)[]; b: (number | null)[]; cases: { params: Record<string, unknown>; rgb: number[] }[] };
  sdss: { rows: [number, number]; cols: [number, number]; files_npy: Record<string, string>; images: { png: string; params: Record<string, number> }[] };
}

const band = (w: number, h: number, v: (number | null)[]): Raster => ({ width: w, height: h, channels: 1, data: Float32Array.from(v, (x) => (x === null ? NaN : x)) });

function options(p: Record<string, unknown>): LuptonOptions {
  return { minimum: p.minimum as LuptonOptions['minimum'], stretch: p.stretch as number | undefined, Q: p.Q as number | undefined };
}

function cut(data: ArrayLike<number>, width: number, rows: [number, number], cols: [number, number]): Raster {
  const w = cols[1] - cols[0];
  const h = rows[1] - rows[0];
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = data[(rows[0] + y) * width + cols[0] + x]!;
  return { width: w, height: h, channels: 1, data: out };
}

describe('imaging makeLuptonRgb (astropy make_lupton_rgb, within one 8-bit level)', () => {
  const fixture = readFixture<LuptonFixture>('lupton.json');
  const [h, w] = fixture.synthetic.shape;
  for (const c of fixture.synthetic.cases) {
    it(`synthetic bands with NaN/negatives/saturation, ${JSON.stringify(c.params)}`, () => {
      const rgb = makeLuptonRgb(band(w, h, fixture.synthetic.r), band(w, h, fixture.synthetic.g), band(w, h, fixture.synthetic.b), options(c.params));
      expect(rgb.channels).to.equal(3);
      let worst = 0;
      rgb.data.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - c.rgb[i]!)); });
      expect(worst).to.be.at.most(1);
    });
  }
  for (const img of fixture.sdss.images) {
    it(`real SDSS i,r,g region, ${JSON.stringify(img.params)}`, function () {
      const planes = ['i', 'r', 'g'].map((k) => {
        const npy = readNpyGz(needShared(this, `data/fits/${fixture.sdss.files_npy[k]}`));
        return cut(npy.data as Float32Array, npy.shape[1]!, fixture.sdss.rows, fixture.sdss.cols);
      });
      const ref = decodePng(readFileSync(fixturePath(img.png)));
      const rgb = makeLuptonRgb(planes[0]!, planes[1]!, planes[2]!, options(img.params));
      let worst = 0;
      let exact = 0;
      rgb.data.forEach((v, i) => { const d = Math.abs(v - ref.data[i]!); worst = Math.max(worst, d); if (d === 0) exact++; });
      expect(worst).to.be.at.most(1);
      expect(exact / rgb.data.length).to.be.above(0.99);
      expect(sharedPath()).to.be.a('string');
    });
  }
});

describe('imaging band composites', () => {
  const g: Raster = { width: 2, height: 1, channels: 1, data: Float32Array.of(0, 1) };
  const r: Raster = { width: 2, height: 1, channels: 1, data: Float32Array.of(0, 2) };
  const i: Raster = { width: 2, height: 1, channels: 1, data: Float32Array.of(0, 4) };
  it('maps g, r, i to B, G, R with SDSS_GRI_TO_RGB', () => {
    expect(orderBands({ g, r, i }, SDSS_GRI_TO_RGB)).to.deep.equal([i, r, g]);
    expect(orderBands([g, r, i], [2, 1, 0])).to.deep.equal([i, r, g]);
    expect(() => orderBands({ g, r }, SDSS_GRI_TO_RGB)).to.throw(/no band 'i' \(have g, r\)/);
  });
  it('stretches each band and interleaves channels in the given order', () => {
    const rgb = compositeBands({ g, r, i }, { order: SDSS_GRI_TO_RGB, interval: minMaxInterval(), stretch: linearStretch() });
    expect(rgb.channels).to.equal(3);
    expect(Array.from(rgb.data)).to.deep.equal([0, 0, 0, 1, 1, 1]);
    const shared = compositeBands({ g, r, i }, { order: SDSS_GRI_TO_RGB, interval: minMaxInterval(), stretch: linearStretch(), sharedLimits: true });
    expect(Array.from(shared.data)).to.deep.equal([0, 0, 0, 1, 0.5, 0.25]);
  });
  it('turns NaN into 0', () => {
    const n: Raster = { width: 2, height: 1, channels: 1, data: Float32Array.of(NaN, 3) };
    expect(Array.from(compositeBands([n, g], { interval: minMaxInterval(), stretch: linearStretch() }).data)).to.deep.equal([0, 0, 0, 1]);
  });
});
