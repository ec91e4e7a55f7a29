/**
 * `kenobi features export`: one file per format with ids, labels, targets and features. numpy and h5py read
 * the committed exports (fixtures/interchange/exported-by-kenobi.*, scripts/fixtures/features/
 * check_exported_numpy.py); Parquet is read by arrow-rs (parquet-wasm) and arrow-rs's re-encoding is read back.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFits } from '@kenobi/fits';
import { readFeatures } from '../store/read-features.node.js';
import type { FeatureTable } from '../store/read-features.node.js';
import { exportFeatures } from './export-features.node.js';
import { importFeatures } from './import-features.node.js';
import { listHdf5Datasets, readHdf5Dataset } from './hdf5-file.node.js';
import { interchangeFixtures, writeInterchangeStore } from '../test-support/interchange-store.js';
import { readParquetWithArrow, rewriteParquetWithArrow } from '../test-support/arrow-parquet.js';

interface NumpyView {
  npy: { dtype: [string, string, number[]][]; shape: number[]; id: string[]; label: string[]; label_index: number[]; z: number[]; mass: number[]; features: number[]; featuresShape: number[] };
  hdf5: { datasets: string[]; features: number[]; featuresShape: number[]; featuresDtype: string; ids: string[]; labels: number[]; labelsDtype: string; class_names: string[]; targets: number[]; targetsShape: number[]; target_names: string[]; attrs: Record<string, string> };
}
const numpy = JSON.parse(readFileSync(join(interchangeFixtures, 'exported-by-kenobi.numpy.json'), 'utf8')) as NumpyView;

describe('kenobi features export: exportFeatures', () => {
  let tmp = '';
  let store = '';
  let t: FeatureTable;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'kenobi-export-'));
    store = join(tmp, 'store');
    await writeInterchangeStore(store);
    t = await readFeatures(store);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const labelName = (i: number): string => (t.labels[i]! < 0 ? '' : t.meta.dataset.classNames[t.labels[i]!]!);
  const targetCol = (k: number): number[] => Array.from({ length: t.rows }, (_, r) => t.targets[r * 2 + k]!);

  it('npy: writes the committed file byte for byte; numpy reads ids, labels, targets and features as stored', async () => {
    const out = join(tmp, 'x.npy');
    const r = await exportFeatures(store, out, 'npy');
    expect(r.fields).to.deep.equal(['id', 'label', 'label_index', 'z', 'mass', 'features']);
    expect(Buffer.from(readFileSync(out)).equals(readFileSync(join(interchangeFixtures, 'exported-by-kenobi.npy')))).to.equal(true);
    expect(numpy.npy.shape).to.deep.equal([7]);
    expect(numpy.npy.dtype.map(([n, d, s]) => `${n}:${d}:${s.join('x')}`)).to.deep.equal(['id:<U3:', 'label:<U10:', 'label_index:<i4:', 'z:<f4:', 'mass:<f4:', 'features:<f4:5']);
    expect(numpy.npy.id).to.deep.equal(t.ids);
    expect(numpy.npy.label).to.deep.equal(t.ids.map((_, i) => labelName(i)));
    expect(numpy.npy.label_index).to.deep.equal(Array.from(t.labels));
    expect(numpy.npy.z).to.deep.equal(targetCol(0));
    expect(numpy.npy.mass).to.deep.equal(targetCol(1));
    expect(numpy.npy.featuresShape).to.deep.equal([7, 5]);
    expect(numpy.npy.features).to.deep.equal(Array.from(t.X));
  });

  it('hdf5: h5py reads the committed export as stored, and a new export holds the same datasets and values', async () => {
    expect(numpy.hdf5.datasets).to.deep.equal(['class_names', 'features', 'ids', 'labels', 'target_names', 'targets']);
    expect([numpy.hdf5.featuresShape, numpy.hdf5.featuresDtype, numpy.hdf5.labelsDtype]).to.deep.equal([[7, 5], '<f4', '<i4']);
    expect(numpy.hdf5.features).to.deep.equal(Array.from(t.X));
    expect(numpy.hdf5.ids).to.deep.equal(t.ids);
    expect(numpy.hdf5.labels).to.deep.equal(Array.from(t.labels));
    expect(numpy.hdf5.class_names).to.deep.equal(t.meta.dataset.classNames);
    expect(numpy.hdf5.targets).to.deep.equal(Array.from(t.targets));
    expect(numpy.hdf5.target_names).to.deep.equal(['z', 'mass']);
    expect(numpy.hdf5.attrs).to.deep.include({ model: 'imported', tensor: 'X.npy', pool: 'none' });
    // NOTE: HDF5 files carry object timestamps, so a new export is compared by content, not bytes.
    const out = join(tmp, 'x.h5');
    await exportFeatures(store, out, 'hdf5');
    expect((await listHdf5Datasets(out)).map((d) => `${d.path}[${d.shape.join(',')}]`)).to.deep.equal(['/class_names[3]', '/features[7,5]', '/ids[7]', '/labels[7]', '/target_names[2]', '/targets[7,2]']);
    const committed = join(interchangeFixtures, 'exported-by-kenobi.h5');
    for (const name of ['features', 'ids', 'labels', 'targets', 'class_names']) {
      expect(await readHdf5Dataset(out, name), name).to.deep.equal(await readHdf5Dataset(committed, name));
    }
  });

  it('parquet: arrow-rs reads every column as stored; arrow-rs re-encoded, it imports back to the same store', async () => {
    const out = join(tmp, 'x.parquet');
    await exportFeatures(store, out, 'parquet');
    const a = readParquetWithArrow(readFileSync(out));
    expect(a.names).to.deep.equal(['id', 'label', 'z', 'mass', 'feature_0', 'feature_1', 'feature_2', 'feature_3', 'feature_4']);
    expect(a.formats.get('id')).to.equal('u');
    expect(a.formats.get('feature_0')).to.equal('f');
    expect(a.columns.get('id')).to.deep.equal(t.ids);
    expect(a.columns.get('label')).to.deep.equal(t.ids.map((_, i) => labelName(i) || null));
    expect(a.columns.get('mass')).to.deep.equal(targetCol(1));
    for (let j = 0; j < 5; j += 1) expect(a.columns.get(`feature_${j}`), `feature_${j}`).to.deep.equal(Array.from({ length: 7 }, (_, r) => t.X[r * 5 + j]));
    const arrow = join(tmp, 'arrow.parquet');
    writeFileSync(arrow, rewriteParquetWithArrow(readFileSync(out), { compression: 'GZIP', dictionary: true, v2: true, maxRowGroupSize: 3 }));
    await importFeatures({ x: arrow, labelCol: 'label', targetCols: ['z', 'mass'], out: join(tmp, 'back') });
    const back = await readFeatures(join(tmp, 'back'));
    expect(back.ids).to.deep.equal(t.ids);
    expect(Array.from(back.X)).to.deep.equal(Array.from(t.X));
    expect(Array.from(back.targets)).to.deep.equal(Array.from(t.targets));
    expect(Array.from(back.labels, (l) => (l < 0 ? '' : back.meta.dataset.classNames[l]))).to.deep.equal(t.ids.map((_, i) => labelName(i)));
  });

  it('fits: one BINTABLE with a 5-element feature column', async () => {
    const out = join(tmp, 'x.fits');
    await exportFeatures(store, out, 'fits');
    const table = openFits(new Uint8Array(readFileSync(out))).readTable('FEATURES');
    expect(table.names()).to.deep.equal(['id', 'label', 'z', 'mass', 'feature']);
    expect(table.column('feature').shape).to.deep.equal([7, 5]);
    expect(Array.from(table.column('feature').data as Float32Array)).to.deep.equal(Array.from(t.X));
    expect(table.column('id').data).to.deep.equal(t.ids);
  });

  it('refuses an unknown format (features/bad-option)', async () => {
    let err: unknown;
    try { await exportFeatures(store, join(tmp, 'x.xls'), 'xls' as never); } catch (e) { err = e; }
    expect(err).to.have.property('code', 'features/bad-option');
  });
});
