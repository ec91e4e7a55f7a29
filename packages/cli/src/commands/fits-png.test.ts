import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { decodePng } from '@kenobi/imaging';
import { cli } from '../test-support/run-cli-capture.js';

const shared = resolve(process.env.KENOBI_SHARED ?? resolve(import.meta.dirname, '../../../../../shared'));

function needFile(ctx: Mocha.Context, path: string): void {
  if (existsSync(path)) return;
  if (process.env.KENOBI_REQUIRE_MODELS === '1') throw new Error(`KENOBI_REQUIRE_MODELS=1 but ${path} is missing`);
  ctx.skip();
}

describe('kenobi fits png', () => {
  const file = join(shared, 'data/fits/astropy_data/HorseHead.fits');
  const dir = mkdtempSync(join(tmpdir(), 'kenobi-fits-png-'));

  it('writes a zscale/asinh PNG of HorseHead with astropy limits, bottom row first', async function () {
    needFile(this, file);
    const out = join(dir, 'hh.png');
    const { code, out: stdout } = await cli('fits', 'png', file, '--stretch', 'asinh', '-o', out, '--json');
    expect(code).to.equal(0);
    const report = JSON.parse(stdout) as { width: number; height: number; limits: number[]; interval: string };
    expect(report.limits).to.deep.equal([4696, 18588]); // astropy ZScaleInterval on the same pixels
    const png = decodePng(readFileSync(out));
    expect([png.width, png.height, png.channels]).to.deep.equal([891, 893, 1]);
    const upper = await cli('fits', 'png', file, '--stretch', 'asinh', '--origin', 'upper', '-o', join(dir, 'up.png'));
    expect(upper.code).to.equal(0);
    const up = decodePng(readFileSync(join(dir, 'up.png')));
    expect(Array.from(up.data.subarray(0, 891))).to.deep.equal(Array.from(png.data.subarray(892 * 891, 893 * 891)));
  });

  it('asks for a plane on cubes and for -o', async function () {
    const cube = join(shared, 'data/fits/astropy_data/l1448_13co.fits');
    needFile(this, cube);
    expect((await cli('fits', 'png', cube, '-o', join(dir, 'c.png'))).err).to.match(/choose a plane with --plane/);
    expect((await cli('fits', 'png', cube, '--plane', '20', '-o', join(dir, 'c.png'))).code).to.equal(0);
    expect((await cli('fits', 'png', cube)).code).to.equal(2);
    expect((await cli('fits', 'png', cube, '--stretch', 'gamma', '-o', join(dir, 'c.png'))).code).to.equal(1);
  });
});
