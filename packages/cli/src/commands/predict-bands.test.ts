import { expect } from 'chai';
import type { ExportInfo } from '@kenobi/learn';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../usage-error.js';
import { loadLabelledImages } from './labelled-images.js';
import { predictBandsWarning, withModelBands } from './predict-bands.js';

const info = (bands?: string[]): ExportInfo => ({ image: bands ? { bands } : {} }) as unknown as ExportInfo;

describe('commands/predict-bands: the bands a model was trained on against the images given', () => {
  it('warns for images without band names, refuses other bands, and is silent for the same bands (any order) or a model without bands', () => {
    const gri = info(['g', 'r', 'i']);
    expect(predictBandsWarning(gri, { bandNames: [], source: 'one.fits' })).to.match(/trained on 3 bands \(g, r, i\); the images of one\.fits have no band names: .*repeated on all 3/);
    expect(() => predictBandsWarning(gri, { bandNames: ['g', 'r'], source: 'cat.csv' })).to.throw(/trained on the bands g, r, i; cat\.csv gives g, r/);
    expect(() => predictBandsWarning(gri, { bandNames: ['g', 'r', 'z'], source: 'cat.csv' })).to.throw(/gives g, r, z/);
    expect(predictBandsWarning(gri, { bandNames: ['i', 'g', 'r'], source: 'cat.csv' })).to.equal(undefined);
    expect(predictBandsWarning(info(), { bandNames: [], source: 'one.fits' })).to.equal(undefined);
    expect(predictBandsWarning(info(['r']), { bandNames: [], source: 'one.fits' })).to.equal(undefined);
  });
});

describe('commands/predict-bands: a catalog read again with the model\'s bands, in the model\'s order', () => {
  const ds = (bandNames: string[]): { bandNames: string[]; source: string } => ({ bandNames, source: 'cat.csv' });
  const calls: (readonly string[])[] = [];
  const reload = async (bands: readonly string[]): Promise<{ bandNames: string[]; source: string }> => {
    calls.push(bands);
    return ds([...bands]);
  };

  it('reloads a catalog holding the bands among others or in another order, and says so', async () => {
    calls.length = 0;
    const more = await withModelBands(['g', 'r'], ds(['g', 'r', 'i']), reload);
    expect(more.dataset.bandNames).to.deep.equal(['g', 'r']);
    expect(more.note).to.equal("reading the bands g, r of cat.csv (the model's, in its order; the catalog has g, r, i)");
    const order = await withModelBands(['g', 'r', 'i'], ds(['r', 'i', 'g']), reload);
    expect(order.dataset.bandNames).to.deep.equal(['g', 'r', 'i']);
    expect(calls).to.deep.equal([['g', 'r'], ['g', 'r', 'i']]);
  });

  it('leaves the same bands, band-less images, a model without bands and a catalog lacking a band as they are', async () => {
    calls.length = 0;
    for (const [trained, given] of [[['g', 'r'], ['g', 'r']], [['g', 'r'], []], [undefined, ['g', 'r', 'i']], [['g', 'z'], ['g', 'r', 'i']]] as const) {
      const d = ds([...given]);
      const r = await withModelBands(trained, d, reload);
      expect(r.dataset).to.equal(d);
      expect(r.note).to.equal(undefined);
    }
    expect(calls).to.deep.equal([]);
  });
});

describe('commands/labelled-images: kenobi evaluate reads the model\'s bands from a catalog with more', () => {
  it('takes g, r of a g, r, i catalog for a g, r model, and refuses a catalog without a band', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kenobi-bands-'));
    try {
      writeFileSync(join(dir, 'cat.csv'), 'id,label,path_i,path_g,path_r\na,lens,i/a.fits,g/a.fits,r/a.fits\nb,non-lens,i/b.fits,g/b.fits,r/b.fits\n');
      let said = '';
      const io = { stdout: process.stdout, stderr: { write: (t: string) => { said += t; return true; } } } as never;
      const data = await loadLabelledImages({ data: join(dir, 'cat.csv') }, ['lens', 'non-lens'], { bands: ['g', 'r'], io });
      expect(data.bandNames).to.deep.equal(['g', 'r']);
      expect(data.items[0]!.source).to.deep.equal({ kind: 'bands', paths: [join(dir, 'g/a.fits'), join(dir, 'r/a.fits')] });
      expect(said).to.contain("reading the bands g, r of").and.contain('the catalog has i, g, r');
      const all = await loadLabelledImages({ data: join(dir, 'cat.csv') }, ['lens', 'non-lens']);
      expect(all.bandNames, 'without a model\'s bands: the catalog\'s, in column order').to.deep.equal(['i', 'g', 'r']);
      let err: unknown;
      try { await loadLabelledImages({ data: join(dir, 'cat.csv') }, ['lens', 'non-lens'], { bands: ['g', 'z'], io }); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(UsageError);
      expect((err as Error).message).to.contain('trained on the bands g, z').and.contain('gives i, g, r');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
