import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { writeTinyPng } from '../test-support/tiny-png.js';
import { datasetFingerprint } from './dataset-fingerprint.node.js';
import { labelIndices } from './dataset.js';
import { loadDataset } from './load-dataset.node.js';
import { shuffledIndices, stratifiedSplit } from './split.js';

describe('loadDataset', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-dataset-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a catalog: quoted fields, per-band paths, labels and numeric targets', async () => {
    writeFileSync(join(dir, 'bands.csv'), 'id,g,r,i,label,theta_e,mag,notes\n' +
      'a,g/a.fits,r/a.fits,i/a.fits,lens,1.2,21.5,"has, a comma"\n' +
      'b,g/b.fits,r/b.fits,/abs/i/b.fits,nonlens,,22.0,x\n');
    const ds = await loadDataset(join(dir, 'bands.csv'), { columns: { bands: ['g', 'r', 'i'] } });
    expect(ds.kind).to.equal('catalog');
    expect(ds.bandNames).to.deep.equal(['g', 'r', 'i']);
    expect(ds.targetNames).to.deep.equal(['theta_e', 'mag']);
    expect(ds.items[0]).to.deep.include({ row: 2, id: 'a', label: 'lens' });
    expect(ds.items[0]!.source).to.deep.equal({ kind: 'bands', paths: [join(dir, 'g/a.fits'), join(dir, 'r/a.fits'), join(dir, 'i/a.fits')] });
    expect((ds.items[1]!.source as { paths: readonly string[] }).paths[2]).to.equal('/abs/i/b.fits');
    expect(ds.items[1]!.targets![0]).to.be.NaN;
    expect(ds.classNames).to.deep.equal(['lens', 'nonlens']);
    expect(Array.from(labelIndices(ds))).to.deep.equal([0, 1]);
  });

  it('takes path_<band> columns (as kenobi sim lenses writes them) as the bands, named or not', async () => {
    writeFileSync(join(dir, 'sim.csv'), 'id,label,theta_e,path_g,path_r,path_i\n' +
      'a,lens,1.1,g/a.fits,r/a.fits,i/a.fits\n');
    const auto = await loadDataset(join(dir, 'sim.csv'));
    expect(auto.bandNames).to.deep.equal(['g', 'r', 'i']);
    expect(auto.items[0]!.source).to.deep.equal({ kind: 'bands', paths: [join(dir, 'g/a.fits'), join(dir, 'r/a.fits'), join(dir, 'i/a.fits')] });
    expect(auto.targetNames).to.deep.equal(['theta_e']);
    const named = await loadDataset(join(dir, 'sim.csv'), { columns: { bands: ['i', 'g'] } });
    expect(named.items[0]!.source).to.deep.equal({ kind: 'bands', paths: [join(dir, 'i/a.fits'), join(dir, 'g/a.fits')] });
    let err: unknown;
    try { await loadDataset(join(dir, 'sim.csv'), { columns: { bands: ['g', 'r', 'z'] } }); } catch (e) { err = e; }
    expect(isKenobiError(err, 'features/missing-column')).to.equal(true);
    expect((err as Error).message).to.contain("no column for the band 'z' (neither 'z' nor 'path_z')");
    expect((err as { hint?: string }).hint).to.contain('its bands are g, r, i').and.contain('--bands g,r,i');
  });

  it('fails before any work on a missing column, naming it and listing the columns', async () => {
    writeFileSync(join(dir, 'c.csv'), 'objid,file\n1,a.png\n');
    let err: unknown;
    try { await loadDataset(join(dir, 'c.csv'), { columns: { id: 'objid', path: 'file', label: 'class' } }); } catch (e) { err = e; }
    expect(isKenobiError(err, 'features/missing-column')).to.equal(true);
    expect((err as Error).message).to.contain("no column 'class'").and.contain('objid, file');
    err = undefined;
    // NOTE: no id column named: 'objid' is found by its name, so the first missing column is the path
    try { await loadDataset(join(dir, 'c.csv')); } catch (e) { err = e; }
    expect((err as Error).message).to.contain("no column 'path'");
  });

  it('keeps only the rows a row filter (where) selects, with their catalog line; refuses it for a non-catalog', async () => {
    writeFileSync(join(dir, 'w.csv'), 'id,path,morph,split\n' +
      'a,a.png,elliptical,train\nb,b.png,spiral,test\nc,c.png,other,train\nd,d.png,spiral,train\ne,e.png,elliptical,test\n');
    const train = await loadDataset(join(dir, 'w.csv'), { columns: { label: 'morph', where: { split: ['train'], morph: ['elliptical', 'spiral'] } } });
    expect(train.items.map((it) => [it.id, it.row, it.label])).to.deep.equal([['a', 2, 'elliptical'], ['d', 5, 'spiral']]);
    expect(train.classNames).to.deep.equal(['elliptical', 'spiral']);
    const test = await loadDataset(join(dir, 'w.csv'), { columns: { label: 'morph', where: { split: ['test'] } } });
    expect(test.items.map((it) => it.id)).to.deep.equal(['b', 'e']);
    // ids need be unique only among the rows kept
    writeFileSync(join(dir, 'w2.csv'), 'id,path,split\nx,a.png,train\nx,b.png,test\n');
    expect((await loadDataset(join(dir, 'w2.csv'), { columns: { where: { split: ['test'] } } })).items.map((it) => it.row)).to.deep.equal([3]);
    let err: unknown;
    try { await loadDataset(join(dir, 'w.csv'), { columns: { where: { fold: ['1'] } } }); } catch (e) { err = e; }
    expect(isKenobiError(err, 'features/missing-column')).to.equal(true);
    expect((err as Error & { hint?: string }).message).to.contain("no column 'fold' (the row filter)");
    expect((err as Error & { hint?: string }).hint).to.contain('--where');
    // a filter that keeps no row names the values the column holds
    err = undefined;
    try { await loadDataset(join(dir, 'w.csv'), { columns: { where: { split: ['validation'] } } }); } catch (e) { err = e; }
    expect(isKenobiError(err, 'features/bad-catalog')).to.equal(true);
    expect((err as Error).message).to.match(/no row of .*w\.csv matches the row filter split=validation \(5 rows\)/);
    expect((err as Error & { hint?: string }).hint).to.contain("'split' holds 'train', 'test'");
    mkdirSync(join(dir, 'folders', 'a'), { recursive: true });
    writeTinyPng(join(dir, 'folders', 'a', '1.png'));
    err = undefined;
    try { await loadDataset(join(dir, 'folders'), { columns: { where: { split: ['train'] } } }); } catch (e) { err = e; }
    expect(isKenobiError(err, 'features/bad-option')).to.equal(true);
    expect((err as Error).message).to.match(/selects rows of a catalog; .* is a class folders/);
  });

  it('rejects duplicate ids with their line', async () => {
    writeFileSync(join(dir, 'd.csv'), 'id,path\nx,a.png\nx,b.png\n');
    let err: unknown;
    try { await loadDataset(join(dir, 'd.csv')); } catch (e) { err = e; }
    expect((err as Error).message).to.match(/line 3: id 'x' appears twice/);
    expect((err as { hint?: string }).hint).to.include('--where <column>=<value>');
  });

  it('a row per band (long format): the repeated id says which --where picks one band, or how to stack bands', async () => {
    writeFileSync(join(dir, 'long.csv'), 'object_id,file,band,label\n7,g/7.fits,G,lens\n7,i/7.fits,I,lens\n');
    let err: unknown;
    try { await loadDataset(join(dir, 'long.csv'), { columns: { id: 'object_id', path: 'file', label: 'label' } }); } catch (e) { err = e; }
    expect((err as Error).message).to.match(/line 3: id '7' appears twice/);
    expect((err as { hint?: string }).hint).to.equal('a catalog with a row per band or epoch: take one band with --where band=G, or give one row per object with a path_<band> column per band (path_g, path_r, path_i) to stack them as channels');
  });

  it('reads a folder per class in sorted order', async () => {
    for (const [c, f] of [['spiral', 'b.png'], ['elliptical', 'z.png'], ['spiral', 'a.png']] as const) {
      mkdirSync(join(dir, 'cls', c), { recursive: true });
      writeTinyPng(join(dir, 'cls', c, f));
    }
    // a class folder that is a link to a folder elsewhere
    mkdirSync(join(dir, 'elsewhere'), { recursive: true });
    writeTinyPng(join(dir, 'elsewhere', 'm.png'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'cls', 'merger'));
    writeFileSync(join(dir, 'cls', 'spiral', 'notes.txt'), 'ignored');
    const ds = await loadDataset(join(dir, 'cls'));
    expect(ds.items.map((it) => it.id)).to.deep.equal(['elliptical/z.png', 'merger/m.png', 'spiral/a.png', 'spiral/b.png']);
    expect(ds.classNames).to.deep.equal(['elliptical', 'merger', 'spiral']);
  });

  it('reads a flat folder of images as unlabelled items (ids = file names); an empty folder is a typed error', async () => {
    mkdirSync(join(dir, 'flat'), { recursive: true });
    writeTinyPng(join(dir, 'a.png'));
    symlinkSync(join(dir, 'a.png'), join(dir, 'flat', 'a.png')); // staged cutouts are often links
    symlinkSync(join(dir, 'missing.png'), join(dir, 'flat', 'broken.png'));
    writeTinyPng(join(dir, 'flat', 'b.png'));
    writeFileSync(join(dir, 'flat', 'notes.txt'), 'ignored');
    const ds = await loadDataset(join(dir, 'flat'));
    expect(ds.kind).to.equal('image-folder');
    expect(ds.items.map((it) => [it.id, it.label, it.source])).to.deep.equal([['a.png', undefined, { kind: 'file', path: join(dir, 'flat', 'a.png') }], ['b.png', undefined, { kind: 'file', path: join(dir, 'flat', 'b.png') }]]);
    expect(ds.classNames).to.deep.equal([]);
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'empty', 'notes.txt'), 'no images');
    const err = await loadDataset(join(dir, 'empty')).catch((e: unknown) => e);
    expect(isKenobiError(err, 'features/bad-dataset') && /has no images and no class folders/.test((err as Error).message)).to.equal(true);
  });

  it('fingerprints the item list (ids, paths, labels)', async () => {
    const ds = await loadDataset(join(dir, 'cls'));
    expect(datasetFingerprint(ds)).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(datasetFingerprint(ds)).to.equal(datasetFingerprint(await loadDataset(join(dir, 'cls'))));
    expect(datasetFingerprint({ items: ds.items.slice(1) })).to.not.equal(datasetFingerprint(ds));
  });
});

describe('splits', () => {
  const items = Array.from({ length: 100 }, (_, i) => ({ row: i + 1, id: String(i), source: { kind: 'file' as const, path: '' }, label: i < 80 ? 'a' : 'b' }));

  it('stratified: each class split in proportion, disjoint, reproducible for a seed', () => {
    const s = stratifiedSplit({ items }, { testFraction: 0.25, seed: 3 });
    expect(s.test.filter((i) => i < 80)).to.have.length(20);
    expect(s.test.filter((i) => i >= 80)).to.have.length(5);
    expect(new Set([...s.train, ...s.test]).size).to.equal(100);
    expect(stratifiedSplit({ items }, { testFraction: 0.25, seed: 3 })).to.deep.equal(s);
    expect(stratifiedSplit({ items }, { testFraction: 0.25, seed: 4 }).test).to.not.deep.equal(s.test);
  });

  it('seeded shuffle is a permutation that depends on the seed', () => {
    const a = shuffledIndices(50, 1);
    expect([...a].sort((x, y) => x - y)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffledIndices(50, 1)).to.deep.equal(a);
    expect(shuffledIndices(50, 2)).to.not.deep.equal(a);
  });
});
