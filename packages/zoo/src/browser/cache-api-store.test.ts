import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { BrowserModelStore, type CacheLike, type CacheStorageLike } from './cache-api-store.js';
import { fakeZoo } from '../test-support/fake-manifest.js';

class FakeCache implements CacheLike {
  readonly store = new Map<string, Uint8Array>();
  async match(key: string) { const b = this.store.get(key); return b ? new Response(b.slice() as Uint8Array<ArrayBuffer>) : undefined; }
  async put(key: string, r: Response) { this.store.set(key, new Uint8Array(await r.arrayBuffer())); }
  async delete(key: string) { return this.store.delete(key); }
}

function setup(serve: (url: string) => Uint8Array | number) {
  const { bytes, catalog, entry } = fakeZoo('https://zoo.example/test-model.onnx', 50_000);
  const cache = new FakeCache();
  const caches: CacheStorageLike = { open: async () => cache };
  const calls: string[] = [];
  const fakeFetch = (async (url: string | URL | Request) => {
    calls.push(String(url));
    const r = serve(String(url));
    return typeof r === 'number' ? new Response(null, { status: r }) : new Response(r as Uint8Array<ArrayBuffer>);
  }) as typeof fetch;
  return { bytes, catalog, entry, cache, caches, calls, fakeFetch };
}

describe('BrowserModelStore (Cache API, with a fake Cache object)', () => {
  it('tries mirrors then the URL, checks sha256, stores, and serves later calls from the cache', async () => {
    const s = setup((url) => (url.startsWith('/models/') ? 404 : fakeZoo('', 50_000).bytes));
    const store = new BrowserModelStore(s.catalog, { caches: s.caches, fetch: s.fakeFetch, mirrorBaseUrls: ['/models'] });
    const events: number[] = [];
    const withProgress = new BrowserModelStore(s.catalog, { caches: s.caches, fetch: s.fakeFetch, mirrorBaseUrls: ['/models'], onProgress: (e) => events.push(e.done) });
    const { bytes } = await withProgress.resolveModelBytes('test-model');
    expect(createHash('sha256').update(bytes).digest('hex')).to.equal(s.entry.file.sha256);
    expect(s.calls).to.deep.equal(['/models/test-model.onnx', 'https://zoo.example/test-model.onnx']);
    expect(events.at(-1)).to.equal(50_000);
    await store.resolveModelBytes('test-model');
    expect(s.calls).to.have.length(2);
  });

  it('wrong bytes: checksum error, nothing stored', async () => {
    const s = setup(() => new Uint8Array(50_000));
    const store = new BrowserModelStore(s.catalog, { caches: s.caches, fetch: s.fakeFetch });
    let err: unknown;
    try { await store.resolveModelBytes('test-model'); } catch (e) { err = e; }
    expect(isKenobiError(err, 'zoo/checksum')).to.equal(true);
    expect(s.cache.store.size).to.equal(0);
  });

  it('a corrupt cached entry is detected and never used; remove() clears it', async () => {
    const s = setup(() => fakeZoo('', 50_000).bytes);
    const store = new BrowserModelStore(s.catalog, { caches: s.caches, fetch: s.fakeFetch });
    await store.resolveModelBytes('test-model');
    const key = [...s.cache.store.keys()][0]!;
    s.cache.store.get(key)![7] ^= 0xff;
    const fresh = new BrowserModelStore(s.catalog, { caches: s.caches, fetch: s.fakeFetch });
    let err: unknown;
    try { await fresh.resolveModelBytes('test-model'); } catch (e) { err = e; }
    expect(isKenobiError(err, 'zoo/corrupt-cache')).to.equal(true);
    expect(await fresh.remove(s.entry.file)).to.equal(true);
    expect((await fresh.resolveModelBytes('test-model')).bytes.length).to.equal(50_000);
  });

  it('offline: never fetches, names URL and sha256', async () => {
    const s = setup(() => 500);
    const store = new BrowserModelStore(s.catalog, { caches: s.caches, fetch: s.fakeFetch, offline: true });
    let err: unknown;
    try { await store.resolveModelBytes('test-model'); } catch (e) { err = e; }
    expect(isKenobiError(err, 'zoo/offline')).to.equal(true);
    expect((err as Error).message).to.include('https://zoo.example/test-model.onnx').and.include(s.entry.file.sha256);
    expect(s.calls).to.deep.equal([]);
  });
});
