/**
 * The in-suite FITS fuzz test (issue #12 §3): a few thousand seeded mutations of small FITS files (every
 * BITPIX, scaled and BLANK images, a cube, a MEF, binary and ASCII tables, random groups, RICE_1 / GZIP_1 /
 * GZIP_2 / NOCOMPRESS / quantised tiles, gzip and bzip2 containers, and astropy's fixture with PLIO_1,
 * HCOMPRESS_1 and dithered RICE_1) must each decode or fail with a FitsError, within a hang guard, in bounded
 * memory. FITS_FUZZ_CASES and FITS_FUZZ_SEED change the run (`scripts/fuzz/fits.ts` runs long ones); a
 * failure names the seed and case index: `scripts/fuzz/fits.ts --seed S --replay I` replays it.
 */
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '@kenobi/core';
import { openFits } from '../fits-file.js';
import { scanHdus } from '../hdu.js';
import { nodeDecoders } from '../node.js';
import { ASTROPY_EXTRA_FIXTURES, ASTROPY_FIXTURE, loadSeeds, makeCase } from './fits-fuzz-cases.js';

const SEED_FILES = [ASTROPY_FIXTURE, ...ASTROPY_EXTRA_FIXTURES].map((u) => fileURLToPath(u));
import { formatFuzzReport, runFitsFuzz } from './fits-fuzz-runner.js';
import { mutateFits } from './fits-mutator.js';
import { bzip2SeedBytes, bzip2SeedFits } from './fits-seeds.js';

const CASES = Number(process.env.FITS_FUZZ_CASES ?? 3000);
const SEED = Number(process.env.FITS_FUZZ_SEED ?? 20_251_207);

describe('FITS fuzz', function () {
  this.timeout(300_000);

  it('starts from seeds that decode: every HDU of every seed reads (or is a table, or random groups)', () => {
    expect(nodeDecoders.bzip2!(bzip2SeedBytes(), () => undefined)).to.equal(undefined);
    expect(openFits(bzip2SeedBytes(), { decoders: nodeDecoders }).bytes).to.deep.equal(bzip2SeedFits());
    const kinds = new Set<string>();
    for (const seed of loadSeeds(SEED_FILES)) {
      const f = openFits(seed.bytes, { decoders: nodeDecoders });
      for (const h of f.hdus) {
        kinds.add(h.kind === 'compimage' ? `compimage ${h.header.string('ZCMPTYPE')}` : h.kind);
        if (f.imageHdus().includes(h)) {
          expect(f.readImage(h.index).data.shape, `${seed.name} HDU ${h.index}`).to.deep.equal(h.shape);
        }
      }
    }
    for (const k of ['primary', 'image', 'table', 'bintable', 'groups', 'compimage RICE_1', 'compimage GZIP_1', 'compimage GZIP_2', 'compimage NOCOMPRESS', 'compimage PLIO_1', 'compimage HCOMPRESS_1']) {
      expect([...kinds], k).to.include(k);
    }
  });

  it('rewrites every structural keyword, in every kind of HDU that has it, to absurd values', () => {
    const seeds = loadSeeds([fileURLToPath(ASTROPY_FIXTURE)]);
    const hit = new Set<string>();
    for (let i = 0; i < 6000; i += 1) {
      const seed = seeds[i % seeds.length]!;
      const { steps } = mutateFits(seed, new SeededRandom(i));
      // The first step acts on the seed itself (or the FITS inside its container): find the HDU it hit.
      const m = /^keyword ([A-Z]+)\d*@(\d+)=/.exec(steps[0]!);
      if (!m) continue;
      const fits = steps[steps.length - 1] === '(inside the container)' ? seed.inner!.bytes : seed.bytes;
      const at = Number(m[2]);
      const hdu = scanHdus(fits).find((h) => h.headerOffset <= at && at < h.dataOffset);
      if (hdu) hit.add(`${m[1]} ${hdu.kind}`);
    }
    const expected: Record<string, readonly string[]> = {
      NAXIS: ['primary', 'image', 'table', 'bintable', 'compimage', 'groups'],
      BITPIX: ['primary', 'image', 'table', 'bintable', 'compimage', 'groups'],
      PCOUNT: ['image', 'table', 'bintable', 'compimage', 'groups'],
      GCOUNT: ['image', 'table', 'bintable', 'compimage', 'groups'],
      THEAP: ['bintable', 'compimage'],
      TFORM: ['table', 'bintable', 'compimage'],
      TBCOL: ['table'],
      ZNAXIS: ['compimage'], ZTILE: ['compimage'], ZBITPIX: ['compimage'], ZCMPTYPE: ['compimage'], ZDITHER: ['compimage'], ZVAL: ['compimage'],
      BLANK: ['primary', 'image'], BSCALE: ['primary', 'image'],
    };
    const missing = Object.entries(expected).flatMap(([k, kinds]) => kinds.map((kind) => `${k} ${kind}`)).filter((p) => !hit.has(p));
    expect(missing).to.deep.equal([]);
  });

  it('replays any case from its seed and index alone', () => {
    const seeds = loadSeeds();
    const a = makeCase(seeds, SEED, 1234);
    const b = makeCase(seeds, SEED, 1234);
    expect(b.bytes).to.deep.equal(a.bytes);
    expect(b.steps).to.deep.equal(a.steps);
    expect(makeCase(seeds, SEED, 1235).steps).to.not.deep.equal(a.steps);
  });

  it(`${CASES} mutated files: each decodes or throws a FitsError, none hangs, memory stays bounded`, async () => {
    const report = await runFitsFuzz({ seed: SEED, cases: CASES, seedFiles: SEED_FILES, hangMs: 10_000, maxRssBytes: 1.5 * 2 ** 30 });
    console.log(formatFuzzReport(report).replace(/^/gm, '      '));
    const replay = `replay with: node --conditions=@kenobi/source --import tsx scripts/fuzz/fits.ts --seed ${SEED} --replay <case>`;
    expect(report.untyped, replay).to.deep.equal([]);
    expect(report.crashes, replay).to.deep.equal([]);
    expect(report.hangs, replay).to.deep.equal([]);
    expect(report.memory, replay).to.deep.equal([]);
    expect(report.cases).to.equal(CASES);
    // The mutations must leave many files readable and reach the decoders' own checks, not only the header's.
    expect(report.outcomes.decoded ?? 0).to.be.above(CASES / 5);
    for (const code of ['fits/truncated', 'fits/invalid-header', 'fits/corrupt-tile', 'fits/not-fits', 'fits/unsupported']) {
      expect(report.outcomes[code] ?? 0, code).to.be.above(0);
    }
  });
});
