import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKenobiError } from '@kenobi/core';
import { readRunCheckpoint, writeRunCheckpoint, type RunState } from './run-checkpoint.js';

describe('image-training/run-checkpoint', () => {
  it('the run checkpoint round-trips its state and blobs, and refuses other files with cli/bad-checkpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kenobi-run-ckpt-'));
    const state: RunState = { fingerprint: 'sha256:x', stage: 2, outcomes: [], folds: [{ test: [1, 2], scores: [0.25, 0.5], metrics: { auc: 1 } }], early: { bestLoss: 0.5, bestEpoch: 1, wait: 0, stopped: false, val: [{ loss: 0.6 }, { loss: 0.5 }] }, stageSeconds: 12.5, bestFold: 0 };
    const trainer = Uint8Array.of(1, 2, 3, 4, 5), bestEpoch = Float32Array.of(1.5, -2), bestFold = Float32Array.of(3);
    writeRunCheckpoint(join(dir, 'run.ckpt'), state, { trainer, bestEpoch, bestFold });
    const back = readRunCheckpoint(join(dir, 'run.ckpt'));
    expect(back.state).to.deep.equal(state);
    expect(Array.from(back.blobs.trainer)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(Array.from(back.blobs.bestEpoch!)).to.deep.equal([1.5, -2]);
    expect(Array.from(back.blobs.bestFold!)).to.deep.equal([3]);
    writeFileSync(join(dir, 'other.ckpt'), 'not a checkpoint at all');
    expect(() => readRunCheckpoint(join(dir, 'other.ckpt'))).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'cli/bad-checkpoint'));
    expect(() => readRunCheckpoint(join(dir, 'missing.ckpt'))).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'learn/bad-file'));
  });
});
