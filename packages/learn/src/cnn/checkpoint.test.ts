import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKenobiError } from '@kenobi/core';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { relu } from '../layers/relu.js';
import { readCheckpointFile, writeCheckpointFile } from './checkpoint-file.node.js';
import { decodeCheckpoint } from './checkpoint-format.js';
import { noiseImages, weightBytes } from '../test-support/image-sets.js';
import { conv2d } from './conv2d.js';
import { flatten } from './flatten.js';
import { imageModel } from './image-model.js';
import { ImageTrainer } from './image-trainer.js';
import { maxPooling2d } from './pooling2d.js';
import type { ImageTrainerOptions } from './trainer-options.js';

const data = noiseImages(30, [10, 10, 2], 8);
const options: ImageTrainerOptions = { loss: 'binaryCrossEntropy', batchSize: 8, seed: 21, threads: 1, optimizer: { name: 'adam', lr: 3e-3 } };
const model = (): ReturnType<typeof imageModel> => imageModel([
  conv2d(4, 3, { padding: 'same' }), batchNormalization(), relu(), maxPooling2d(), dropout(0.25), flatten(), dense(6), relu(), dense(1),
], { inputShape: [10, 10, 2], seed: 4 });

async function straight(epochs: number): Promise<{ bytes: string; losses: number[] }> {
  const m = model();
  const trainer = await ImageTrainer.create(m, options);
  try {
    const r = await trainer.fit(data, { epochs });
    return { bytes: weightBytes(m), losses: r.history.map((h) => h.loss) };
  } finally {
    await trainer.dispose();
  }
}

describe('cnn/checkpoint: resume continues bit-identically', () => {
  it('2 epochs straight = 1 epoch, checkpoint, resume in a new trainer, 1 more epoch (weights, BN statistics, Adam moments, losses)', async () => {
    const want = await straight(2);
    const first = await ImageTrainer.create(model(), options);
    let bytes: Uint8Array;
    try {
      await first.fit(data, { epochs: 1 });
      bytes = first.checkpoint();
    } finally {
      await first.dispose();
    }
    expect(decodeCheckpoint(bytes).position).to.deep.include({ epoch: 1, batch: 0 });
    const second = await ImageTrainer.resume(bytes);
    try {
      const r = await second.fit(data, { epochs: 2 });
      expect(weightBytes(second.model)).to.equal(want.bytes);
      expect(r.history.map((h) => h.loss)).to.deep.equal(want.losses);
    } finally {
      await second.dispose();
    }
  });

  it('stops mid-epoch on abort, offers a checkpoint, and the resumed run ends where the uninterrupted one does', async () => {
    const want = await straight(2);
    const controller = new AbortController();
    const offered: Uint8Array[] = [];
    const first = await ImageTrainer.create(model(), options);
    try {
      const r = await first.fit(data, {
        epochs: 2,
        onProgress: (e) => { if (e.kind === 'batch' && e.epoch === 1 && e.batch === 1) controller.abort(); },
        onCheckpoint: (b) => { offered.push(b); },
        signal: controller.signal,
      });
      expect(r.stopped).to.equal('aborted');
      expect(r.position).to.deep.include({ epoch: 1, batch: 2, seen: 16 });
    } finally {
      await first.dispose();
    }
    expect(offered).to.have.length(2); // after epoch 1, then on abort
    const second = await ImageTrainer.resume(offered[1]!);
    try {
      const r = await second.fit(data, { epochs: 2 });
      expect(r.stopped).to.equal('done');
      expect(weightBytes(second.model)).to.equal(want.bytes);
      expect(r.history.map((h) => h.loss)).to.deep.equal(want.losses);
    } finally {
      await second.dispose();
    }
  });

  it('writes checkpoint files atomically and reads them back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kenobi-ckpt-'));
    try {
      const trainer = await ImageTrainer.create(model(), options);
      try {
        await trainer.fit(data, { epochs: 1, onCheckpoint: (b) => writeCheckpointFile(join(dir, 'run.ckpt'), b) });
        expect(readdirSync(dir)).to.deep.equal(['run.ckpt']);
        const back = readCheckpointFile(join(dir, 'run.ckpt'));
        expect(Buffer.from(back).equals(Buffer.from(trainer.checkpoint()))).to.equal(true);
      } finally {
        await trainer.dispose();
      }
      expect(() => readCheckpointFile(join(dir, 'missing.ckpt'))).to.throw(/cannot read the checkpoint/).that.satisfies((e: unknown) => isKenobiError(e, 'learn/bad-file'));
      expect(existsSync(join(dir, 'missing.ckpt'))).to.equal(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bytes that are not a checkpoint, truncated ones and another architecture with learn/bad-file', async () => {
    const trainer = await ImageTrainer.create(model(), options);
    try {
      const bytes = trainer.checkpoint();
      const bad = (b: Uint8Array, pattern: RegExp): void => {
        expect(() => decodeCheckpoint(b)).to.throw(pattern).that.satisfies((e: unknown) => isKenobiError(e, 'learn/bad-file'));
      };
      bad(new Uint8Array(40), /missing the KNBC magic/);
      bad(bytes.subarray(0, bytes.length - 4), /runs past the end/);
      const other = await ImageTrainer.create(imageModel([flatten(), dense(2), relu(), dense(1)], { inputShape: [10, 10, 2] }), options);
      try {
        expect(() => other.restore(bytes)).to.throw(/tensor dense\/kernel is 600 values, the architecture needs 400/).that.satisfies((e: unknown) => isKenobiError(e, 'learn/bad-file'));
      } finally {
        await other.dispose();
      }
    } finally {
      await trainer.dispose();
    }
  });
});
