/**
 * Catalogs from FITS tables (binary and ASCII, astropy-written: fixtures/interchange/catalog.fits, values
 * checked against astropy's Table.read in interchange.json) and Parquet (written by arrow-rs through
 * parquet-wasm, an independent implementation), chosen by content; id columns found by name or the row index.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from './load-dataset.node.js';
import { describeIdSource } from './catalog-dataset.node.js';
import { resultTable } from '../table/result-table.js';
import { resultTableParquet } from '../table/result-table-parquet.node.js';
import { rewriteParquetWithArrow } from '../test-support/arrow-parquet.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/interchange');
const expected = JSON.parse(readFileSync(join(fixtures, 'interchange.json'), 'utf8')) as {
  catalog: { OBJID: string[]; FILE: string[]; KLASS: (string | null)[]; Z: (number | null)[]; FLAG: (number | null)[]; SCALED: number[] };
  catalogAscii: { NAME: string[]; MAG: number[] };
};
const nan = (v: number | null): number => (v === null ? Number.NaN : v);

describe('catalogs from FITS tables (astropy-written, checked against Table.read)', () => {
  const path = join(fixtures, 'catalog.fits');
  it('reads the first table HDU: ids from OBJID (found by name, 64-bit exact), paths, labels, numeric targets', async () => {
    const ds = await loadDataset(path, { columns: { path: 'FILE', label: 'KLASS' } });
    expect(ds.kind).to.equal('catalog');
    expect(ds.idSource).to.deep.equal({ column: 'OBJID', detected: true });
    expect(ds.items.map((it) => it.id)).to.deep.equal(expected.catalog.OBJID);
    expect(ds.items.map((it) => (it.source as { path: string }).path)).to.deep.equal(expected.catalog.FILE.map((f) => join(fixtures, f)));
    expect(ds.items.map((it) => it.label ?? null)).to.deep.equal(expected.catalog.KLASS);
    expect(ds.items.map((it) => it.row)).to.deep.equal([1, 2, 3, 4]);
    // VEC (3-element cells) and VIS (complex) are not one number per row: not targets
    expect(ds.targetNames).to.deep.equal(['Z', 'FLAG', 'SCALED']);
    const col = (k: number): number[] => ds.items.map((it) => it.targets![k]!);
    expect(col(0)).to.deep.equal(expected.catalog.Z.map(nan));
    expect(col(1)).to.deep.equal(expected.catalog.FLAG.map(nan)); // TNULL → missing (NaN)
    expect(col(2)).to.deep.equal(expected.catalog.SCALED);        // TSCAL/TZERO applied
  });

  it('selects the HDU by name or index (cat.fits[ASC], cat.fits[2], or the hdu option)', async () => {
    for (const ds of [await loadDataset(`${path}[ASC]`, { columns: { path: 'FILE' } }), await loadDataset(`${path}[2]`, { columns: { path: 'FILE' } }), await loadDataset(path, { hdu: 'asc', columns: { path: 'FILE' } })]) {
      expect(ds.idSource).to.deep.equal({ column: 'NAME', detected: true });
      expect(ds.items.map((it) => it.id)).to.deep.equal(expected.catalogAscii.NAME);
      expect(ds.targetNames).to.deep.equal(['MAG']);
      expect(ds.items.map((it) => it.targets![0])).to.deep.equal(expected.catalogAscii.MAG);
    }
  });

  it('a column of a TFORM Kenobi does not read is a typed error naming the file, HDU, column and TFORM', async () => {
    let err: unknown;
    try { await loadDataset(path, { columns: { path: 'FILE', targets: ['VIS'] } }); } catch (e) { err = e; }
    expect(err).to.have.property('code', 'features/bad-catalog');
    expect((err as Error).message).to.contain('catalog.fits[SOURCES]').and.contain("column 'VIS'").and.contain("complex numbers (TFORM 'C')");
    err = undefined;
    try { await loadDataset(`${path}[NOPE]`, { columns: { path: 'FILE' } }); } catch (e) { err = e; }
    expect(err).to.have.property('code', 'fits/hdu-not-found');
    expect((err as Error).message).to.contain('catalog.fits').and.contain("'NOPE'");
  });
});

describe('catalogs from Parquet (written by arrow-rs)', () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'kenobi-parquet-catalog-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const objectIds = BigInt64Array.of(1249537790362809267n, 1249537790362809268n, 9007199254740993n, 7n, 8n);
  function write(name: string, compression: 'GZIP' | 'ZSTD' | 'LZ4_RAW' | 'SNAPPY' = 'GZIP'): string {
    const kenobi = resultTableParquet(resultTable('objects', [
      { name: 'objectId', values: objectIds },
      { name: 'cutout', values: ['c/1.fits', 'c/2.fits', 'c/3.fits', 'c/4.fits', 'c/5.fits'] },
      { name: 'class', values: ['star', 'galaxy', '', 'galaxy', 'qso'] },
      { name: 'z_phot', values: Float64Array.of(0.1, Number.NaN, 0.7, 1.5, 2.5) },
      { name: 'mag_r', values: Float32Array.of(20.5, 21, 22.25, 23, 24) },
    ]));
    // NOTE: the file read below is arrow-rs's own encoding (dictionary pages, GZIP, data page v2, row groups of 2)
    const p = join(dir, name);
    writeFileSync(p, rewriteParquetWithArrow(kenobi, { compression, dictionary: true, v2: true, maxRowGroupSize: 2 }));
    return p;
  }

  it('is found by content (a .dat name), ids from objectId (64-bit exact), paths, labels, targets', async () => {
    const ds = await loadDataset(write('objects.dat'), { columns: { path: 'cutout', label: 'class' } });
    expect(ds.idSource).to.deep.equal({ column: 'objectId', detected: true });
    expect(describeIdSource(ds.idSource)).to.equal("ids from column 'objectId' (found by name; --id-col names another)");
    expect(ds.items.map((it) => it.id)).to.deep.equal(Array.from(objectIds, String));
    expect(ds.items.map((it) => (it.source as { path: string }).path)).to.deep.equal([1, 2, 3, 4, 5].map((k) => join(dir, `c/${k}.fits`)));
    expect(ds.items.map((it) => it.label ?? null)).to.deep.equal(['star', 'galaxy', null, 'galaxy', 'qso']);
    expect(ds.targetNames).to.deep.equal(['z_phot', 'mag_r']);
    expect(ds.items.map((it) => it.targets![0])).to.deep.equal([0.1, Number.NaN, 0.7, 1.5, 2.5]);
    expect(ds.items.map((it) => it.targets![1])).to.deep.equal([20.5, 21, 22.25, 23, 24]);
  });

  for (const codec of ['ZSTD', 'LZ4_RAW', 'SNAPPY'] as const) {
    it(`reads ${codec} pages (arrow-rs's encoder) to the same catalog`, async () => {
      const ds = await loadDataset(write(`objects-${codec}.parquet`, codec), { columns: { path: 'cutout', label: 'class' } });
      expect(ds.items.map((it) => it.id)).to.deep.equal(Array.from(objectIds, String));
      expect(ds.items.map((it) => it.label ?? null)).to.deep.equal(['star', 'galaxy', null, 'galaxy', 'qso']);
      expect(ds.items.map((it) => it.targets![1])).to.deep.equal([20.5, 21, 22.25, 23, 24]);
    });
  }

  it('a Parquet file without the named column is features/missing-column naming the file and the column', async () => {
    const p = write('objects.parquet');
    let err: unknown;
    try { await loadDataset(p, { columns: { path: 'cutout', label: 'morphology' } }); } catch (e) { err = e; }
    expect(err).to.have.property('code', 'features/missing-column');
    expect((err as Error).message).to.contain(p).and.contain("no column 'morphology'").and.contain('objectId, cutout, class, z_phot, mag_r');
  });
});

describe('catalog ids without an id column', () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'kenobi-rowid-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));
  it('uses the 0-based row index and says so', async () => {
    writeFileSync(join(dir, 'c.csv'), 'path,label\na.png,x\nb.png,y\nc.png,x\n');
    const ds = await loadDataset(join(dir, 'c.csv'));
    expect(ds.items.map((it) => it.id)).to.deep.equal(['0', '1', '2']);
    expect(ds.items.map((it) => it.row)).to.deep.equal([2, 3, 4]);
    expect(ds.idSource).to.deep.equal({ column: undefined, detected: false });
    expect(describeIdSource(ds.idSource)).to.match(/^ids are row numbers \(0-based\)/);
  });
  it('an id column named explicitly wins over one found by name; a duplicate id in a found column names it', async () => {
    writeFileSync(join(dir, 'd.csv'), 'name,uid,path\nm31,1,a.png\nm31,2,b.png\n');
    const ds = await loadDataset(join(dir, 'd.csv'), { columns: { id: 'uid' } });
    expect(ds.items.map((it) => it.id)).to.deep.equal(['1', '2']);
    let err: unknown;
    try { await loadDataset(join(dir, 'd.csv')); } catch (e) { err = e; }
    expect((err as Error).message).to.match(/line 3: id 'm31' appears twice \(column 'name', taken as the id; name another with --id-col\)/);
  });
});
