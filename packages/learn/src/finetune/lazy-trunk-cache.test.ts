/**
 * The trunk cache filled as training draws it: for every draw and variant, bit for bit the values of the cache
 * filled up front; the trunk runs once per (image, variant) pair, counted as misses, every later read a hit.
 */
import { expect } from 'chai';
import { parseAugment } from '@kenobi/features';
import { linearHead } from '../heads/linear-head.js';
import { fitFinetune } from './finetune-fit.js';
import { Finetuner } from './finetuner.js';
import { LazyTrunkCache } from './lazy-trunk-cache.js';
import { arrayInputs } from './trunk-inputs.js';
import { TrunkRunner } from './trunk-runner.js';
import { MemoryTrunkCache, type TrunkSource } from './trunk-source.js';
import { smallImages, smallResnet } from './test-support/small-resnet.js';

describe('learn/finetune: the lazily filled trunk cache', function () {
  this.timeout(120_000);
  const n = 12;
  const { x, y } = smallImages(n, 2, 3);
  const inputs = arrayInputs(x, [3, 16, 16]);
  const items = Int32Array.from({ length: n }, (_, i) => i);
  let ft: Finetuner;
  let runner: TrunkRunner;

  before(async () => {
    ft = await Finetuner.create(smallResnet(), linearHead({ inputs: 16, classes: 2, seed: 1 }), { cut: 'block1_out', feature: 'pooled', loss: 'binaryCrossEntropy', epochs: 3, batchSize: 4, threads: 1 });
    runner = await TrunkRunner.open(ft.split.trunk, [3, 16, 16], ft.split.cutDims, 'cpu', { threads: 1 });
  });
  after(async () => {
    await ft.dispose();
    await runner.dispose();
  });

  it('reads bit for bit what the up-front cache holds, running the trunk once per (image, variant) pair', async () => {
    const dihedral = parseAugment('dihedral');
    const memory = await MemoryTrunkCache.fill(inputs, runner, dihedral);
    const lazy = new LazyTrunkCache(inputs, runner, dihedral);
    expect(lazy.bytes).to.equal(memory.bytes);
    const per = memory.perItem;
    const same = async (read: (s: TrunkSource, out: Float32Array) => Promise<void>, what: string): Promise<void> => {
      const a = new Float32Array(n * per), b = new Float32Array(n * per);
      await read(memory, a);
      await read(lazy, b);
      expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer)), what).to.equal(true);
    };
    await same((s, o) => s.read(items, o, { seed: 0, epoch: 0 }), 'epoch 0');
    expect(lazy.stats()).to.deep.equal({ hits: 0, misses: n, filled: n, slots: 8 * n });
    await same((s, o) => s.read(items, o, { seed: 0, epoch: 0 }), 'epoch 0 again');
    expect(lazy.stats()).to.include({ hits: n, misses: n });
    await same((s, o) => s.read(items, o, { seed: 0, epoch: 1 }), 'epoch 1');
    const after2 = lazy.stats();
    expect(after2.misses, 'epoch 1 computes only the variants epoch 0 did not draw').to.be.within(n + 1, 2 * n - 1);
    expect(after2.hits + after2.misses).to.equal(3 * n);
    await same((s, o) => s.read(Int32Array.of(3, 3, 5, 3), o.subarray(0, 4 * per), { seed: 7, epoch: 4 }), 'a repeated item in one batch');
    for (let v = 0; v < 8; v++) await same((s, o) => s.readVariant(items, o, v), `variant ${v}`);
    expect(lazy.stats()).to.include({ filled: 8 * n, misses: 8 * n });
    await same((s, o) => s.read(items, o), 'as the images are (no draw): variant 0');
    await lazy.readVariant(items, new Float32Array(n * per), 8).then(() => expect.fail('variant 8 read'), (e) => expect(e).to.have.property('code', 'learn/finetune-option'));
  });

  it('trains the same weights as the up-front cache', async () => {
    const train = async (source: TrunkSource): Promise<Float32Array[]> => {
      const t = await Finetuner.create(smallResnet(), linearHead({ inputs: 16, classes: 2, seed: 1 }), { cut: 'block1_out', feature: 'pooled', loss: 'binaryCrossEntropy', epochs: 3, batchSize: 4, threads: 1 });
      await fitFinetune(t, { source, items, labels: y });
      const w = t.weights().map((v) => Float32Array.from(v.value));
      await t.dispose();
      return w;
    };
    const dihedral = parseAugment('dihedral');
    const lazy = new LazyTrunkCache(inputs, runner, dihedral);
    const [wm, wl] = [await train(await MemoryTrunkCache.fill(inputs, runner, dihedral)), await train(lazy)];
    wl.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(wm[i]!.buffer)), `weight ${i}`).to.equal(true));
    const s = lazy.stats();
    expect(s.hits + s.misses).to.equal(3 * n);
    expect(s.misses).to.be.below(3 * n);
  });
});
