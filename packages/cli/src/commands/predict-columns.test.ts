/**
 * `kenobi predict --id-col --path-col --label-col`: a catalog whose columns are named `objid`, `file` and
 * `klass` (none of the defaults) is predicted with ids, paths and labels from those columns, as `kenobi
 * extract` reads them; without the flags the missing path column is a typed error naming it.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvText } from '@kenobi/features';
import { readCsvCatalogTable } from '@kenobi/features/node';
import { encodeModel } from '@kenobi/onnx';
import { cli } from '../test-support/run-cli-capture.js';
import { tinyExport, writeTinyImages } from '../test-support/tiny-export.js';

describe('kenobi predict: catalog columns named by --id-col, --path-col, --label-col', function () {
  this.timeout(120_000);
  let dir = '';
  const objids = ['1237648720693755918', 'NGC 4414, core', '42'];
  const files = ['img/a/img0.png', 'img/b/img1.png', 'img/c/img2.png'];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-predict-columns-'));
    writeFileSync(join(dir, 'tiny.onnx'), encodeModel(tinyExport({ mcDropout: false })));
    writeTinyImages(join(dir, 'img'), 3);
    // an `id` column that is NOT the one asked for: --id-col must win over the id-like default
    writeFileSync(join(dir, 'survey.csv'), csvText(['id', 'objid', 'file', 'klass', 'ra'], objids.map((o, k) => [`row${k}`, o, files[k]!, ['a', 'b', 'c'][k]!, 10 + k])));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const predict = (...extra: string[]): ReturnType<typeof cli> =>
    cli('predict', '--model', join(dir, 'tiny.onnx'), '--data', join(dir, 'survey.csv'), '--workers', '0', '--device', 'cpu', ...extra);

  it('takes ids, paths and labels from the named columns', async () => {
    const r = await predict('--id-col', 'objid', '--path-col', 'file', '--label-col', 'klass', '--csv');
    expect(r.code, r.err).to.equal(0);
    writeFileSync(join(dir, 'out.csv'), r.out);
    const t = await readCsvCatalogTable(join(dir, 'out.csv'));
    expect(t.names.slice(0, 4)).to.deep.equal(['id', 'label', 'class', 'probability']);
    expect(Array.from({ length: t.rows }, (_, i) => t.column('id')!.text(i))).to.deep.equal(objids);
    expect(Array.from({ length: t.rows }, (_, i) => t.column('label')!.text(i))).to.deep.equal(['a', 'b', 'c']);
    for (let i = 0; i < t.rows; i += 1) expect(t.column('probability')!.number(i)).to.be.within(1 / 3, 1);
  });

  it('without --path-col the catalog has no image column: a typed error that names it', async () => {
    const r = await predict('--id-col', 'objid', '--csv');
    expect(r.code).to.not.equal(0);
    expect(r.err).to.match(/features\/missing-column: .* has no column 'path'/);
    expect(r.out).to.equal('');
  });

  it('--where keeps the catalog rows that match (repeatable); a malformed or repeated column is a usage error', async () => {
    const ids = async (...where: string[]): Promise<string[]> => {
      const r = await predict('--id-col', 'objid', '--path-col', 'file', '--label-col', 'klass', ...where, '--csv');
      expect(r.code, r.err).to.equal(0);
      writeFileSync(join(dir, 'where.csv'), r.out);
      const t = await readCsvCatalogTable(join(dir, 'where.csv'));
      return Array.from({ length: t.rows }, (_, i) => t.column('id')!.text(i));
    };
    expect(await ids('--where', 'klass=a,c')).to.deep.equal([objids[0], objids[2]]);
    expect(await ids('--where', 'klass=a,c', '--where', 'ra=12')).to.deep.equal([objids[2]]);
    for (const [bad, why] of [['klass', /--where takes column=value/], ['klass=a,', /--where takes column=value/], ['=a', /--where takes column=value/]] as const) {
      const r = await predict('--id-col', 'objid', '--path-col', 'file', '--where', bad, '--csv');
      expect(r.code, bad).to.equal(2);
      expect(r.err).to.match(why);
    }
    const twice = await predict('--path-col', 'file', '--where', 'klass=a', '--where', 'klass=b', '--csv');
    expect(twice.err).to.match(/names column 'klass' twice; list its values once: --where klass=a,b/);
    const missing = await predict('--path-col', 'file', '--where', 'split=test', '--csv');
    expect(missing.err).to.match(/features\/missing-column: .* has no column 'split' \(the row filter\)/);
  });
});
