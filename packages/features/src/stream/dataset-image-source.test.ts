import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKenobiError } from '@kenobi/core';
import { loadDataset } from '../dataset/load-dataset.node.js';
import { ItemReader } from '../pipeline/decode-item.node.js';
import { DecodePool } from '../pipeline/decode-pool.node.js';
import { prepareImage, type ImagePreprocessing } from '../pipeline/image-preprocessing.js';
import { TINY_PREPROCESSING, writePngCatalog } from '../test-support/tiny-dataset.js';
import { augmentInput, itemRandom } from './augment-input.js';
import { parseAugment } from './augment-spec.js';
import { DatasetImageSource } from './dataset-image-source.node.js';
import { DecodedInputs } from './decoded-inputs.node.js';

const prep: ImagePreprocessing = { config: { ...TINY_PREPROCESSING }, tta: 'none' };
const per = 3 * 16 * 16;

describe('features/stream: streaming training images from a dataset', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'kenobi-stream-'));
  const catalog = writePngCatalog(join(dir, 'ok'), 12, { seed: 3 });
  const broken = writePngCatalog(join(dir, 'broken'), 6, { seed: 3, corruptRows: [4] });

  it('reads prepared inputs in any order, through the decode workers, equal to prepareImage on each item', async () => {
    const ds = await loadDataset(catalog);
    const reader = new ItemReader();
    const want = await Promise.all(ds.items.map(async (it) => prepareImage(await reader.read(it), ds.bandNames, prep)));
    await using pool = new DecodePool(1);
    const src = new DatasetImageSource(new DecodedInputs(ds, { preprocessing: prep, pool }), [11, 4, 7, 0]);
    expect([src.size, ...src.shape]).to.deep.equal([4, 16, 16, 3]);
    const out = new Float32Array(2 * per);
    src.prefetch([2, 3]);
    await src.read([3, 1], out); // items 0 and 4
    expect(Array.from(out.subarray(0, per))).to.deep.equal(Array.from(want[0]!));
    expect(Array.from(out.subarray(per))).to.deep.equal(Array.from(want[4]!));
  });

  it('keeps inputs only when the whole set fits the budget; otherwise holds no more than what was announced', async () => {
    const ds = await loadDataset(catalog);
    const pool = new DecodePool(0);
    const cached = new DecodedInputs(ds, { preprocessing: prep, pool, cacheBytes: 12 * per * 4 });
    const streamed = new DecodedInputs(ds, { preprocessing: prep, pool, cacheBytes: 12 * per * 4 - 1 });
    expect([cached.cached, streamed.cached, cached.totalBytes]).to.deep.equal([true, false, 12 * per * 4]);
    const all = Array.from({ length: 12 }, (_, i) => i);
    for (const inputs of [cached, streamed]) {
      const src = new DatasetImageSource(inputs, all);
      const out = new Float32Array(4 * per);
      for (let pass = 0; pass < 2; pass++) {
        for (let b = 0; b < 3; b++) {
          if (b < 2) src.prefetch(all.slice((b + 1) * 4, (b + 2) * 4));
          await src.read(all.slice(b * 4, (b + 1) * 4), out);
          if (!inputs.cached) expect(inputs.heldCount).to.be.at.most(4); // the announced next batch only
        }
      }
    }
    expect([cached.decodedCount, cached.heldCount]).to.deep.equal([12, 12]); // decoded once, kept
    expect([streamed.decodedCount, streamed.heldCount]).to.deep.equal([24, 0]); // decoded every pass, nothing kept
  });

  it('augments training reads per image from (seed, epoch, item), never the cached input itself; inference reads are plain', async () => {
    const ds = await loadDataset(catalog);
    const inputs = new DecodedInputs(ds, { preprocessing: prep, pool: new DecodePool(0), cacheBytes: 2 ** 20 });
    const spec = parseAugment('dihedral,shift:0.2');
    const src = new DatasetImageSource(inputs, [5, 6], spec);
    const plain = new Float32Array(2 * per), a = new Float32Array(2 * per), b = new Float32Array(2 * per);
    await src.read([0, 1], plain);
    await src.read([1, 0], a, undefined, { seed: 9, epoch: 2, batch: 0 });
    await src.read([1], b.subarray(0, per), undefined, { seed: 9, epoch: 2, batch: 7 }); // another batch: same image, same transform
    const want = new Float32Array(per);
    augmentInput(plain.subarray(per), [3, 16, 16], spec, itemRandom(9, 2, 6), want);
    expect(Array.from(a.subarray(0, per))).to.deep.equal(Array.from(want));
    expect(Array.from(b.subarray(0, per))).to.deep.equal(Array.from(want));
    const again = new Float32Array(2 * per);
    await src.read([0, 1], again);
    expect(Array.from(again)).to.deep.equal(Array.from(plain));
  });

  it('a catalog whose bands cannot fill the model\'s channels is refused before any image is read', async () => {
    const ds = { kind: 'catalog' as const, source: 'cat.csv', items: [], classNames: [], targetNames: [], bandNames: ['g', 'r'] };
    await using pool = new DecodePool(0);
    const rgb = { ...prep, config: { ...prep.config, channels: 3, mean: [0, 0, 0], std: [1, 1, 1] } };
    expect(() => new DecodedInputs(ds, { preprocessing: rgb, pool })).to.throw(/cat\.csv: 2 bands \(g, r\) for a model of 3 channels/).that.satisfies((e: unknown) => isKenobiError(e, 'features/bad-option'));
    expect(new DecodedInputs(ds, { preprocessing: { ...rgb, bandOrder: ['r', 'g', 'g'] }, pool }).dims[0]).to.equal(3);
  });

  it('an image that cannot be decoded is features/unreadable-item naming its row', async () => {
    const ds = await loadDataset(broken);
    await using pool = new DecodePool(1);
    const src = new DatasetImageSource(new DecodedInputs(ds, { preprocessing: prep, pool }), [0, 1, 2, 3]);
    const err = await src.read([0, 1, 2, 3], new Float32Array(4 * per)).then(() => undefined, (e: unknown) => e);
    expect(isKenobiError(err, 'features/unreadable-item'), String(err)).to.equal(true);
    expect((err as Error).message).to.match(/^cannot train on row 4 \(id obj2/);
    expect((err as { hint?: string }).hint).to.contain('--skip-unreadable');
    expect(() => src.prefetch([4])).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'features/bad-option'));
    // kenobi evaluate's inputs say what they are for, and point to what it offers
    const forEval = new DatasetImageSource(new DecodedInputs(ds, { preprocessing: prep, pool, purpose: 'evaluate' }), [0, 1, 2, 3]);
    const evalErr = await forEval.read([0, 1, 2, 3], new Float32Array(4 * per)).then(() => undefined, (e: unknown) => e);
    expect((evalErr as Error).message).to.match(/^cannot evaluate on row 4 \(id obj2/);
    expect((evalErr as { hint?: string }).hint).to.contain('--where').and.not.contain('--skip-unreadable');
  });
});
