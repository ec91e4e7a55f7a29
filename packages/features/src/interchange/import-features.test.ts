/**
 * Importing features made elsewhere into a feature store: Zoobot's representations.hdf5 and other HDF5 files
 * (h5py-written), numpy arrays (C and Fortran order, unicode ids and labels), CSV tables; checked against the
 * values numpy / h5py read (fixtures/interchange/interchange.json, scripts/fixtures/features/make_interchange_fixtures.py).
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFeatures } from '../store/read-features.node.js';
import { importFeatures } from './import-features.node.js';
import { interchangeFixtures as dir } from '../test-support/interchange-store.js';

const fixture = JSON.parse(readFileSync(join(dir, 'interchange.json'), 'utf8')) as {
  zoobot: { X: number[]; ids: string[]; labelCols: string[]; shape: number[] };
  embeddings: { X: number[]; objectIds: string[] };
  npy: { X: number[]; Xfloat32: number[]; ids: string[]; labels: string[]; targets: number[]; csvOrder: number[] };
};
const f = (name: string): string => join(dir, name);
const f32 = (xs: number[]): number[] => xs.map((v) => Math.fround(v));

async function rejects(p: Promise<unknown>): Promise<Error & { code: string }> {
  try { await p; } catch (e) { return e as Error & { code: string }; }
  return expect.fail('expected a rejection') as never;
}

describe('kenobi features import: importFeatures', () => {
  let tmp = '';
  before(() => { tmp = mkdtempSync(join(tmpdir(), 'kenobi-import-')); });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("Zoobot's representations.hdf5: predictions [N, D, 1] with ids from id_str", async () => {
    const r = await importFeatures({ x: f('zoobot-representations.hdf5'), out: join(tmp, 'zoobot') });
    expect(r.idsFrom).to.equal(`${f('zoobot-representations.hdf5')}:/id_str`);
    const t = await readFeatures(join(tmp, 'zoobot'));
    expect([t.rows, t.dim]).to.deep.equal([6, 8]);
    expect(t.ids).to.deep.equal(fixture.zoobot.ids);
    expect(Array.from(t.X)).to.deep.equal(f32(fixture.zoobot.X));
    expect(t.meta.tensor).to.equal('/predictions');
    expect(t.meta.model.batchMode).to.equal('imported');
    expect(Array.from(t.labels).every((l) => l === -1)).to.equal(true);
  });

  it('any HDF5 dataset (file.hdf5:group/dataset, or the only matrix), with 64-bit ids from another dataset', async () => {
    await importFeatures({ x: `${f('embeddings.hdf5')}:embeddings/resnet`, ids: `${f('embeddings.hdf5')}:object_ids`, out: join(tmp, 'emb') });
    const t = await readFeatures(join(tmp, 'emb'));
    expect(t.ids).to.deep.equal(fixture.embeddings.objectIds);
    expect(Array.from(t.X)).to.deep.equal(f32(fixture.embeddings.X));
    const auto = await importFeatures({ x: f('embeddings.hdf5'), out: join(tmp, 'emb2') });
    expect(auto.meta.tensor).to.equal('/embeddings/resnet');
  });

  it('an HDF5 dataset of the wrong rank, or none of that name, is a typed error naming the file and dataset', async () => {
    const flat = await rejects(importFeatures({ x: `${f('embeddings.hdf5')}:flat`, out: join(tmp, 'bad') }));
    expect(flat.code).to.equal('features/bad-option');
    expect(flat.message).to.equal(`${f('embeddings.hdf5')}: dataset '/flat' has shape [5] (rank 1): features need rank 2, [rows, features] (or Zoobot's [rows, features, passes])`);
    const cube = await rejects(importFeatures({ x: `${f('embeddings.hdf5')}:/cube`, out: join(tmp, 'bad') }));
    expect(cube.message).to.contain("dataset '/cube' has shape [2, 2, 2, 2] (rank 4)");
    const missing = await rejects(importFeatures({ x: `${f('embeddings.hdf5')}:representations`, out: join(tmp, 'bad') }));
    expect(missing.code).to.equal('features/missing-column');
    expect(missing.message).to.contain(`${f('embeddings.hdf5')} has no dataset '/representations'`).and.contain('/embeddings/resnet [5, 4]');
    const npy3 = await rejects(importFeatures({ x: f('X3.npy'), out: join(tmp, 'bad') }));
    expect(npy3.message).to.contain('X3.npy has shape [7, 5, 2] (rank 3)');
  });

  it('numpy: X.npy with unicode ids, labels from a CSV joined by id (one row unlabelled), targets [N, 2]', async () => {
    const r = await importFeatures({ x: f('X.npy'), ids: f('ids.npy'), labels: f('labels.csv'), labelCol: 'klass', targets: f('targets.npy'), targetCols: ['z', 'mass'], out: join(tmp, 'npy') });
    expect(r.notes).to.deep.equal([`labels: 1 of 7 rows have no entry in ${f('labels.csv')} column 'klass'`]);
    const t = await readFeatures(join(tmp, 'npy'));
    expect(t.ids).to.deep.equal(fixture.npy.ids);
    expect(Array.from(t.X)).to.deep.equal(f32(fixture.npy.X));
    const unlabelled = fixture.npy.ids.findIndex((_, i) => !fixture.npy.csvOrder.includes(i));
    const names = Array.from(t.labels, (l) => (l < 0 ? null : t.meta.dataset.classNames[l]));
    expect(names).to.deep.equal(fixture.npy.labels.map((l, i) => (i === unlabelled ? null : l)));
    expect(t.meta.dataset.targetNames).to.deep.equal(['z', 'mass']);
    expect(Array.from(t.targets)).to.deep.equal(f32(fixture.npy.targets));
  });

  it('numpy: a Fortran-order float32 array reads as the C-order one', async () => {
    await importFeatures({ x: f('X_fortran.npy'), out: join(tmp, 'fortran') });
    const t = await readFeatures(join(tmp, 'fortran'));
    expect(Array.from(t.X)).to.deep.equal(fixture.npy.Xfloat32);
    expect(t.ids).to.deep.equal(['0', '1', '2', '3', '4', '5', '6']);
  });

  it('numpy: labels as a unicode .npy (by position)', async () => {
    await importFeatures({ x: f('X.npy'), labels: f('labels.npy'), out: join(tmp, 'npylabels') });
    const t = await readFeatures(join(tmp, 'npylabels'));
    expect(Array.from(t.labels, (l) => t.meta.dataset.classNames[l])).to.deep.equal(fixture.npy.labels);
  });

  it('a CSV of features with its id and label columns', async () => {
    const r = await importFeatures({ x: f('features.csv'), labelCol: 'klass', out: join(tmp, 'csv') });
    expect(r.idsFrom).to.equal(`${f('features.csv')} column 'objid'`);
    const t = await readFeatures(join(tmp, 'csv'));
    expect(t.dim).to.equal(5);
    expect(t.ids).to.deep.equal(fixture.npy.ids);
    expect(Array.from(t.X)).to.deep.equal(f32(fixture.npy.X));
    expect(Array.from(t.labels, (l) => t.meta.dataset.classNames[l])).to.deep.equal(fixture.npy.labels);
  });

  it('the label and target columns of X\'s own table are never features, also when --labels / --targets name the same file (z leaked into X)', async () => {
    const table = join(tmp, 'with-targets.csv');
    writeFileSync(table, 'id,flag,z,f0,f1\na,1,0.5,1.5,-2\nb,0,nan,2.5,3\nc,1,1.25,-1,0.25\n');
    for (const [name, options] of [
      ['own columns', { labelCol: 'flag', targetCols: ['z'] }],
      ['the same file named again', { labels: table, labelCol: 'flag', targets: table, targetCols: ['z'] }],
    ] as const) {
      await importFeatures({ x: table, idCol: 'id', ...options, out: join(tmp, name) });
      const t = await readFeatures(join(tmp, name));
      expect(t.dim, name).to.equal(2);
      expect(Array.from(t.X), name).to.deep.equal([1.5, -2, 2.5, 3, -1, 0.25]);
      expect(Array.from(t.targets).map((v) => (Number.isNaN(v) ? 'NaN' : v)), name).to.deep.equal([0.5, 'NaN', 1.25]);
    }
  });

  it('ids or labels that do not fit the rows are typed errors', async () => {
    const short = await rejects(importFeatures({ x: f('zoobot-representations.hdf5'), ids: f('ids.npy'), out: join(tmp, 'bad') }));
    expect(short.code).to.equal('features/bad-option');
    expect(short.message).to.equal(`ids: ${f('ids.npy')} has 7 values for 6 rows of ${f('zoobot-representations.hdf5')}:/predictions`);
    const col = await rejects(importFeatures({ x: f('X.npy'), ids: f('ids.npy'), labels: f('labels.csv'), labelCol: 'morphology', out: join(tmp, 'bad') }));
    expect(col.code).to.equal('features/missing-column');
    expect(col.message).to.contain("no column 'morphology'").and.contain('labels.csv');
  });
});
