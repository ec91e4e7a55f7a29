import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { expect } from 'chai';
import tarStream from 'tar-stream';
import { isKenobiError } from '@kenobi/core';
import { extractTarGzSafely, unsafeMemberName } from './safe-tar.js';

type Member = { name: string; body?: string; type?: 'file' | 'symlink' | 'link' | 'directory'; linkname?: string };

async function makeTarGz(path: string, members: Member[]): Promise<void> {
  const pack = tarStream.pack();
  const done = pipeline(pack, createGzip(), createWriteStream(path));
  for (const m of members) {
    const header = { name: m.name, type: m.type ?? 'file', ...(m.linkname ? { linkname: m.linkname } : {}) } as const;
    const cb = (e?: Error | null): void => { if (e) throw e; };
    if (m.type && m.type !== 'file') pack.entry(header, cb);
    else pack.entry(header, m.body ?? '', cb);
  }
  pack.finalize();
  await done;
}

describe('extractTarGzSafely', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'kenobi-tar-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('extracts a normal archive (folders and files)', async () => {
    const a = join(dir, 'ok.tar.gz');
    await makeTarGz(a, [{ name: 'mnist/', type: 'directory' }, { name: 'mnist/model.onnx', body: 'onnx!' }, { name: 'mnist/test_data_set_0/input_0.pb', body: 'pb' }]);
    const files = await extractTarGzSafely(a, join(dir, 'out'));
    expect(files).to.deep.equal(['mnist/model.onnx', 'mnist/test_data_set_0/input_0.pb']);
    expect(readFileSync(join(dir, 'out/mnist/model.onnx'), 'utf8')).to.equal('onnx!');
  });

  const cases: Array<[string, Member[], RegExp]> = [
    ['../evil', [{ name: 'ok.txt', body: 'x' }, { name: '../evil', body: 'pwned' }], /climbs out/],
    ['a/../../evil', [{ name: 'a/../../evil', body: 'pwned' }], /climbs out/],
    ['an absolute path', [{ name: '/tmp/kenobi-evil-abs', body: 'pwned' }], /absolute/],
    ['a symlink', [{ name: 'link', type: 'symlink', linkname: '/etc/passwd' }], /symlink/],
    ['a hard link', [{ name: 'ok.txt', body: 'x' }, { name: 'hard', type: 'link', linkname: 'ok.txt' }], /link/],
  ];
  for (const [what, members, why] of cases) {
    it(`refuses ${what} and leaves nothing behind`, async () => {
      const a = join(dir, 'bad.tar.gz');
      await makeTarGz(a, members);
      let err: unknown;
      try { await extractTarGzSafely(a, join(dir, 'out')); } catch (e) { err = e; }
      expect(isKenobiError(err, 'zoo/unsafe-archive'), String(err)).to.equal(true);
      expect((err as Error).message).to.match(why);
      expect(existsSync(join(dir, 'out'))).to.equal(false);
      expect(existsSync(join(dir, 'evil'))).to.equal(false);
      expect(existsSync('/tmp/kenobi-evil-abs')).to.equal(false);
    });
  }

  it('refuses an outsized member', async () => {
    const a = join(dir, 'big.tar.gz');
    await makeTarGz(a, [{ name: 'big.bin', body: 'x'.repeat(5000) }]);
    let err: unknown;
    try { await extractTarGzSafely(a, join(dir, 'out'), { maxMemberBytes: 1000 }); } catch (e) { err = e; }
    expect(isKenobiError(err, 'zoo/unsafe-archive')).to.equal(true);
    expect((err as Error).message).to.include('above the limit of 1000');
  });

  it('names unsafe member names', () => {
    expect(unsafeMemberName('C:\\x')).to.equal('its path is absolute');
    expect(unsafeMemberName('x/y.onnx')).to.equal(undefined);
  });
});
