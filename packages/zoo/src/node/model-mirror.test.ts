import { mkdtempSync, rmSync, writeFileSync, copyFileSync, mkdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { loadCatalog } from './load-catalog.js';
import { ModelStore } from './model-store.js';
import { needShared, sharedPath } from '../test-support/shared-models.js';

const MIRRORED = ['mnist-8', 'mobilenetv2-12-int8', 'shufflenet-v2-12-int8', 'densenet121-keras', 'cifar10-resnet20', 'mobilenetv2-12-int8-dequantized-fp32', 'shufflenet-v2-12-int8-dequantized-fp32', 'cnn-mnist-pytorch'];

describe('ModelStore with KENOBI_MIRROR=../shared/models KENOBI_OFFLINE=1', () => {
  let cacheDir: string;
  beforeEach(() => { cacheDir = mkdtempSync(join(tmpdir(), 'kenobi-zoo-mirror-')); });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('resolves the zoo-identical files and the offline-only entries from the mirror', async function () {
    this.timeout(60_000);
    needShared(this, 'models/SHA256SUMS');
    const store = new ModelStore(loadCatalog({ cacheDir }), { cacheDir, mirrors: [sharedPath('models')], offline: true });
    for (const id of MIRRORED) {
      const r = await store.resolveModel(id);
      expect(r.from, id).to.equal('mirror');
      expect(r.path, id).to.equal(sharedPath('models', r.entry!.file.name));
    }
    // the environment variables do the same
    const saved = { m: process.env.KENOBI_MIRROR, o: process.env.KENOBI_OFFLINE };
    process.env.KENOBI_MIRROR = `/nonexistent:${sharedPath('models')}`;
    process.env.KENOBI_OFFLINE = '1';
    try {
      const envStore = new ModelStore(loadCatalog({ cacheDir }), { cacheDir });
      expect(envStore.offline).to.equal(true);
      expect((await envStore.resolveModel('mnist-8')).from).to.equal('mirror');
    } finally {
      if (saved.m === undefined) delete process.env.KENOBI_MIRROR; else process.env.KENOBI_MIRROR = saved.m;
      if (saved.o === undefined) delete process.env.KENOBI_OFFLINE; else process.env.KENOBI_OFFLINE = saved.o;
    }
  });

  it('resolves ImageNet and CIFAR-10 labels as assets', async function () {
    needShared(this, 'models/labels/imagenet_synset.txt');
    const store = new ModelStore(loadCatalog({ cacheDir }), { cacheDir, mirrors: [sharedPath('models')], offline: true });
    const imagenet = await store.resolveLabels(store.catalog.get('mobilenetv2-12-int8'));
    expect(imagenet).to.have.length(1000);
    expect(imagenet[285]).to.equal('Egyptian cat');
    const cifar = await store.resolveLabels(store.catalog.get('cifar10-resnet20'));
    expect(cifar[7]).to.equal('horse');
    expect(await store.resolveLabels(store.catalog.get('mnist-8'))).to.deep.equal(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('a local path resolves to itself and is recognised by sha256', async function () {
    const p = needShared(this, 'models/mnist-8.onnx');
    const store = new ModelStore(loadCatalog({ cacheDir }), { cacheDir, mirrors: [], offline: true });
    const r = await store.resolveModel(p);
    expect(r).to.deep.include({ path: p, from: 'path' });
    expect(r.entry?.id).to.equal('mnist-8');
  });

  it('offline with no mirror: the error names the URL and sha256; offline-only names the mirror', async () => {
    const store = new ModelStore(loadCatalog({ cacheDir }), { cacheDir, mirrors: [], offline: true });
    const e = store.catalog.get('resnet50-v2-7');
    let err: unknown;
    try { await store.resolveModel('resnet50-v2-7'); } catch (x) { err = x; }
    expect(isKenobiError(err, 'zoo/offline')).to.equal(true);
    expect((err as Error).message).to.include(e.file.url!).and.include(e.file.sha256).and.include('KENOBI_MIRROR');
    try { await store.resolveModel('densenet121-keras'); } catch (x) { err = x; }
    expect(isKenobiError(err, 'zoo/not-in-mirror')).to.equal(true);
    expect((err as Error).message).to.include('5505596d5d661cbe');
  });

  it('an unknown id suggests the nearest ids', async () => {
    const store = new ModelStore(loadCatalog({ cacheDir }), { cacheDir, mirrors: [], offline: true });
    let err: unknown;
    try { await store.resolveModel('resnet50-v2'); } catch (x) { err = x; }
    expect(isKenobiError(err, 'zoo/unknown-id')).to.equal(true);
    expect((err as Error).message).to.include("'resnet50-v2-7'");
  });

  it('a corrupt cached file is detected, never used, and the user is told how to clear it; verify finds it', async function () {
    const src = needShared(this, 'models/mnist-8.onnx');
    const store = new ModelStore(loadCatalog({ cacheDir }), { cacheDir, mirrors: [sharedPath('models')], offline: true });
    const entry = store.catalog.get('mnist-8');
    const blob = store.layout.blob(entry.file.sha256, entry.file.name);
    mkdirSync(join(cacheDir, 'blobs'), { recursive: true });
    copyFileSync(src, blob);
    expect((await store.resolveModel('mnist-8')).from).to.equal('cache');
    const bytes = Buffer.from(await import('node:fs').then((fs) => fs.readFileSync(blob)));
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(blob, bytes);
    utimesSync(blob, new Date(), new Date(Date.now() + 5000));
    let err: unknown;
    try { await store.resolveModel('mnist-8'); } catch (x) { err = x; }
    expect(isKenobiError(err, 'zoo/corrupt-cache'), String(err)).to.equal(true);
    expect((err as Error).message).to.include(blob).and.include('rm ').and.include('kenobi models verify --remove-corrupt');
    const report = await store.verify(['mnist-8']);
    expect(report[0]).to.deep.include({ id: 'mnist-8', status: 'corrupt', from: 'cache' });
    const removed = await store.verify(['mnist-8'], { removeCorrupt: true });
    expect(removed[0]!.status).to.equal('removed');
    expect((await store.resolveModel('mnist-8')).from).to.equal('mirror');
  });
});
