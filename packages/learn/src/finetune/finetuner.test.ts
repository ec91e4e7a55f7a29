import { expect } from 'chai';
import { parseAugment } from '@kenobi/features';
import { tensorToTypedArray } from '@kenobi/onnx';
import { isKenobiError } from '@kenobi/core';
import { linearHead } from '../heads/linear-head.js';
import { mlpHead } from '../heads/mlp-head.js';
import { fitFinetune } from './finetune-fit.js';
import type { FinetuneOptions } from './finetune-options.js';
import { Finetuner } from './finetuner.js';
import { arrayInputs } from './trunk-inputs.js';
import { TrunkRunner } from './trunk-runner.js';
import { MemoryTrunkCache, RecomputeTrunk } from './trunk-source.js';
import { smallImages, smallResnet } from './test-support/small-resnet.js';

const N = 24;
const base: FinetuneOptions = { cut: 'block1_out', feature: 'pooled', loss: 'binaryCrossEntropy', epochs: 3, batchSize: 8, seed: 4, threads: 1, optimizer: { name: 'adamw', lr: 3e-3, weightDecay: 0.05 } };

/** A fine-tuning run on the small ResNet: its trainer, trunk, data and a copy of every weight before training. */
async function setUp(options: Partial<FinetuneOptions> = {}, mode: 'memory' | 'recompute' = 'memory', augment = 'dihedral', head = linearHead({ inputs: 16, classes: 2, seed: 1 })) {
  const { x, y } = smallImages(N, 2, 7);
  const ft = await Finetuner.create(smallResnet(), head, { ...base, ...options });
  const runner = await TrunkRunner.open(ft.split.trunk, [3, 16, 16], ft.split.cutDims, 'cpu', { threads: 1, batchSize: 8 });
  const inputs = arrayInputs(x, [3, 16, 16]);
  const source = mode === 'memory' ? await MemoryTrunkCache.fill(inputs, runner, parseAugment(augment)) : new RecomputeTrunk(inputs, runner, parseAugment(augment));
  const data = { source, items: Int32Array.from({ length: N }, (_, i) => i), labels: y };
  const initial = ft.weights().map((w) => Float32Array.from(w.value));
  return { ft, runner, data, initial, dispose: async () => { await ft.dispose(); await runner.dispose(); } };
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Buffer.from(Float32Array.from(a).buffer).equals(Buffer.from(Float32Array.from(b).buffer));

describe('learn/finetune: Finetuner on a small residual CNN', function () {
  this.timeout(120_000);

  it('trains the unfrozen block and the head (the loss falls); the trunk and its initializers stay bit-identical', async () => {
    const run = await setUp({ epochs: 4 });
    try {
      const trunkBefore = run.ft.split.trunk.graph!.initializer!.map((t) => Float32Array.from(tensorToTypedArray(t) as Float32Array));
      const r = await fitFinetune(run.ft, run.data);
      expect(r.history).to.have.length(4);
      expect(r.history[3]!.loss).to.be.below(r.history[0]!.loss);
      const params = run.ft.split.params.map((p) => p.name);
      expect(params).to.include.members(['block2_conv1.weight', 'block2_down.weight', 'block2_bn2.scale']);
      expect(params.some((n) => n.startsWith('block1') || n.startsWith('stem'))).to.equal(false);
      run.ft.weights().forEach((w, i) => expect(same(w.value, run.initial[i]!), `${w.name} was trained`).to.equal(w.name.includes('running_') ? true : false));
      const tuned = run.ft.finetunedBackbone();
      const original = smallResnet();
      const trunkNames = new Set(run.ft.split.trunk.graph!.initializer!.map((t) => t.name));
      run.ft.split.trunk.graph!.initializer!.forEach((t, i) => expect(same(tensorToTypedArray(t) as Float32Array, trunkBefore[i]!), `trunk ${t.name}`).to.equal(true));
      for (const t of tuned.graph!.initializer!) {
        if (!trunkNames.has(t.name)) continue;
        const o = original.graph!.initializer!.find((u) => u.name === t.name)!;
        expect(same(tensorToTypedArray(t) as Float32Array, tensorToTypedArray(o) as Float32Array), `exported trunk ${t.name}`).to.equal(true);
      }
    } finally {
      await run.dispose();
    }
  });

  it("batch norm 'frozen' never moves the blocks' running statistics; 'train' does, and trains other weights", async () => {
    const frozen = await setUp({ batchNorm: 'frozen' });
    const train = await setUp({ batchNorm: 'train' });
    try {
      await fitFinetune(frozen.ft, frozen.data);
      await fitFinetune(train.ft, train.data);
      for (const bn of frozen.ft.split.batchNorms) {
        const i = frozen.ft.weights().findIndex((w) => w.name === bn.mean.name);
        expect(same(bn.mean.value, frozen.initial[i]!), `${bn.node} running mean`).to.equal(true);
        expect(same(bn.variance.value, frozen.initial[i + 1]!), `${bn.node} running var`).to.equal(true);
      }
      for (const bn of train.ft.split.batchNorms) {
        const i = train.ft.weights().findIndex((w) => w.name === bn.mean.name);
        expect(same(bn.mean.value, train.initial[i]!), `${bn.node} running mean moves in 'train'`).to.equal(false);
      }
      expect(same(frozen.ft.split.params[0]!.value, train.ft.split.params[0]!.value)).to.equal(false);
    } finally {
      await frozen.dispose();
      await train.dispose();
    }
  });

  it('the trunk cache and the recompute path give bit-identical weights for the same seed (dihedral augmentation)', async () => {
    const cached = await setUp({}, 'memory');
    const recomputed = await setUp({}, 'recompute');
    try {
      await fitFinetune(cached.ft, cached.data);
      await fitFinetune(recomputed.ft, recomputed.data);
      const a = cached.ft.weights(), b = recomputed.ft.weights();
      a.forEach((w, i) => expect(same(w.value, b[i]!.value), w.name).to.equal(true));
      expect(cached.runner.runs, 'the cache ran the trunk once per image and variant').to.equal(N * 8);
      expect(recomputed.runner.runs, 'recompute ran it on every step').to.equal(N * 3);
      const other = await setUp({ seed: 5 }, 'memory');
      await fitFinetune(other.ft, other.data);
      expect(same(other.ft.split.params[0]!.value, a[0]!.value), 'another seed draws other variants').to.equal(false);
      await other.dispose();
    } finally {
      await cached.dispose();
      await recomputed.dispose();
    }
  });

  it('a checkpoint resumes bit-identically (mid-run and mid-epoch); a checkpoint of another run is refused', async () => {
    const straight = await setUp({ epochs: 3 }, 'memory', 'dihedral', mlpHead({ inputs: 16, hidden: 8, dropout: 0.3, classes: 2, seed: 1 }));
    const first = await setUp({ epochs: 3 }, 'memory', 'dihedral', mlpHead({ inputs: 16, hidden: 8, dropout: 0.3, classes: 2, seed: 1 }));
    const second = await setUp({ epochs: 3 }, 'memory', 'dihedral', mlpHead({ inputs: 16, hidden: 8, dropout: 0.3, classes: 2, seed: 1 }));
    try {
      await fitFinetune(straight.ft, straight.data);
      const controller = new AbortController();
      let saved: Uint8Array | undefined;
      let steps = 0;
      await fitFinetune(first.ft, first.data, {
        signal: controller.signal,
        onProgress: (e) => { if (e.kind === 'batch' && ++steps === 5) controller.abort(); },
        onCheckpoint: (bytes) => { saved = bytes; },
      });
      expect(first.ft.position).to.include({ epoch: 1, batch: 2 });
      second.ft.restore(saved!);
      const r = await fitFinetune(second.ft, second.data);
      expect(r.history.map((h) => h.loss)).to.deep.equal(straight.ft.history.map((h) => h.loss));
      straight.ft.weights().forEach((w, i) => expect(same(w.value, second.ft.weights()[i]!.value), w.name).to.equal(true));
      const other = await setUp({ epochs: 3, batchNorm: 'train' }, 'memory', 'dihedral', mlpHead({ inputs: 16, hidden: 8, dropout: 0.3, classes: 2, seed: 1 }));
      // the refusal names the setting that differs, not two blobs of JSON
      expect(() => other.ft.restore(saved!)).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'learn/finetune-checkpoint')
        && /of another run: options\.batchNorm: "frozen" in the checkpoint, "train" in this run/.test((e as Error).message));
      await other.dispose();
    } finally {
      await Promise.all([straight.dispose(), first.dispose(), second.dispose()]);
    }
  });

  it('test-time augmentation: the cache and recompute read the same dihedral variants; evaluation averages the 8', async () => {
    const cached = await setUp({}, 'memory');
    const recomputed = await setUp({}, 'recompute');
    try {
      const items = Int32Array.of(3, 0, 7);
      for (let v = 0; v < 8; v++) {
        const a = new Float32Array(3 * cached.data.source.perItem), b = new Float32Array(a.length);
        await cached.data.source.readVariant(items, a, v);
        await recomputed.data.source.readVariant(items, b, v);
        expect(same(a, b), `variant ${v}`).to.equal(true);
      }
      const { evaluateFinetune } = await import('./finetune-fit.js');
      const plain = await evaluateFinetune(cached.ft, cached.data);
      const tta = await evaluateFinetune(cached.ft, cached.data, { tta: 'dihedral' });
      let mean = 0;
      for (let v = 0; v < 8; v++) {
        const z = await cached.ft.inference.logits(cached.data.source, Int32Array.of(0), v);
        mean += 1 / (1 + Math.exp(-z[0]!)) / 8;
      }
      expect(tta.outputs[0]).to.be.closeTo(mean, 1e-6);
      expect(same(tta.outputs, plain.outputs)).to.equal(false);
      const none = await MemoryTrunkCache.fill(arrayInputs(smallImages(N, 2, 7).x, [3, 16, 16]), cached.runner, parseAugment('none'));
      await none.readVariant(items, new Float32Array(3 * none.perItem), 1).then(() => expect.fail('read'), (e) => expect(e).to.satisfy((x: unknown) => isKenobiError(x, 'learn/finetune-option')));
    } finally {
      await cached.dispose();
      await recomputed.dispose();
    }
  });

  it('trains on onnxruntime-web WASM to the weights of onnxruntime-node CPU (≤ 1e-5 relative)', async () => {
    const cpu = await setUp({ epochs: 2 });
    const wasm = await setUp({ epochs: 2, device: 'wasm' });
    try {
      await fitFinetune(cpu.ft, cpu.data);
      await fitFinetune(wasm.ft, wasm.data);
      cpu.ft.weights().forEach((w, i) => {
        const v = wasm.ft.weights()[i]!.value;
        let worst = 0, scale = 0;
        for (let j = 0; j < w.value.length; j++) { worst = Math.max(worst, Math.abs(w.value[j]! - v[j]!)); scale = Math.max(scale, Math.abs(w.value[j]!)); }
        expect(worst / Math.max(scale, 1e-12), w.name).to.be.at.most(1e-5);
      });
      expect(same(cpu.ft.split.params[0]!.value, cpu.initial[0]!)).to.equal(false);
    } finally {
      await cpu.dispose();
      await wasm.dispose();
    }
  });

  it('inference.features gives what the head reads: the linear head of them is the logits; a spatial feature is pooled as the model\'s own pooling', async () => {
    const flat = await setUp({ epochs: 1 });
    const spatial = await setUp({ epochs: 1, feature: 'block2_out', pool: 'avg' });
    try {
      const items = Int32Array.from({ length: N }, (_, i) => i);
      // before training both read the same blocks: 'pooled' is the model's own avg pool of block2_out
      const [a, b] = [await flat.ft.inference.features(flat.data.source, items), await spatial.ft.inference.features(spatial.data.source, items)];
      expect(a.length).to.equal(N * 16);
      let diff = 0;
      for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
      expect(diff).to.be.below(1e-5);
      await fitFinetune(flat.ft, flat.data);
      const x = await flat.ft.inference.features(flat.data.source, items);
      const z = await flat.ft.inference.logits(flat.data.source, items);
      const [kernel, bias] = flat.ft.head.params().map((p) => p.value);
      expect(same(x, a), 'the features moved with training').to.equal(false);
      for (let r = 0; r < N; r++) {
        let s = bias![0]!;
        for (let j = 0; j < 16; j++) s += x[r * 16 + j]! * kernel![j]!;
        expect(z[r]).to.be.closeTo(s, 1e-5 * Math.max(1, Math.abs(s)));
      }
    } finally {
      await flat.dispose();
      await spatial.dispose();
    }
  });

  it('early stopping on the validation loss restores the best epoch (patience)', async () => {
    const run = await setUp({ epochs: 12, optimizer: { name: 'adamw', lr: 0.05, weightDecay: 0 } });
    try {
      const val = { ...run.data, items: run.data.items.subarray(0, 8), labels: run.data.labels.subarray(0, 8) };
      const r = await fitFinetune(run.ft, run.data, { validation: val, patience: 2 });
      const best = Math.min(...r.history.map((h) => h.valLoss!));
      expect(r.history[r.bestEpoch]!.valLoss).to.equal(best);
      if (r.stopped === 'early') expect(r.history.length).to.equal(r.bestEpoch + 3);
      const { evaluateFinetune } = await import('./finetune-fit.js');
      expect((await evaluateFinetune(run.ft, val)).loss).to.be.closeTo(best, 1e-6);
    } finally {
      await run.dispose();
    }
  });
});
