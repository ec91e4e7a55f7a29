import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { writeFits } from '@kenobi/fits';
import { fitsInfoCommand } from './fits-info.js';

function capture(): { io: { stdout: Writable; stderr: Writable }; text: () => string } {
  let out = '';
  const stdout = new Writable({ write(chunk, _enc, cb) { out += String(chunk); cb(); } });
  return { io: { stdout, stderr: new Writable({ write(_c, _e, cb) { cb(); } }) }, text: () => out };
}

describe('kenobi fits info', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kenobi-fits-info-'));
  const file = join(dir, 'two.fits.gz');
  writeFileSync(file, gzipSync(writeFits([
    { data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3], header: [{ keyword: 'OBJECT', value: 'M13' }] },
    { data: Uint16Array.of(1, 2), shape: [1, 2], type: 'int16', bzero: 32768, extname: 'SCI' },
  ])));

  it('prints HDUs, shapes, types and key cards as JSON', async () => {
    const c = capture();
    expect(await fitsInfoCommand.run({ values: { json: true }, positionals: [file] }, c.io)).to.equal(0);
    const r = JSON.parse(c.text());
    expect(r.container).to.equal('gzip');
    expect(r.hdus.map((h: { shape: number[] }) => h.shape)).to.deep.equal([[2, 3], [1, 2]]);
    expect(r.hdus.map((h: { dtype: string }) => h.dtype)).to.deep.equal(['float32', 'uint16']);
    expect(r.hdus[0].keys.OBJECT).to.equal('M13');
    expect(r.hdus[1].extname).to.equal('SCI');
  });

  it('prints a table', async () => {
    const c = capture();
    await fitsInfoCommand.run({ values: {}, positionals: [file] }, c.io);
    expect(c.text()).to.match(/1\s+image\s+SCI\s+1\s+\[1, 2\]\s+16\s+uint16/);
    expect(c.text()).to.contain("OBJECT='M13'");
  });
});
