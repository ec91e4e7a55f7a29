import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFits } from '@kenobi/fits';
import { cli } from '../test-support/run-cli-capture.js';

describe('kenobi sim lenses', function () {
  this.timeout(120_000);
  let dir = '';
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'kenobi-sim-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('writes FITS per band and a catalog that matches them, with progress on stderr', async () => {
    const out = join(dir, 'set');
    const { code, out: stdout, err } = await cli('sim', 'lenses', '--n', '6', '--size', '32', '--bands', 'g,r,i', '--seed', '7', '--lens-fraction', '0.5', '--out', out, '--json');
    expect(code, err).to.equal(0);
    expect(err).to.match(/simulate .*6\/6 images/);
    const summary = JSON.parse(stdout) as { count: number; files: number; lenses: number };
    expect(summary.count).to.equal(6);
    expect(summary.files).to.equal(18);
    const csv = (await readFile(join(out, 'catalog.csv'), 'utf8')).trimEnd().split('\n');
    const header = csv[0]!.split(',');
    expect(csv).to.have.length(7);
    const rows = csv.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, k) => [header[k]!, v])));
    expect(rows.filter((r) => r.label === 'lens').length).to.equal(summary.lenses);
    for (const row of rows) {
      for (const band of ['g', 'r', 'i']) {
        const fits = openFits(new Uint8Array(await readFile(join(out, row[`path_${band}`]!))));
        const img = fits.readImage();
        expect(img.data.shape).to.deep.equal([32, 32]);
        expect(fits.hdu(0).header.get('FILTER')).to.equal(band);
        expect(fits.hdu(0).header.get('LENS')).to.equal(row.label === 'lens');
      }
      if (row.label === 'lens') expect(Number(row.theta_e_arcsec)).to.be.within(0.8, 2.5);
      else expect(row.source_mag_r).to.equal('');
    }
    // Same seed, same bytes.
    const again = join(dir, 'again');
    expect((await cli('sim', 'lenses', '--n', '2', '--size', '32', '--seed', '7', '--out', again)).code).to.equal(0);
    expect((await readFile(join(again, 'r', 'sim000001.fits'))).equals(await readFile(join(out, 'r', 'sim000001.fits')))).to.equal(true);
  });

  it('rejects bad options with a usage error (exit 2)', async () => {
    expect((await cli('sim', 'lenses', '--n', '3')).code).to.equal(2); // no --out
    expect((await cli('sim', 'lenses', '--n', 'x', '--out', dir)).code).to.equal(2);
    const bad = await cli('sim', 'lenses', '--bands', 'g,u', '--out', dir);
    expect(bad.code).to.equal(1);
    expect(bad.err).to.include('sim/bad-band');
  });
});
