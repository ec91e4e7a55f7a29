import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { isKenobiError, type ProgressEvent } from '@kenobi/core';
import { ModelStore } from './model-store.js';
import { fakeZoo } from '../test-support/fake-manifest.js';
import { startFileServer, type FileServer } from '../test-support/file-server.js';
import { repoRoot } from '../test-support/shared-models.js';

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('ModelStore download from a local HTTP server', () => {
  let cacheDir: string;
  let server: FileServer | undefined;
  beforeEach(() => { cacheDir = mkdtempSync(join(tmpdir(), 'kenobi-zoo-dl-')); });
  afterEach(async () => { await server?.close(); server = undefined; rmSync(cacheDir, { recursive: true, force: true }); });

  async function setup(mode: Parameters<typeof startFileServer>[1], options: { retries?: number; timeoutMs?: number } = {}) {
    const probe = fakeZoo('http://placeholder/');
    server = await startFileServer(probe.bytes, mode);
    const { catalog, entry } = fakeZoo(server.url);
    const store = new ModelStore(catalog, { cacheDir, mirrors: [], offline: false, retryDelayMs: 10, retries: options.retries ?? 0, timeoutMs: options.timeoutMs ?? 5000 });
    return { store, entry };
  }

  it('downloads, reports progress, stores content-addressed and checks sha256', async () => {
    const { store, entry } = await setup('ok');
    const events: ProgressEvent[] = [];
    const r = await store.resolveModel('test-model', (e) => events.push(e));
    expect(r.from).to.equal('download');
    expect(r.path).to.equal(join(cacheDir, 'blobs', `${entry.file.sha256}.onnx`));
    expect(sha(r.path)).to.equal(entry.file.sha256);
    expect(events.length).to.be.greaterThan(0);
    expect(events.at(-1)).to.deep.include({ phase: 'download', done: entry.file.size, total: entry.file.size, unit: 'bytes' });
    const again = await store.resolveModel('test-model');
    expect(again.from).to.equal('cache');
    expect(server!.requests.length).to.equal(1);
  });

  it('a connection dropped halfway leaves nothing in the cache; the next call resumes with Range and completes', async () => {
    const { store, entry } = await setup('drop-halfway-once', { retries: 0 });
    let err: unknown;
    try { await store.resolveModel('test-model'); } catch (e) { err = e; }
    expect(isKenobiError(err, 'zoo/interrupted'), String(err)).to.equal(true);
    expect(existsSync(join(cacheDir, 'blobs')) ? readdirSync(join(cacheDir, 'blobs')) : []).to.deep.equal([]);
    const partial = store.layout.partial(entry.file.sha256);
    expect(existsSync(partial)).to.equal(true);
    const r = await store.resolveModel('test-model');
    expect(sha(r.path)).to.equal(entry.file.sha256);
    expect(server!.requests.map((q) => q.range)).to.have.length(2);
    expect(server!.requests[1]!.range).to.match(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(server!.requests[1]!.range!)![0])).to.be.greaterThan(0);
    expect(existsSync(partial)).to.equal(false);
  });

  it('with retries, a dropped connection resumes within the same call', async () => {
    const { store, entry } = await setup('drop-halfway-once', { retries: 2 });
    const r = await store.resolveModel('test-model');
    expect(sha(r.path)).to.equal(entry.file.sha256);
    expect(server!.requests[1]!.range).to.match(/^bytes=\d+-$/);
  });

  it('wrong bytes give a checksum error and nothing cached', async () => {
    const { store, entry } = await setup('wrong-bytes');
    let err: unknown;
    try { await store.resolveModel('test-model'); } catch (e) { err = e; }
    expect(isKenobiError(err, 'zoo/checksum'), String(err)).to.equal(true);
    expect((err as Error).message).to.include(entry.file.sha256).and.include('nothing was cached');
    expect(existsSync(store.layout.blob(entry.file.sha256, 'x.onnx'))).to.equal(false);
    expect(existsSync(store.layout.partial(entry.file.sha256))).to.equal(false);
  });

  it('a stalled server hits the timeout with a clear message', async () => {
    const { store, entry } = await setup('stall', { timeoutMs: 300, retries: 1 });
    const t0 = Date.now();
    let err: unknown;
    try { await store.resolveModel('test-model'); } catch (e) { err = e; }
    expect(isKenobiError(err, 'zoo/timeout'), String(err)).to.equal(true);
    expect((err as Error).message).to.match(/timed out: no data for 300 ms/).and.include(server!.url);
    expect(Date.now() - t0).to.be.below(5000);
    expect(existsSync(store.layout.blob(entry.file.sha256, 'x.onnx'))).to.equal(false);
  });

  it('HTTP 404 is a clear, non-retried error', async () => {
    const { store } = await setup('not-found', { retries: 3 });
    let err: unknown;
    try { await store.resolveModel('test-model'); } catch (e) { err = e; }
    expect(isKenobiError(err, 'zoo/http')).to.equal(true);
    expect((err as Error).message).to.include('HTTP 404');
    expect(server!.requests.length).to.equal(1);
  });

  it('offline never touches the network and names the URL, sha256 and the mirror', async () => {
    const { entry } = await setup('ok');
    const store = new ModelStore(fakeZoo(server!.url).catalog, { cacheDir, mirrors: [], offline: true });
    let err: unknown;
    try { await store.resolveModel('test-model'); } catch (e) { err = e; }
    expect(isKenobiError(err, 'zoo/offline')).to.equal(true);
    expect((err as Error).message).to.include(server!.url).and.include(entry.file.sha256).and.include('KENOBI_MIRROR');
    expect(server!.requests.length).to.equal(0);
  });

  it('two processes fetching the same id at once end with one good file', async function () {
    this.timeout(60_000);
    await setup('trickle');
    const { entry } = fakeZoo(server!.url);
    const child = resolve(repoRoot, 'packages/zoo/src/test-support/fetch-child.ts');
    const run = () => promisify(execFile)(process.execPath, ['--conditions=@kenobi/source', '--import', 'tsx', child, server!.url, cacheDir], { cwd: repoRoot });
    const [a, b] = await Promise.all([run(), run()]);
    const pa = JSON.parse(a.stdout) as { path: string; from: string };
    const pb = JSON.parse(b.stdout) as { path: string; from: string };
    expect(pa.path).to.equal(pb.path);
    expect(sha(pa.path)).to.equal(entry.file.sha256);
    expect(readdirSync(join(cacheDir, 'blobs'))).to.deep.equal([`${entry.file.sha256}.onnx`]);
    expect(readdirSync(join(cacheDir, 'partial'))).to.deep.equal([]);
    expect(readdirSync(join(cacheDir, 'locks'))).to.deep.equal([]);
    expect([pa.from, pb.from].sort()).to.deep.equal(['cache', 'download']);
    expect(server!.requests.length).to.equal(1);
  });
});
