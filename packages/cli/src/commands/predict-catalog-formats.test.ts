/**
 * `kenobi predict` on catalogs kept as a FITS binary table or Parquet (chosen by content), writing its
 * predictions as Parquet (read by arrow-rs) and as a FITS binary table, equal to its CSV.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFits, writeFitsTable } from '@kenobi/fits';
import { resultTable } from '@kenobi/features';
import { readCsvCatalogTable, resultTableParquet } from '@kenobi/features/node';
import { encodeModel } from '@kenobi/onnx';
import { readParquetWithArrow } from '../../../features/src/test-support/arrow-parquet.js';
import { cli } from '../test-support/run-cli-capture.js';
import { tinyExport, writeTinyImages } from '../test-support/tiny-export.js';

describe('kenobi predict: FITS-table and Parquet catalogs in, Parquet and FITS tables out', function () {
  this.timeout(120_000);
  let dir = '';
  const objids = BigInt64Array.of(1237648720693755918n, 1237648720693755919n, 9007199254740993n, 4n, 5n, 6n);
  const paths = ['img/a/img0.png', 'img/b/img1.png', 'img/c/img2.png', 'img/a/img3.png', 'img/missing.png', 'img/c/img5.png'];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-predict-formats-'));
    writeFileSync(join(dir, 'tiny.onnx'), encodeModel(tinyExport({ mcDropout: false })));
    writeTinyImages(join(dir, 'img'), 6);
    writeFileSync(join(dir, 'cat.fits'), writeFitsTable({ extname: 'SOURCES', columns: [
      { name: 'OBJID', data: objids }, { name: 'path', data: paths }, { name: 'RA', data: Float64Array.of(1, 2, 3, 4, 5, 6) },
    ] }));
    writeFileSync(join(dir, 'objects.bin'), resultTableParquet(resultTable('objects', [{ name: 'objectId', values: objids }, { name: 'path', values: paths }])));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function csvRows(args: string[]): Promise<string[][]> {
    const r = await cli('predict', '--model', join(dir, 'tiny.onnx'), '--workers', '0', '--device', 'cpu', ...args, '--csv');
    expect(r.code, r.err).to.equal(0);
    writeFileSync(join(dir, 'stdout.csv'), r.out);
    const t = await readCsvCatalogTable(join(dir, 'stdout.csv'));
    return [[...t.names], ...Array.from({ length: t.rows }, (_, i) => t.names.map((n) => t.column(n)!.text(i)))];
  }

  it('a FITS table catalog: 64-bit ids exact; --out .parquet holds what the CSV holds (arrow-rs reads it)', async () => {
    const csv = await csvRows(['--data', join(dir, 'cat.fits'), '--out', join(dir, 'preds.parquet')]);
    expect(csv[0]).to.deep.equal(['id', 'class', 'probability', 'p_a', 'p_b', 'p_c', 'error']);
    expect(csv.slice(1).map((r) => r[0])).to.deep.equal(Array.from(objids, String));
    const failed = csv.slice(1).filter((r) => r[6] !== '');
    expect(failed.map((r) => r[0])).to.deep.equal(['5']);
    const pq = readParquetWithArrow(readFileSync(join(dir, 'preds.parquet')));
    expect(pq.names).to.deep.equal(csv[0]);
    expect(pq.columns.get('id')).to.deep.equal(Array.from(objids, String));
    expect(pq.columns.get('class')).to.deep.equal(csv.slice(1).map((r) => r[1] || null));
    for (const c of ['probability', 'p_a', 'p_b', 'p_c']) {
      const k = csv[0]!.indexOf(c);
      expect((pq.columns.get(c) as number[]).map((v) => (Number.isNaN(v) ? '' : v.toPrecision(6))), c).to.deep.equal(csv.slice(1).map((r) => r[k]));
    }
    expect((pq.columns.get('error') as (string | null)[]).filter((e) => e !== null)).to.have.length(1);
  });

  it('a Parquet catalog found by content (.bin): --out .fits is a BINTABLE with the same rows', async () => {
    const csv = await csvRows(['--data', join(dir, 'objects.bin'), '--out', join(dir, 'preds.fits')]);
    const t = openFits(new Uint8Array(readFileSync(join(dir, 'preds.fits')))).readTable('PREDICTIONS');
    expect(t.names()).to.deep.equal(csv[0]);
    expect(t.column('id').data).to.deep.equal(csv.slice(1).map((r) => r[0]));
    expect(Array.from(t.column('p_b').data as Float64Array, (v) => (Number.isNaN(v) ? '' : v.toPrecision(6)))).to.deep.equal(csv.slice(1).map((r) => r[4]));
    expect(t.hdu.header.string('ORIGIN')).to.equal('kenobi predict');
  });
});
