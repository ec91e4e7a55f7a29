import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import type { DatasetItem } from '../dataset/dataset.js';
import { goodCutout, hugeHeaderFits, textNotFits, tileCompressedFits, writeGzipBomb } from '../test-support/hostile-cutouts.js';
import { HOSTILE_DECODE_HOOK } from '../test-support/hostile-decode-hook.js';
import { TINY_PREPROCESSING } from '../test-support/tiny-dataset.js';
import { DecodePool } from './decode-pool.node.js';
import type { BatchJob, PreparedBatch } from './prepare-batch.node.js';

const preprocessing = { config: { ...TINY_PREPROCESSING, inputSize: [16, 16] as [number, number] }, tta: 'none' as const };

describe('DecodePool: decode workers under a time limit and a memory budget per item', function () {
  this.timeout(300_000);
  let dir = '';
  const saved = process.env.KENOBI_TEST_DECODE_HOOK;
  const file = (name: string, bytes: Uint8Array): string => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };
  const items = (paths: readonly string[]): DatasetItem[] => paths.map((path, k) => ({ row: k + 2, id: `i${k}`, source: { kind: 'file', path } }));
  const job = (seq: number, its: DatasetItem[]): BatchJob => ({ seq, items: its, bandNames: [], preprocessing });
  /** The same items decoded in this thread (workers 0), as the reference for the good ones. */
  async function inThread(its: DatasetItem[]): Promise<PreparedBatch> {
    await using pool = new DecodePool(0);
    return pool.submit(job(0, its));
  }
  const codes = (b: PreparedBatch): Record<string, string | undefined> => Object.fromEntries(b.failures.map((f) => [f.id, f.code]));

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-decode-pool-'));
    process.env.KENOBI_TEST_DECODE_HOOK = HOSTILE_DECODE_HOOK;
  });
  after(() => {
    if (saved === undefined) delete process.env.KENOBI_TEST_DECODE_HOOK;
    else process.env.KENOBI_TEST_DECODE_HOOK = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports broken files with the reader\'s typed code, by row, and decodes the good ones as in-thread decoding does', async () => {
    const tile = tileCompressedFits(Int16Array.from({ length: 400 }, (_, i) => i - 200), 20, 20);
    const its = items([
      file('a.fits', goodCutout(1)), file('huge.fits', hugeHeaderFits()), file('tile.fits', tile), file('text.fits', textNotFits()),
      file('empty.fits', new Uint8Array(0)), file('cut.fits', tile.subarray(0, 2 * 2880 + 20 * 8 + 200)), file('b.fits', goodCutout(2)),
    ]);
    await using pool = new DecodePool(2, { itemTimeoutMs: 20_000, workerMemoryMb: 256 });
    const b = await pool.submit(job(0, its));
    const ref = await inThread(its);
    expect(b.ok).to.deep.equal([0, 2, 6]);
    expect(Array.from(b.data)).to.deep.equal(Array.from(ref.data));
    expect(b.failures).to.deep.equal(ref.failures);
    expect(b.failures.map((f) => f.row)).to.deep.equal([3, 5, 6, 7]);
    for (const f of b.failures) expect(f.code, f.error).to.match(/^fits\//);
    expect(codes(b).i3).to.equal('fits/not-fits');
    expect(pool.stats).to.deep.include({ respawns: 0, timeouts: 0, crashes: 0 });
  });

  it('stops a hanging or crashing decoder, fails only that item, and decodes the items queued behind it', async () => {
    const good = goodCutout(3);
    const its = items(['g0.fits', 'hang.fits', 'g1.fits', 'crash.fits', 'g2.fits', 'throws.fits', 'g3.fits'].map((n) => file(n, good)));
    await using pool = new DecodePool(1, { itemTimeoutMs: 3000, workerMemoryMb: 256 });
    const b = await pool.submit(job(7, its));
    expect(b.seq).to.equal(7);
    expect(b.ok).to.deep.equal([0, 2, 4, 6]);
    expect(codes(b)).to.deep.equal({ i1: 'features/decode-timeout', i3: 'features/decode-crashed', i5: 'features/unreadable-item' });
    expect(b.failures.find((f) => f.id === 'i5')!.error).to.equal('Error: the injected decoder failed');
    const ref = await inThread(items([0, 1, 2, 3].map((k) => file(`r${k}.fits`, good))));
    expect(Array.from(b.data)).to.deep.equal(Array.from(ref.data));
    expect(pool.stats).to.deep.include({ timeouts: 1, crashes: 1, outOfMemory: 0, respawns: 2 });
    // the pool goes on with fresh workers
    const next = await pool.submit(job(8, items([file('g5.fits', good)])));
    expect(next.ok).to.deep.equal([0]);
  });

  it('a decoder that fills its worker\'s V8 heap (resourceLimits) fails that item with decode-out-of-memory', async () => {
    const good = goodCutout(5);
    const its = items(['h0.fits', 'heap-bomb.fits', 'h1.fits'].map((n) => file(n, good)));
    // NOTE: a generous time limit: near its heap limit V8 collects garbage for a while before it gives up.
    await using pool = new DecodePool(1, { itemTimeoutMs: 120_000, workerMemoryMb: 96 });
    const b = await pool.submit(job(0, its));
    expect(b.ok).to.deep.equal([0, 2]);
    expect(codes(b)).to.deep.equal({ i1: 'features/decode-out-of-memory' });
    expect(b.failures[0]!.error).to.contain('96 MB heap');
    expect(pool.stats).to.deep.include({ outOfMemory: 1, timeouts: 0, memoryGuardStops: 0 });
  });

  it('the memory guard stops typed-array runaways outside the heap (a gzip bomb, a decoder touching GBs) and blames only them', async function () {
    const bomb = join(dir, 'bomb.fits.gz');
    const inflated = await writeGzipBomb(bomb);
    expect(inflated).to.be.greaterThan(2e9);
    const paths = [file('c0.fits', goodCutout(4)), bomb, file('c1.fits', goodCutout(5)), file('typed-bomb.fits', goodCutout(6)), file('c2.fits', goodCutout(7)), file('c3.fits', goodCutout(8))];
    const its = items(paths);
    await using pool = new DecodePool(2, { itemTimeoutMs: 60_000, workerMemoryMb: 128 });
    const b = await pool.submit(job(0, its));
    expect(Object.keys(codes(b))).to.deep.equal(['i1', 'i3']);
    // NOTE: the FITS reader may learn to refuse the bomb itself (a fits/ code); until then the guard stops it.
    expect(codes(b).i1).to.match(/^(features\/decode-out-of-memory|fits\/.+)$/);
    expect(codes(b).i3).to.equal('features/decode-out-of-memory');
    expect(b.failures[1]!.error).to.match(/memory .* past the guard/);
    expect(b.ok).to.deep.equal([0, 2, 4, 5]);
    const ref = await inThread(items(paths.filter((_, k) => k !== 1 && k !== 3)));
    expect(Array.from(b.data)).to.deep.equal(Array.from(ref.data));
    // a runaway is stopped at least twice: among others (then a suspect), then alone (then blamed)
    expect(pool.stats.memoryGuardStops).to.be.at.least(2);
  });

  it('refuses limits it cannot use', () => {
    for (const limits of [{ itemTimeoutMs: 0 }, { itemTimeoutMs: Number.NaN }, { workerMemoryMb: 10 }]) {
      expect(() => new DecodePool(1, limits)).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'features/bad-option'));
    }
  });
});
