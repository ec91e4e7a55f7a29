/**
 * Montage cutouts from the catalog a store was made from, whatever its format: a FITS table (the HDU named in
 * the store's dataset source) and Parquet, as well as CSV.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFitsTable } from '@kenobi/fits';
import { resultTable, type FeatureStoreMeta } from '@kenobi/features';
import { resultTableParquet } from '@kenobi/features/node';
import { writeTinyImages } from '../test-support/tiny-export.js';
import { cutoutItems } from './cutout-items.js';

describe('cutoutItems: the store’s catalog as a FITS table or Parquet', () => {
  let dir = '';
  const ids = ['1237648720693755918', '1237648720693755919', '7'];
  const files = ['img/a/img0.png', 'img/b/img1.png', 'img/c/img2.png'];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-cutouts-'));
    writeTinyImages(join(dir, 'img'), 3);
    writeFileSync(join(dir, 'cat.fits'), writeFitsTable([
      { extname: 'OTHER', columns: [{ name: 'X', data: Float32Array.of(1) }] },
      { extname: 'SOURCES', columns: [{ name: 'OBJID', data: BigInt64Array.from(ids, BigInt) }, { name: 'RA', data: Float64Array.of(1, 2, 3) }, { name: 'FILE', data: files }] },
    ]));
    writeFileSync(join(dir, 'cat.parquet'), resultTableParquet(resultTable('c', [{ name: 'objectId', values: BigInt64Array.from(ids, BigInt) }, { name: 'cutout', values: files }])));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const meta = (source: string): FeatureStoreMeta => ({ dataset: { source, kind: 'catalog' } }) as unknown as FeatureStoreMeta;

  it('finds the id and image columns of the named FITS table HDU (64-bit ids exact)', async () => {
    const c = await cutoutItems(meta(`${join(dir, 'cat.fits')}[SOURCES]`), ids);
    expect('items' in c, JSON.stringify(c)).to.equal(true);
    if (!('items' in c)) return;
    expect([...c.items.keys()]).to.deep.equal(ids);
    expect((c.items.get('7')!.source as { path: string }).path).to.equal(join(dir, 'img/c/img2.png'));
  });
  it('finds them in a Parquet catalog', async () => {
    const c = await cutoutItems(meta(join(dir, 'cat.parquet')), ids.slice(1));
    expect('items' in c && [...c.items.keys()]).to.deep.equal(ids.slice(1));
  });
  it('says why when the store’s ids are in no column', async () => {
    const c = await cutoutItems(meta(`${join(dir, 'cat.fits')}[SOURCES]`), ['nope']);
    expect(c).to.deep.equal({ reason: `no column of ${join(dir, 'cat.fits')}[SOURCES] holds the store's ids (pass --id-col)` });
  });
});
