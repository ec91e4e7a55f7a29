import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { needShared, sharedDir } from '../../../../test/support/shared.js';
import { runCli } from '../run-cli.js';
import { commands } from './index.js';

const shared = sharedDir;

async function kenobi(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough(), stderr = new PassThrough();
  let out = '', err = '';
  stdout.on('data', (d) => { out += String(d); });
  stderr.on('data', (d) => { err += String(d); });
  const code = await runCli(args, commands, { stdout, stderr });
  return { code, out, err };
}

describe('kenobi models', () => {
  const saved = { ...process.env };
  let cache: string;
  beforeEach(function () {
    // every case reads the mirror (../shared/models): pending without it, required in CI
    needShared(this, 'models/mnist-8.onnx', 'models/cifar10-resnet20.onnx');
    cache = mkdtempSync(join(tmpdir(), 'kenobi-cli-models-'));
    Object.assign(process.env, { KENOBI_CACHE: cache, KENOBI_MIRROR: join(shared, 'models'), KENOBI_OFFLINE: '1' });
  });
  afterEach(() => {
    // NOTE: restore the variables in place: replacing `process.env` with a plain object would detach it from the
    // real environment, so worker threads and child processes started by later tests would not see their settings.
    for (const k of ['KENOBI_CACHE', 'KENOBI_MIRROR', 'KENOBI_OFFLINE']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    if (cache) rmSync(cache, { recursive: true, force: true });
  });

  it('list --family filters and shows where each file is', async () => {
    const r = await kenobi(['models', 'list', '--family', 'lenet']);
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/^mnist-8\s+lenet.*mirror$/m).and.match(/^mnist-12\s+lenet.*download$/m);
    expect(r.out).to.not.include('resnet');
  });

  it('path resolves from the mirror; an unknown id suggests the nearest; offline names URL and sha256', async () => {
    const ok = await kenobi(['models', 'path', 'mnist-8']);
    expect(ok.code).to.equal(0);
    expect(ok.out.trim()).to.equal(join(shared, 'models', 'mnist-8.onnx'));
    const bad = await kenobi(['models', 'path', 'mnist-9']);
    expect(bad.code).to.equal(1);
    expect(bad.err).to.include('zoo/unknown-id').and.include("'mnist-8'");
    const off = await kenobi(['models', 'fetch', 'vgg16-12']);
    expect(off.code).to.equal(1);
    expect(off.err).to.include('https://github.com/onnx/models/raw/main/').and.include('zoo/offline');
  });

  it('info shows the entry and what the auto feature layer chose; import registers a user id', async () => {
    const info = await kenobi(['models', 'info', 'mnist-8', '--json']);
    expect(info.code).to.equal(0);
    const j = JSON.parse(info.out) as { entry: { id: string }; autoFeature: { tensor: { name: string } } };
    expect(j.entry.id).to.equal('mnist-8');
    expect(j.autoFeature.tensor.name).to.equal('Pooling160_Output_0_reshape0');
    const imp = await kenobi(['models', 'import', join(shared, 'models', 'cifar10-resnet20.onnx'), '--id', 'my-cifar', '--preset', 'cifar10', '--json']);
    expect(imp.code, imp.err).to.equal(0);
    expect((JSON.parse(imp.out) as { featureTensors: Array<{ name: string }> }).featureTensors[0]!.name).to.equal('207');
    const p = await kenobi(['models', 'path', 'my-cifar']);
    expect(p.out.trim()).to.equal(join(cache, 'blobs', '3cef18222cb4b6c081ed88f8991ac10f0d65afc1dde524b5ab5a0f35c7501f44.onnx'));
    const v = await kenobi(['models', 'verify', 'my-cifar']);
    expect(v.code).to.equal(0);
    expect(v.out).to.match(/^ok\s+my-cifar/);
  });
});
