import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { readFixture, needShared, sharedPath } from '../test-support/shared-data.js';
import { readNpyGz } from '../test-support/read-npy.js';
import type { Interval } from './interval.js';
import { normaliseToInterval } from './interval.js';
import { manualInterval } from './manual-interval.js';
import { minMaxInterval } from './minmax-interval.js';
import { asymmetricPercentileInterval, percentileInterval } from './percentile-interval.js';
import { zscaleInterval } from './zscale-interval.js';
import { parseInterval } from './interval-spec.js';

interface IntervalCase { kind: string; params: Record<string, number>; limits: [number, number] }
interface Block { name: string; input: (number | null)[] | string; intervals: IntervalCase[]; interval: string; normalised: (number | null)[] }

export function intervalFor(c: { kind: string; params: Record<string, number> }): Interval {
  switch (c.kind) {
    case 'minmax': return minMaxInterval();
    case 'manual': return manualInterval(c.params.vmin, c.params.vmax);
    case 'percentile': return percentileInterval(c.params.percentile!);
    case 'asymmetric-percentile': return asymmetricPercentileInterval(c.params.lower!, c.params.upper!);
    case 'zscale': return zscaleInterval();
    default: throw new Error(c.kind);
  }
}

export function toArray(values: (number | null)[]): Float64Array {
  return Float64Array.from(values, (v) => (v === null ? NaN : v));
}

function expectLimits(got: readonly [number, number], want: [number, number], label: string): void {
  const scale = Math.max(Math.abs(want[1] - want[0]), 1e-300);
  expect(Math.abs(got[0] - want[0]) / scale, `${label} vmin ${got[0]} vs ${want[0]}`).to.be.below(1e-9);
  expect(Math.abs(got[1] - want[1]) / scale, `${label} vmax ${got[1]} vs ${want[1]}`).to.be.below(1e-9);
}

describe('imaging intervals (astropy 5.2.1 fixtures)', () => {
  const fixture = readFixture<{ blocks: Block[] }>('stretches.json');
  const inputs = new Map<string, Float64Array>();
  for (const b of fixture.blocks) inputs.set(b.name, typeof b.input === 'string' ? inputs.get('sdss_g_region')! : toArray(b.input));

  for (const block of fixture.blocks) {
    for (const c of block.intervals) {
      it(`${c.kind} ${JSON.stringify(c.params)} on ${block.name}`, () => {
        expectLimits(intervalFor(c).limits(inputs.get(block.name)!), c.limits, c.kind);
      });
    }
    it(`normalises ${block.name} with ${block.interval} like astropy (NaN kept)`, () => {
      const x = inputs.get(block.name)!;
      const got = normaliseToInterval(x, intervalFor({ kind: block.interval, params: {} }).limits(x), { out: new Float64Array(x.length) });
      block.normalised.forEach((want, i) => {
        if (want === null) expect(Number.isNaN(got[i]!), `index ${i}`).to.equal(true);
        else expect(Math.abs(got[i]! - want), `index ${i}`).to.be.below(1e-9);
      });
    });
  }

  describe('on whole real images (zscale sampling, percentiles over 300k pixels)', () => {
    const full = readFixture<{ cases: { file: string; npy: string; shape: number[]; intervals: IntervalCase[] }[] }>('intervals-full.json');
    for (const c of full.cases) {
      it(`${c.file} ${c.shape.join('x')}`, function () {
        const path = needShared(this, `data/fits/${c.npy}`);
        const { data } = readNpyGz(path);
        const values = data as ArrayLike<number>;
        for (const iv of c.intervals) {
          const got = intervalFor(iv).limits(values);
          // float32 images: astropy takes the zscale median in float32, so allow 1e-6 of the range there
          const scale = Math.max(Math.abs(iv.limits[1] - iv.limits[0]), 1e-300);
          expect(Math.abs(got[0] - iv.limits[0]) / scale, `${iv.kind} vmin`).to.be.below(1e-6);
          expect(Math.abs(got[1] - iv.limits[1]) / scale, `${iv.kind} vmax`).to.be.below(1e-6);
        }
      });
    }
    it('reads the shared index', function () {
      needShared(this, 'data/fits/index.json');
      expect(full.cases.length).to.be.at.least(6);
      expect(sharedPath('data')).to.be.a('string');
    });
  });

  it('keeps values when vmax == vmin (no division), as astropy', () => {
    expect(Array.from(normaliseToInterval([3, 3.5], [3, 3], { clip: false }))).to.deep.equal([0, 0.5]);
  });

  it('throws imaging/no-finite-values on an all-NaN image', () => {
    expect(() => zscaleInterval().limits([NaN, Infinity])).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'imaging/no-finite-values'));
  });

  it('parses interval specs', () => {
    expect(parseInterval('percentile:99.5').limits([0, 1, 2, 3, 4])).to.deep.equal(percentileInterval(99.5).limits([0, 1, 2, 3, 4]));
    expect(parseInterval('percentile:10,90').limits([0, 10])).to.deep.equal([1, 9]);
    expect(parseInterval('manual:-1,5').limits([])).to.deep.equal([-1, 5]);
    expect(() => parseInterval('zscale:3')).to.throw(/cannot read interval/);
    expect(() => parseInterval('median')).to.throw(/cannot read interval/);
  });
});
