/**
 * `kenobi slurm predict` on a real one-node Slurm (pending without one; required in CI): a prediction array
 * and its merge give the CSV of a local `kenobi predict --csv`, failed images included.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { encodeModel } from '@kenobi/onnx';
import { needCapability } from '../../../../../test/support/shared.js';
import { cli } from '../../test-support/run-cli-capture.js';
import { cancelJobsUnder, KENOBI_FROM_SOURCE, NO_SLURM, slurmUp, writeCutouts } from '../../test-support/slurm-fixture.js';
import { tinyExport } from '../../test-support/tiny-export.js';

describe('kenobi slurm predict (a real one-node Slurm)', function () {
  this.timeout(240000);
  let dir: string;

  before(function () {
    needCapability(this, slurmUp(), NO_SLURM);
    dir = mkdtempSync(join(tmpdir(), 'kenobi-slurm-predict-'));
  });
  after(() => {
    if (!dir) return;
    cancelJobsUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a 2-shard prediction array gives the same CSV as a local predict (failed images in their rows)', async () => {
    const model = join(dir, 'tiny.onnx');
    writeFileSync(model, encodeModel(tinyExport({ mcDropout: false })));
    // NOTE: one unreadable image in each shard: shard 1 has the error column from its own rows, shard 0 only from the merge.
    const catalog = writeCutouts(join(dir, 'data'), 14, { broken: (i) => i === 9 });
    const local = await cli('predict', '--model', model, '--data', catalog, '--device', 'cpu', '--workers', '1', '--threads', '1', '--csv');
    expect(local.code, local.err).to.equal(0);
    expect(local.out.split('\n')[0]).to.match(/,error$/);
    const out = join(dir, 'predictions.csv');
    const r = await cli('slurm', 'predict', '--model', model, '--data', catalog, '--out', out, '--shards', '2', '--kenobi', KENOBI_FROM_SOURCE, '--submit', '--wait', '--poll', '0.5');
    expect(r.code, r.err).to.equal(0);
    const merged = readFileSync(out, 'utf8');
    expect(merged.split('\n')).to.have.length(16);
    expect(merged).to.equal(local.out);
  });
});
