import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKenobiError } from '@kenobi/core';
import { loadDataset } from '../dataset/load-dataset.node.js';
import { DecodePool } from '../pipeline/decode-pool.node.js';
import type { ImagePreprocessing } from '../pipeline/image-preprocessing.js';
import { TINY_PREPROCESSING, writePngCatalog } from '../test-support/tiny-dataset.js';
import { readableItems } from './readable-items.node.js';

const prep: ImagePreprocessing = { config: { ...TINY_PREPROCESSING }, tta: 'none' };

describe('features/stream: readableItems (what --skip-unreadable leaves out)', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'kenobi-readable-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const workers of [0, 2]) {
    it(`keeps the items that decode, in order, and reports each one that does not with its row (${workers} decode workers)`, async () => {
      const catalog = writePngCatalog(join(dir, `w${workers}`), 9, { seed: 2, corruptRows: [3, 8] });
      const ds = await loadDataset(catalog);
      rmSync(join(dir, `w${workers}`, 'img', 'obj4.png')); // row 6: a missing file
      const pool = new DecodePool(workers);
      try {
        const { dataset, failures } = await readableItems(ds, prep, pool, { chunk: 2 });
        expect(dataset.items.map((it) => it.row)).to.deep.equal([2, 4, 5, 7, 9, 10]);
        expect(dataset.classNames).to.deep.equal(ds.classNames);
        expect(failures.map((f) => f.row)).to.deep.equal([3, 6, 8]);
        expect(failures.map((f) => f.id)).to.deep.equal(['obj1', 'obj4', 'obj6']);
        expect(failures[1]!.error).to.match(/ENOENT/);
        for (const f of failures) expect(f.code, f.error).to.be.a('string');
      } finally {
        await pool.dispose();
      }
    });
  }

  it('refuses a set of which no image can be read', async () => {
    const catalog = writePngCatalog(join(dir, 'none'), 2, { seed: 2, corruptRows: [2, 3] });
    const pool = new DecodePool(0);
    let err: unknown;
    try { await readableItems(await loadDataset(catalog), prep, pool); } catch (e) { err = e; }
    expect(isKenobiError(err, 'features/bad-dataset')).to.equal(true);
    expect((err as Error).message).to.match(/none of the 2 images of .* can be read \(row 2: /);
  });
});
