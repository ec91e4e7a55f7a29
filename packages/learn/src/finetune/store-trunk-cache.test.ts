/**
 * The frozen-trunk cache on disk (a feature store of the cut tensor, 8 dihedral variants per row): the same
 * values as the in-memory cache for every (item, epoch) draw, the same trained weights, reused when complete,
 * and refused when made from another model, cut, preprocessing or variant set.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { labelIndices, parseAugment, type AugmentSpec, type Dataset, type ImagePreprocessing } from '@kenobi/features';
import { DecodedInputs, DecodePool, loadDataset } from '@kenobi/features/node';
import { encodeModel } from '@kenobi/onnx';
import { TINY_PREPROCESSING, writePngCatalog } from '../../../features/src/test-support/tiny-dataset.js';
import { linearHead } from '../heads/linear-head.js';
import { splitBackbone } from './backbone-split.js';
import { fitFinetune } from './finetune-fit.js';
import { Finetuner } from './finetuner.js';
import { buildTrunkStore } from './store-trunk-cache.node.js';
import { TrunkRunner } from './trunk-runner.js';
import { MemoryTrunkCache, type TrunkSource } from './trunk-source.js';
import { smallResnet } from './test-support/small-resnet.js';

const code = (c: string) => (e: unknown): boolean => isKenobiError(e, c);

describe('learn/finetune: the frozen-trunk cache on disk', function () {
  this.timeout(120_000);
  let dir: string;
  let dataset: Dataset;
  const bytes = encodeModel(smallResnet());
  const preprocessing: ImagePreprocessing = { config: { ...TINY_PREPROCESSING, inputSize: [16, 16] }, tta: 'none' };
  const dihedral = parseAugment('dihedral');
  const build = (over: { dir?: string; bytes?: Uint8Array; cut?: string; preprocessing?: ImagePreprocessing; augment?: AugmentSpec } = {}) => buildTrunkStore(dataset, {
    backbone: { bytes: over.bytes ?? bytes, id: 'small' }, cut: over.cut ?? 'block1_out', cutDims: [8, 16, 16],
    preprocessing: over.preprocessing ?? preprocessing, augment: over.augment ?? dihedral, dir: over.dir ?? join(dir, 'cache'), batchSize: 8, workers: 1,
  });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-trunk-store-'));
    dataset = await loadDataset(writePngCatalog(join(dir, 'data'), 14, { seed: 4 }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds, for every image and training draw, bit for bit the values the in-memory cache holds, and trains bit-identical weights', async () => {
    const disk = await build();
    const pool = new DecodePool(1);
    const decoded = new DecodedInputs(dataset, { preprocessing, pool });
    const inputs = { dims: decoded.dims, size: dataset.items.length, take: (i: ArrayLike<number>) => decoded.take(i) };
    const ft0 = await Finetuner.create(smallResnet(), linearHead({ inputs: 16, classes: 3, seed: 1 }), { cut: 'block1_out', feature: 'pooled', loss: 'categoricalCrossEntropy', epochs: 2, batchSize: 4, threads: 1 });
    const runner = await TrunkRunner.open(ft0.split.trunk, [3, 16, 16], ft0.split.cutDims, 'cpu');
    const memory = await MemoryTrunkCache.fill(inputs, runner, dihedral);
    try {
      expect(disk.mode).to.equal('disk');
      expect(disk.bytes).to.equal(memory.bytes);
      const items = Int32Array.from({ length: 14 }, (_, i) => i);
      for (const at of [undefined, { seed: 0, epoch: 0 }, { seed: 3, epoch: 5 }]) {
        const a = new Float32Array(14 * disk.perItem), b = new Float32Array(14 * memory.perItem);
        await disk.read(items, a, at);
        await memory.read(items, b, at);
        let worst = 0;
        for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
        expect(worst, `max |disk − memory| for draw ${JSON.stringify(at)}`).to.equal(0);
      }
      const train = async (source: TrunkSource): Promise<Float32Array[]> => {
        const ft = await Finetuner.create(smallResnet(), linearHead({ inputs: 16, classes: 3, seed: 1 }), { cut: 'block1_out', feature: 'pooled', loss: 'categoricalCrossEntropy', epochs: 2, batchSize: 4, threads: 1 });
        await fitFinetune(ft, { source, items, labels: labelIndices(dataset) });
        const w = ft.weights().map((v) => Float32Array.from(v.value));
        await ft.dispose();
        return w;
      };
      const [wd, wm] = [await train(disk), await train(memory)];
      wd.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(wm[i]!.buffer)), `weight ${i} bit-identical`).to.equal(true));
    } finally {
      await disk.dispose();
      await ft0.dispose();
      await runner.dispose();
      await pool.dispose();
    }
  });

  it('is reused when complete (no trunk pass), and refused when made from another model, cut, preprocessing or variant set', async () => {
    const before = statSync(join(dir, 'cache', 'meta.json')).mtimeMs;
    const again = await build();
    await again.dispose();
    expect(statSync(join(dir, 'cache', 'meta.json')).mtimeMs).to.equal(before);
    await build({ bytes: encodeModel(smallResnet(4)) }).then(() => expect.fail('mixed'), (e) => expect(e).to.satisfy(code('learn/finetune-cache-mismatch')).and.have.property('message').that.matches(/model \(sha256\)/));
    await build({ cut: 'stem' }).then(() => expect.fail('mixed'), (e) => expect(e).to.satisfy(code('learn/finetune-cache-mismatch')).and.have.property('message').that.matches(/cut tensor: "block1_out", this run needs "stem"/));
    const other = { ...preprocessing, config: { ...preprocessing.config, mean: [0.4, 0.4, 0.4] } };
    await build({ preprocessing: other }).then(() => expect.fail('mixed'), (e) => expect(e).to.have.property('message').that.matches(/config\.mean \[0\.5,0\.4,0\.3\], this run needs \[0\.4,0\.4,0\.4\]/));
    await build({ augment: parseAugment('none') }).then(() => expect.fail('mixed'), (e) => expect(e).to.satisfy(code('learn/finetune-cache-mismatch')).and.have.property('message').that.matches(/tta "kept", this run needs "none"/));
  });

  it('refuses a cut at the model input (every block unfrozen: no trunk to cache) with learn/finetune-cut, writing nothing', async () => {
    // NOTE: the everything-unfrozen split cuts at an Identity copy of the input; both names are refused.
    const identityCut = splitBackbone(smallResnet(), { cut: 'input', feature: 'pooled' }).cut;
    expect(identityCut).to.equal('input_kenobi_identity');
    for (const cut of ['input', identityCut]) {
      const where = join(dir, `input-cut-${cut}`);
      await build({ cut, dir: where }).then(() => expect.fail(`cut '${cut}' accepted`), (e) => expect(e).to.satisfy(code('learn/finetune-cut')).and.have.property('message').that.matches(/nothing is frozen before '.*' \(the model's input\): there is no trunk output to cache/));
      expect(existsSync(where), `nothing written for cut '${cut}'`).to.equal(false);
    }
  });
});
