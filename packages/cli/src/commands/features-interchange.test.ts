/**
 * `kenobi features import` and `export` end to end: an imported store trains, evaluates and clusters as an
 * extracted one does; ids with quotes, commas and backslashes survive every CSV (the one writer), Parquet
 * (read by arrow-rs) and FITS table on the way out.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '@kenobi/core';
import { readCsvCatalogTable } from '@kenobi/features/node';
import { openFits } from '@kenobi/fits';
import { readParquetWithArrow } from '../../../features/src/test-support/arrow-parquet.js';
import { cli } from '../test-support/run-cli-capture.js';

/** A CSV read back with csv-parse (through the catalog reader): header and rows of cells. */
async function parse(path: string): Promise<string[][]> {
  const t = await readCsvCatalogTable(path);
  return [[...t.names], ...Array.from({ length: t.rows }, (_, r) => t.names.map((n) => t.column(n)!.text(r)))];
}

describe('kenobi features import / export, then train, evaluate and cluster', function () {
  this.timeout(120_000);
  let dir = '';
  const rows = 40, dim = 4;
  // NOTE: ids that JSON-style quoting got wrong in predictions.csv ('"' and '\'), and CSV's own specials
  const ids = Array.from({ length: rows }, (_, i) => (i % 4 === 0 ? `gal "${i}"` : i % 4 === 1 ? `path\\to\\${i}` : i % 4 === 2 ? `a,b ${i}` : `plain${i}`));
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-interchange-cli-'));
    const rng = new SeededRandom(16);
    const lines = ['objid,klass,' + Array.from({ length: dim }, (_, j) => `f${j}`).join(',')];
    for (let i = 0; i < rows; i += 1) {
      const cls = i % 2;
      const f = Array.from({ length: dim }, (_, j) => (j === 0 ? 3 * cls : 0) + rng.normal());
      lines.push([`"${ids[i]!.replace(/"/g, '""')}"`, cls ? 'lens' : 'nonlens', ...f.map(String)].join(','));
    }
    writeFileSync(join(dir, 'feats.csv'), `${lines.join('\n')}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a CSV of features (id and label columns found), shows it with features info', async () => {
    const r = await cli('features', 'import', '--x', join(dir, 'feats.csv'), '--label-col', 'klass', '--out', join(dir, 'store'), '--json');
    expect(r.code, r.err).to.equal(0);
    const s = JSON.parse(r.out);
    expect([s.rows, s.dim, s.classNames]).to.deep.equal([rows, dim, ['lens', 'nonlens']]);
    expect(s.ids).to.equal(`${join(dir, 'feats.csv')} column 'objid'`);
    const info = await cli('features', 'info', join(dir, 'store'));
    expect(info.code, info.err).to.equal(0);
    expect(info.out).to.contain(`${rows} rows x ${dim} features`).and.contain('imported');
  });

  it('trains and evaluates on it; predictions.csv quotes ids as CSV (quotes doubled, backslashes kept)', async () => {
    const t = await cli('train', '--features', join(dir, 'store'), '--head', 'linear', '--out', join(dir, 'head.kenobi'), '--json');
    expect(t.code, t.err).to.equal(0);
    const e = await cli('evaluate', '--features', join(dir, 'store'), '--head', join(dir, 'head.kenobi'), '--no-plots', '--out', join(dir, 'eval'), '--json');
    expect(e.code, e.err).to.equal(0);
    expect(JSON.parse(e.out).accuracy).to.be.greaterThan(0.8);
    const text = readFileSync(join(dir, 'eval', 'predictions.csv'), 'utf8');
    const parsed = await parse(join(dir, 'eval', 'predictions.csv'));
    expect(parsed[0]).to.deep.equal(['id', 'label', 'output_0']);
    expect(parsed.slice(1).map((r) => r[0])).to.deep.equal(ids);
    expect(text).to.contain('"gal ""0"""').and.not.contain('\\"');
  });

  it('clusters it and writes the assignments as CSV, Parquet (read by arrow-rs) and a FITS table', async () => {
    const out = join(dir, 'clusters');
    const r = await cli('cluster', '--features', join(dir, 'store'), '--method', 'kmeans', '--k', '2', '--format', 'csv,parquet,fits', '--out', out, '--json');
    expect(r.code, r.err).to.equal(0);
    const csv = await parse(join(out, 'assignments.csv'));
    expect(csv.slice(1).map((x) => x[0])).to.deep.equal(ids);
    const pq = readParquetWithArrow(readFileSync(join(out, 'assignments.parquet')));
    expect(pq.columns.get('id')).to.deep.equal(ids);
    expect(pq.columns.get('cluster')).to.deep.equal(csv.slice(1).map((x) => Number(x[1])));
    const fits = openFits(new Uint8Array(readFileSync(join(out, 'assignments.fits')))).readTable('ASSIGNMENTS');
    expect(fits.column('id').data).to.deep.equal(ids);
    expect(Array.from(fits.column('distance').data as Float64Array).map((v) => Number(v.toPrecision(6)))).to.deep.equal(csv.slice(1).map((x) => Number(x[2])));
  });

  it('exports it as one file per format; --format from the extension; a bad format is a usage error', async () => {
    for (const [name, fmt] of [['x.npy', 'npy'], ['x.h5', 'hdf5'], ['x.parquet', 'parquet'], ['x.fits', 'fits'], ['x.csv', 'csv']] as const) {
      const r = await cli('features', 'export', join(dir, 'store'), '--out', join(dir, name), '--json');
      expect(r.code, r.err).to.equal(0);
      expect(JSON.parse(r.out)).to.include({ format: fmt, rows, dim });
    }
    const csv = await parse(join(dir, 'x.csv'));
    expect(csv[0]).to.deep.equal(['id', 'label', 'feature_0', 'feature_1', 'feature_2', 'feature_3']);
    expect(csv.slice(1).map((x) => x[0])).to.deep.equal(ids);
    const bad = await cli('features', 'export', join(dir, 'store'), '--out', join(dir, 'x.xlsx'));
    expect(bad.code).to.equal(2);
    expect(bad.err).to.contain('--format must be one of npy, hdf5, parquet, fits, csv');
  });

  it('an HDF5 dataset of the wrong rank stops the import with a typed error naming the file and dataset', async () => {
    const h5 = join(dir, 'x.h5');
    const r = await cli('features', 'import', '--x', `${h5}:ids`, '--out', join(dir, 'bad'));
    expect(r.code).to.equal(1);
    expect(r.err).to.contain('kenobi: features/bad-option:').and.contain(`${h5}: dataset '/ids' holds strings, not features`);
    const labels = await cli('features', 'import', '--x', `${h5}:labels`, '--out', join(dir, 'bad'));
    expect(labels.err).to.contain(`${h5}: dataset '/labels' has shape [${rows}] (rank 1)`);
  });
});
