import { expect } from 'chai';
import { readFixture } from '../test-support/shared-data.js';
import { intervalFor, toArray } from '../interval/intervals.test.js';
import { asinhStretch } from './asinh-stretch.js';
import { linearStretch } from './linear-stretch.js';
import { logStretch } from './log-stretch.js';
import { powerStretch } from './power-stretch.js';
import { sinhStretch } from './sinh-stretch.js';
import { sqrtStretch } from './sqrt-stretch.js';
import type { Stretch } from './stretch.js';
import { parseStretch } from './stretch-spec.js';
import { stretchValues } from './stretch-values.js';

interface StretchCase { kind: string; params: Record<string, number>; output: (number | null)[] }
interface Block { name: string; input: (number | null)[] | string; interval: string; normalised: (number | null)[]; stretches: StretchCase[] }

function stretchFor(c: StretchCase): Stretch {
  const p = c.params;
  switch (c.kind) {
    case 'linear': return linearStretch(p.slope, p.intercept);
    case 'sqrt': return sqrtStretch();
    case 'power': return powerStretch(p.a!);
    case 'log': return logStretch(p.a);
    case 'asinh': return asinhStretch(p.a);
    case 'sinh': return sinhStretch(p.a);
    default: throw new Error(c.kind);
  }
}

function expectClose(got: ArrayLike<number>, want: (number | null)[], tol: number, label: string): void {
  expect(got.length, label).to.equal(want.length);
  let worst = 0;
  want.forEach((w, i) => {
    if (w === null) expect(Number.isNaN(got[i]!), `${label} index ${i} should be NaN`).to.equal(true);
    else worst = Math.max(worst, Math.abs(got[i]! - w));
  });
  expect(worst, `${label} max abs diff`).to.be.below(tol);
}

describe('imaging stretches (astropy 5.2.1 fixtures, within 1e-6)', () => {
  const fixture = readFixture<{ blocks: Block[] }>('stretches.json');
  let region: Float64Array | undefined;
  for (const block of fixture.blocks) {
    const input = typeof block.input === 'string' ? () => region! : () => toArray(block.input as (number | null)[]);
    if (block.name === 'sdss_g_region') region = toArray(block.input as (number | null)[]);
    for (const c of block.stretches) {
      it(`${c.kind} ${JSON.stringify(c.params)} after ${block.interval} on ${block.name}`, () => {
        const s = stretchFor(c);
        expectClose(s.apply(toArray(block.normalised)), c.output, 1e-6, 'float32 out');
        expectClose(s.apply(toArray(block.normalised), { out: new Float64Array(block.normalised.length) }), c.output, 1e-9, 'float64 out');
        const chained = stretchValues(input(), intervalFor({ kind: block.interval, params: {} }), s);
        expectClose(chained, c.output, 1e-6, 'stretchValues');
      });
    }
  }

  it('clips to [0, 1] first and keeps NaN', () => {
    expect(Array.from(sqrtStretch().apply([-1, 4, 0.25]))).to.deep.equal([0, 1, 0.5]);
    expect(Number.isNaN(logStretch().apply([NaN])[0]!)).to.equal(true);
    expect(Array.from(linearStretch(2).apply([0.75], { clip: false }))).to.deep.equal([1.5]);
  });

  it('parses stretch specs with astropy defaults', () => {
    expect(parseStretch('asinh').kind).to.equal('asinh:0.1');
    expect(parseStretch('log').kind).to.equal('log:1000');
    expect(parseStretch('sinh').map(1)).to.be.closeTo(1, 1e-12);
    expect(parseStretch('power:2').map(0.5)).to.equal(0.25);
    expect(() => parseStretch('power')).to.throw(/cannot read stretch/);
    expect(() => parseStretch('asinh:2')).to.throw(/0 < a <= 1/);
    expect(() => parseStretch('gamma')).to.throw(/cannot read stretch/);
  });
});
