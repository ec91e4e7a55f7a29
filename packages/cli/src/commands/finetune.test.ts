import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { linearHead, loadFinetuned } from '@kenobi/learn';
import { saveHeadFile } from '@kenobi/learn/node';
import { encodeModel } from '@kenobi/onnx';
import { smallResnet } from '../../../learn/src/finetune/test-support/small-resnet.js';
import { writeFinetuneCatalog } from '../test-support/finetune-catalog.js';
import { cli } from '../test-support/run-cli-capture.js';

const repoRoot = resolve(import.meta.dirname, '../../../..');

describe('kenobi finetune', function () {
  this.timeout(180_000);
  let dir: string;
  let model: string;
  let catalog: string;
  const common = (): string[] => ['--model', model, '--preset', 'unit', '--input-size', '16,16', '--data', catalog, '--id-col', 'objid', '--path-col', 'file', '--label-col', 'klass',
    '--epochs', '2', '--batch', '8', '--lr', '1e-2', '--workers', '1', '--threads', '1'];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-cli-finetune-'));
    model = join(dir, 'small.onnx');
    writeFileSync(model, encodeModel(smallResnet()));
    catalog = writeFinetuneCatalog(join(dir, 'data'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--unfreeze 1 --augment dihedral: says the cache mode and size, writes the .kenobi and one ONNX file that kenobi predict runs', async () => {
    const out = join(dir, 'tuned.kenobi'), onnx = join(dir, 'tuned.onnx');
    const r = await cli('finetune', ...common(), '--unfreeze', '1', '--augment', 'dihedral', '--out', out, '--export', onnx);
    expect(r.code, r.err).to.equal(0);
    expect(r.err).to.match(/--unfreeze 1 of 3 resnet blocks \(layer2\.0\), frozen trunk up to 'block1_out'/);
    expect(r.err).to.match(/frozen trunk cache: 40 images × 8 variants × \[8, 16, 16\] float32 = 2\.5 MiB in memory \(dihedral augmentation/);
    expect(r.err, 'in memory the variants are computed as epochs draw them').to.match(/; filled as training draws the variants: one trunk pass per image in epoch 1/);
    expect(r.err).to.match(/final \(all rows\) epoch 2\/2 {2}loss \d\.\d{4} {2}acc \d\.\d{3} {2}val_loss \d\.\d{4} {2}val_accuracy \d\.\d{4} {2}val_auc \d\.\d{4} {2}lr 1\.00e-2 {2}[\d.]+ img\/s/);
    const file = loadFinetuned(new Uint8Array(readFileSync(out)));
    expect(file.backbone).to.include({ cut: 'block1_out', feature: 'pooled', sha256: createHash('sha256').update(readFileSync(model)).digest('hex') });
    expect(file.metadata['classes']).to.deep.equal(['plain', 'red']);
    expect(existsSync(`${out}.ckpt`), 'the checkpoint is removed once done').to.equal(false);
    const p = await cli('predict', '--model', onnx, '--data', join(dir, 'data', 'img', '1.png'), '--workers', '1', '--json');
    expect(p.code, p.err).to.equal(0);
    expect(p.out).to.match(/"red"/);
  });

  it('random augmentation runs in recompute mode and says why; --kfold reports each fold', async () => {
    const r = await cli('finetune', ...common(), '--unfreeze', '2', '--augment', 'rotate:30', '--kfold', '2', '--epochs', '1', '--out', join(dir, 'rot.kenobi'), '--json');
    expect(r.code, r.err).to.equal(0);
    const summary = JSON.parse(r.out) as { trunk: string; folds: Record<string, number>[] };
    expect(summary.trunk).to.equal('recompute');
    expect(summary.folds).to.have.length(2);
    expect(summary.folds[0]).to.have.keys('accuracy', 'loss', 'auc', 'tpr0', 'tpr10');
  });

  it('SIGTERM (a Slurm time limit; Ctrl-C the same) finishes the step, writes the checkpoint and exits 130; --resume ends bit-identical to an uninterrupted run', async () => {
    const args = [...common(), '--unfreeze', '2', '--augment', 'dihedral', '--epochs', '60', '--head', 'mlp', '--hidden', '8'];
    const straight = join(dir, 'straight.kenobi'), stopped = join(dir, 'stopped.kenobi');
    expect((await cli('finetune', ...args, '--out', straight)).code).to.equal(0);
    const child = spawn(process.execPath, ['--conditions=@kenobi/source', '--import', 'tsx', join(repoRoot, 'packages/cli/src/main.ts'), 'finetune', ...args, '--out', stopped], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += String(d);
      if (/epoch 2\/60 /.test(err) && !child.killed) child.kill('SIGTERM');
    });
    const code = await new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    expect(code, err).to.equal(130);
    expect(err).to.match(/stopped in final \(all rows\); checkpoint written to .*stopped\.kenobi\.ckpt/);
    expect(existsSync(`${stopped}.ckpt`)).to.equal(true);
    const again = await cli('finetune', ...args, '--out', stopped, '--resume');
    expect(again.code, again.err).to.equal(0);
    expect(again.err).to.match(/resumed from .*stopped\.kenobi\.ckpt at epoch \d+, batch \d+/);
    const [a, b] = [loadFinetuned(new Uint8Array(readFileSync(straight))), loadFinetuned(new Uint8Array(readFileSync(stopped)))];
    for (const [name, t] of a.tensors) expect(Buffer.from(t.buffer).equals(Buffer.from(b.tensors.get(name)!.buffer)), name).to.equal(true);
    for (const [i, p] of a.head.params().entries()) expect(Array.from(p.value)).to.deep.equal(Array.from(b.head.params()[i]!.value));
  });

  it('--unfreeze all with --cache: nothing is frozen, so no trunk cache is made and the run says --cache is not used', async () => {
    const cache = join(dir, 'unused-cache'), out = join(dir, 'all.kenobi');
    const r = await cli('finetune', ...common(), '--unfreeze', 'all', '--cache', cache, '--augment', 'dihedral', '--epochs', '1', '--out', out);
    expect(r.code, r.err).to.equal(0);
    expect(r.err).to.match(/--unfreeze all \(3\) of 3 resnet blocks \(conv1 … layer2\.0\)/);
    expect(r.err).to.match(/nothing is frozen \(every block unfrozen\).*; --cache .*unused-cache is not used: there is no frozen trunk to cache/);
    expect(existsSync(cache), 'no cache folder').to.equal(false);
    const file = loadFinetuned(new Uint8Array(readFileSync(out)));
    expect(file.backbone.cut).to.equal('input_kenobi_identity');
    expect(r.out).to.match(/fine-tuned from its input \(every block\)/);
    expect(file.metadata['trunk']).to.have.property('mode', 'recompute');
    const bad = await cli('finetune', ...common(), '--unfreeze', 'most', '--out', join(dir, 'x.kenobi'));
    expect(bad.code).to.equal(2);
    expect(bad.err).to.match(/--unfreeze must be a number of blocks \(0 = the head only\) or 'all', got 'most'/);
  });

  it('refuses --unfreeze beyond the blocks, a head of another backbone, a cache of another preprocessing', async () => {
    const tooMany = await cli('finetune', ...common(), '--unfreeze', '9', '--out', join(dir, 'x.kenobi'));
    expect(tooMany.code).to.equal(1);
    expect(tooMany.err).to.match(/learn\/finetune-unfreeze: unfreeze must be a whole number from 0 to 3: this resnet backbone has 3 blocks/);
    const head = join(dir, 'other-head.kenobi');
    saveHeadFile(head, linearHead({ inputs: 16, classes: 2 }), { features: { model: { id: 'other', sha256: 'f'.repeat(64) }, tensor: 'pooled' } });
    const wrongHead = await cli('finetune', ...common(), '--unfreeze', '1', '--head', head, '--out', join(dir, 'x.kenobi'));
    expect(wrongHead.code).to.equal(1);
    expect(wrongHead.err).to.match(/learn\/finetune-head-mismatch: the head .* was trained on other \(ffffffffffff…\)/);
    const ownHead = join(dir, 'own-head.kenobi');
    saveHeadFile(ownHead, linearHead({ inputs: 16, classes: 2 }), { features: { model: { id: 'small', sha256: createHash('sha256').update(readFileSync(model)).digest('hex') }, tensor: 'pooled' } });
    expect((await cli('finetune', ...common(), '--unfreeze', '1', '--head', ownHead, '--epochs', '1', '--out', join(dir, 'own.kenobi'))).code, 'a head of this backbone and tensor is taken').to.equal(0);
    // a fine-tuned model is a whole network, not a head on features: said as such, not as a damaged head file
    const tunedAsHead = await cli('finetune', ...common(), '--unfreeze', '1', '--head', join(dir, 'own.kenobi'), '--out', join(dir, 'x.kenobi'));
    expect(tunedAsHead.code).to.equal(2);
    expect(tunedAsHead.err).to.match(/--head takes a head trained on features \(kenobi train --features\); .*own\.kenobi is a fine-tuned model \(kenobi finetune\)/);
    const cache = join(dir, 'cache');
    expect((await cli('finetune', ...common(), '--unfreeze', '1', '--cache', cache, '--epochs', '1', '--out', join(dir, 'c.kenobi'))).code).to.equal(0);
    const mixed = await cli('finetune', ...common(), '--preset', 'imagenet', '--unfreeze', '1', '--cache', cache, '--out', join(dir, 'x.kenobi'));
    expect(mixed.code).to.equal(1);
    expect(mixed.err).to.match(/learn\/finetune-cache-mismatch: the trunk cache .* was made with another preprocessing .*config\.mean/);
    const both = await cli('finetune', ...common(), '--unfreeze', '1', '--cut-tensor', 'stem', '--out', join(dir, 'x.kenobi'));
    expect(both.code).to.equal(2);
  });
});
