import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { loadDataset } from '../dataset/load-dataset.node.js';
import { mergeFeatureStores } from '../store/merge-stores.node.js';
import { readFeatures } from '../store/read-features.node.js';
import { maxAbsDifference, referenceFeatures } from '../test-support/reference-features.js';
import { TINY_PREPROCESSING, tinyOptions, writeNpyStack, writePngCatalog } from '../test-support/tiny-dataset.js';
import { extractFeatures } from './extract-features.node.js';
import { prepareFeatureModel } from './feature-model.node.js';

describe('extractFeatures (tiny model, synthetic data)', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-extract-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('equals running the cut model image by image, with ids, labels and targets in order', async () => {
    const ds = await loadDataset(writePngCatalog(join(dir, 'a'), 23));
    const r = await extractFeatures(ds, tinyOptions(join(dir, 'a-out')));
    expect(r.meta.status).to.equal('complete');
    expect([r.meta.rows, r.meta.dim, r.meta.parts]).to.deep.equal([23, 8, 5]);
    expect(r.meta.tensor).to.equal('features');
    expect(r.meta.device.device).to.equal('cpu');
    expect(r.meta.device.report).to.contain('cpu');
    const f = await readFeatures(join(dir, 'a-out'));
    expect(f.ids).to.deep.equal(ds.items.map((it) => it.id));
    expect(Array.from(f.labels)).to.deep.equal(ds.items.map((it) => ds.classNames.indexOf(it.label!)));
    expect(Array.from(f.targets)).to.deep.equal(ds.items.map((it) => Math.fround(it.targets![0]!)));
    const fm = await prepareFeatureModel(tinyOptions('').model, 'auto');
    const ref = await referenceFeatures(fm.cut, ds.items, r.meta.preprocessing);
    expect(maxAbsDifference(f.X, f.dim, ref)).to.be.below(1e-5);
  });

  it('sends 8-bit images as pixels scaled in the graph: the same features, bit for bit, as float32 inputs (RGB 0-1 and BGR 0-255); a stretch keeps float32', async () => {
    const ds = await loadDataset(writePngCatalog(join(dir, 'px'), 9, { seed: 4 }));
    for (const extra of [{}, { preprocessing: { ...TINY_PREPROCESSING, scale: '0-255' as const, channelOrder: 'BGR' as const, mean: [100, 110, 120], std: [50, 60, 70] } }]) {
      for (const workers of [0, 1]) {
        const px = await extractFeatures(ds, tinyOptions(join(dir, `px-${workers}`), { ...extra, workers, overwrite: true }));
        const fl = await extractFeatures(ds, tinyOptions(join(dir, `fl-${workers}`), { ...extra, workers, overwrite: true, pixelInput: false }));
        expect(px.pixelInput).to.deep.equal({ used: true });
        expect(fl.pixelInput).to.deep.equal({ used: false, reason: 'pixelInput: false' });
        const a = await readFeatures(join(dir, `px-${workers}`)), b = await readFeatures(join(dir, `fl-${workers}`));
        expect(maxAbsDifference(a.X, 8, [b.X])).to.equal(0);
      }
    }
    const stretched = await extractFeatures(ds, tinyOptions(join(dir, 'px-st'), { interval: 'minmax', stretch: 'asinh' }));
    expect(stretched.pixelInput.used).to.equal(false);
    expect(stretched.pixelInput.reason).to.match(/needs float32 inputs/);
    const npy = await loadDataset(writeNpyStack(join(dir, 'px.npy'), 3));
    expect((await extractFeatures(npy, tinyOptions(join(dir, 'px-npy')))).pixelInput).to.deep.equal({ used: false, reason: 'no PNG or JPEG files among the items' });
  });

  it('gives the same rows with 0, 1 and 2 decode workers and any batch size', async () => {
    const ds = await loadDataset(writePngCatalog(join(dir, 'w'), 11, { seed: 5 }));
    const runs = [];
    for (const [workers, batchSize] of [[0, 3], [1, 4], [2, 11]] as const) {
      await extractFeatures(ds, tinyOptions(join(dir, `w-${workers}`), { workers, batchSize }));
      runs.push(await readFeatures(join(dir, `w-${workers}`)));
    }
    for (const f of runs.slice(1)) expect(maxAbsDifference(f.X, 8, [runs[0]!.X])).to.be.below(1e-6);
  });

  it('sharded 0/3 + 1/3 + 2/3, merged, equals the unsharded store', async () => {
    const ds = await loadDataset(writePngCatalog(join(dir, 's'), 17, { seed: 9 }));
    await extractFeatures(ds, tinyOptions(join(dir, 's-all')));
    for (let i = 0; i < 3; i++) await extractFeatures(ds, tinyOptions(join(dir, `s-${i}`), { shard: { index: i, count: 3 } }));
    const merged = mergeFeatureStores([2, 0, 1].map((i) => join(dir, `s-${i}`)), join(dir, 's-merged'));
    expect(merged.rows).to.equal(17);
    const a = await readFeatures(join(dir, 's-all'));
    const b = await readFeatures(join(dir, 's-merged'));
    expect(b.ids).to.deep.equal(a.ids);
    expect(Array.from(b.labels)).to.deep.equal(Array.from(a.labels));
    expect(maxAbsDifference(b.X, 8, [a.X])).to.equal(0);
  });

  it('merge refuses shards made with a different preprocessing or tensor, and incomplete sets', async () => {
    const ds = await loadDataset(writePngCatalog(join(dir, 'm'), 6));
    await extractFeatures(ds, tinyOptions(join(dir, 'm-0'), { shard: { index: 0, count: 2 } }));
    await extractFeatures(ds, tinyOptions(join(dir, 'm-1'), { shard: { index: 1, count: 2 }, preprocessing: { ...TINY_PREPROCESSING, mean: [0, 0, 0] } }));
    expect(() => mergeFeatureStores([join(dir, 'm-0'), join(dir, 'm-1')], join(dir, 'm-x'))).to.throw(/preprocessing/);
    await extractFeatures(ds, tinyOptions(join(dir, 'm-1t'), { shard: { index: 1, count: 2 }, pool: 'max' }));
    expect(() => mergeFeatureStores([join(dir, 'm-0'), join(dir, 'm-1t')], join(dir, 'm-y'))).to.throw(/pooling/);
    expect(() => mergeFeatureStores([join(dir, 'm-0')], join(dir, 'm-z'))).to.throw(/missing 1/);
  });

  it('reports a corrupt image by its catalog row: skipped and listed, or the run stops', async () => {
    const ds = await loadDataset(writePngCatalog(join(dir, 'c'), 9, { corruptRows: [5] }));
    const r = await extractFeatures(ds, tinyOptions(join(dir, 'c-skip')));
    expect(r.failures.map((f) => [f.row, f.id])).to.deep.equal([[5, 'obj3']]);
    expect(r.failures[0]!.error).to.match(/PNG|JPEG|signature/);
    expect(r.meta.rows).to.equal(8);
    const f = await readFeatures(join(dir, 'c-skip'));
    expect(f.ids).to.not.include('obj3');
    expect(f.meta.failures).to.have.length(1);
    let err: unknown;
    try {
      await extractFeatures(ds, tinyOptions(join(dir, 'c-stop'), { onError: 'stop' }));
    } catch (e) {
      err = e;
    }
    expect(isKenobiError(err, 'features/unreadable-item')).to.equal(true);
    expect((err as Error).message).to.contain('row 5 (id obj3');
  });

  it('test-time augmentation: averaged keeps D columns, kept gives 8 × D; the identity block equals no TTA', async () => {
    const ds = await loadDataset(writePngCatalog(join(dir, 't'), 5));
    await extractFeatures(ds, tinyOptions(join(dir, 't-none')));
    await extractFeatures(ds, tinyOptions(join(dir, 't-avg'), { tta: 'averaged' }));
    await extractFeatures(ds, tinyOptions(join(dir, 't-kept'), { tta: 'kept' }));
    const none = await readFeatures(join(dir, 't-none'));
    const avg = await readFeatures(join(dir, 't-avg'));
    const kept = await readFeatures(join(dir, 't-kept'));
    expect([avg.dim, kept.dim]).to.deep.equal([8, 64]);
    for (let n = 0; n < 5; n++) {
      for (let j = 0; j < 8; j++) {
        expect(kept.X[n * 64 + j]).to.be.closeTo(none.X[n * 8 + j]!, 1e-6);
        let s = 0;
        for (let v = 0; v < 8; v++) s += kept.X[n * 64 + v * 8 + j]!;
        expect(avg.X[n * 8 + j]).to.be.closeTo(s / 8, 1e-5);
      }
    }
  });

  it('refuses to overwrite an existing store unless asked, and a resume with other settings', async () => {
    const ds = await loadDataset(writePngCatalog(join(dir, 'o'), 4));
    await extractFeatures(ds, tinyOptions(join(dir, 'o-out')));
    let err: unknown;
    try { await extractFeatures(ds, tinyOptions(join(dir, 'o-out'))); } catch (e) { err = e; }
    expect(isKenobiError(err, 'features/store-exists')).to.equal(true);
    err = undefined;
    try { await extractFeatures(ds, tinyOptions(join(dir, 'o-out'), { resume: true, pool: 'max' })); } catch (e) { err = e; }
    expect(isKenobiError(err, 'features/store-mismatch')).to.equal(true);
    const again = await extractFeatures(ds, tinyOptions(join(dir, 'o-out'), { resume: true }));
    expect([again.resumedParts, again.imagesThisRun, again.meta.rows]).to.deep.equal([1, 0, 4]);
  });

  it('reads an .npy stack (float, NHWC) with a stretch', async () => {
    const ds = await loadDataset(writeNpyStack(join(dir, 'stack.npy'), 7));
    expect(ds.kind).to.equal('npy-stack');
    const r = await extractFeatures(ds, tinyOptions(join(dir, 'n-out'), { interval: 'percentile:99', stretch: 'asinh' }));
    expect([r.meta.rows, r.meta.dim]).to.deep.equal([7, 8]);
    const f = await readFeatures(join(dir, 'n-out'));
    expect(f.X.every(Number.isFinite)).to.equal(true);
    const fm = await prepareFeatureModel(tinyOptions('').model, 'auto');
    expect(maxAbsDifference(f.X, 8, await referenceFeatures(fm.cut, ds.items, r.meta.preprocessing))).to.be.below(1e-5);
  });

  it('keeps memory bounded: RSS after 20,000 images is within 200 MB of RSS after 1,000', async function () {
    this.timeout(300000);
    const ds = await loadDataset(writeNpyStack(join(dir, 'big.npy'), 20000, 4));
    let at1000 = 0;
    const r = await extractFeatures(ds, tinyOptions(join(dir, 'big-out'), {
      batchSize: 64, rowsPerPart: 4096,
      onProgress: (e) => { if (at1000 === 0 && e.done >= 1000) at1000 = process.memoryUsage().rss; },
    }));
    const at20000 = process.memoryUsage().rss;
    expect(r.meta.rows).to.equal(20000);
    expect(at1000).to.be.greaterThan(0);
    expect((at20000 - at1000) / 2 ** 20).to.be.below(200);
  });
});

describe('extractFeatures on per-band FITS (lens_bologna_sim, g/r/i)', function () {
  this.timeout(120000);
  it('reads a catalog of g,r,i FITS paths, zscale + asinh, SDSS band order, equal to the image-by-image run', async function () {
    const { needShared, sharedPath } = await import('../../../../test/support/shared.js');
    needShared(this, 'data/labeled/lens_bologna_sim/labels.csv');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const rows = readFileSync(sharedPath('data/labeled/lens_bologna_sim/labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const objects = new Map<string, { label: string; bands: Record<string, string> }>();
    for (const [file, id, survey, band, , name] of rows) {
      if (survey !== 'ground_based') continue;
      const o = objects.get(id!) ?? { label: name!, bands: {} };
      o.bands[band!] = sharedPath('data/labeled/lens_bologna_sim', file!);
      objects.set(id!, o);
    }
    const dir = mkdtempSync(join(tmpdir(), 'kenobi-bands-'));
    try {
      const lines = ['id,g,r,i,label', ...[...objects].map(([id, o]) => `${id},${o.bands.G},${o.bands.R},${o.bands.I},${o.label}`)];
      writeFileSync(join(dir, 'cat.csv'), `${lines.join('\n')}\n`);
      const ds = await loadDataset(join(dir, 'cat.csv'), { columns: { bands: ['g', 'r', 'i'] } });
      expect(ds.items).to.have.length(12);
      const r = await extractFeatures(ds, tinyOptions(join(dir, 'out'), { interval: 'zscale', stretch: 'asinh' }));
      expect([r.meta.rows, r.failures.length]).to.deep.equal([12, 0]);
      const f = await readFeatures(join(dir, 'out'));
      const fm = await prepareFeatureModel(tinyOptions('').model, 'auto');
      const ref = await referenceFeatures(fm.cut, ds.items, r.meta.preprocessing, ds.bandNames);
      expect(maxAbsDifference(f.X, 8, ref)).to.be.below(1e-5);
      const swapped = await extractFeatures(ds, tinyOptions(join(dir, 'out2'), { interval: 'zscale', stretch: 'asinh', bandOrder: ['g', 'r', 'i'] }));
      expect(swapped.meta.preprocessing.bandOrder).to.deep.equal(['g', 'r', 'i']);
      const g = await readFeatures(join(dir, 'out2'));
      expect(maxAbsDifference(g.X, 8, [f.X])).to.be.greaterThan(1e-4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
