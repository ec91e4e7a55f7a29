/**
 * Browser: the same resolve API as the Node store, on the Cache API. Files are keyed by sha256, checked with
 * WebCrypto before every first use in a page, fetched from mirror base URLs then the zoo URL, and never used
 * when their bytes are wrong.
 */
import { throttleProgress, type ProgressCallback } from '@kenobi/core';
import { parseLabels } from '../label-text.js';
import { sha256Hex } from '../sha256-web.js';
import type { ZooCatalog } from '../zoo-catalog.js';
import { ChecksumError, CorruptCacheError, HttpError, NotInMirrorError, OfflineError } from '../zoo-errors.js';
import type { ZooEntry, ZooFile } from '../zoo-types.js';

/** The part of the Cache interface this store uses (so tests can pass a fake). */
export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
  delete(request: string): Promise<boolean>;
}

/** The part of CacheStorage (`globalThis.caches`) this store uses. */
export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
}

/**
 * Options of the browser store.
 *
 * @example
 * ```ts
 * const o: BrowserModelStoreOptions = { mirrorBaseUrls: ['/models/'], offline: false };
 * ```
 */
export interface BrowserModelStoreOptions {
  /** Default `globalThis.caches`. */
  readonly caches?: CacheStorageLike;
  /** Default 'kenobi-zoo-v1'. */
  readonly cacheName?: string;
  /** Base URLs tried before the zoo URL, each + file name (e.g. your own server's `/models/`). */
  readonly mirrorBaseUrls?: readonly string[];
  readonly offline?: boolean;
  readonly fetch?: typeof fetch;
  readonly onProgress?: ProgressCallback;
}

const KEY_PREFIX = 'https://kenobi.cache.invalid/sha256/';

/**
 * Resolves zoo files to bytes in a browser.
 *
 * @example
 * ```ts
 * const store = new BrowserModelStore(new ZooCatalog(await (await fetch('/zoo.json')).json()), { mirrorBaseUrls: ['/models/'] });
 * const { bytes, entry } = await store.resolveModelBytes('mobilenetv2-12-int8'); // bytes.length === 3655033
 * ```
 */
export class BrowserModelStore {
  readonly catalog: ZooCatalog;
  readonly #options: BrowserModelStoreOptions;
  readonly #checked = new Set<string>();
  #cache: Promise<CacheLike> | undefined;

  constructor(catalog: ZooCatalog, options: BrowserModelStoreOptions = {}) {
    this.catalog = catalog;
    this.#options = options;
  }

  /** The model's bytes and entry, from the Cache API or the network. */
  async resolveModelBytes(id: string): Promise<{ bytes: Uint8Array; entry: ZooEntry }> {
    const entry = this.catalog.get(id);
    return { bytes: await this.resolveFileBytes(entry.file, entry.id), entry };
  }

  /** The entry's class names (the label file resolved as an asset). */
  async resolveLabels(entry: ZooEntry): Promise<string[]> {
    const set = this.catalog.labelSet(entry);
    if (set.kind === 'inline' || !set.file) return parseLabels('', set);
    return parseLabels(new TextDecoder().decode(await this.resolveFileBytes(set.file, `labels ${entry.labels}`)), set);
  }

  /** A file's bytes: cached (checked once per page), else mirrors, else its URL; stored after the check. */
  async resolveFileBytes(file: ZooFile, what: string = file.name): Promise<Uint8Array> {
    const cache = await this.#open();
    const key = KEY_PREFIX + file.sha256;
    const hit = await cache.match(key);
    if (hit) {
      const bytes = new Uint8Array(await hit.arrayBuffer());
      if (!this.#checked.has(file.sha256)) {
        const actual = await sha256Hex(bytes);
        if (actual !== file.sha256) {
          throw new CorruptCacheError(what, `Cache API '${this.#options.cacheName ?? 'kenobi-zoo-v1'}' entry ${key}`, file.sha256, actual, 'call store.remove(file) or clear the site data, then load again');
        }
        this.#checked.add(file.sha256);
      }
      return bytes;
    }
    const sources = [...(this.#options.mirrorBaseUrls ?? []).map((b) => b.replace(/\/?$/, '/') + file.name), ...(file.url ? [file.url] : [])];
    if (this.#options.offline) throw new OfflineError(what, file, this.#options.mirrorBaseUrls ?? []);
    if (sources.length === 0) throw new NotInMirrorError(what, file, []);
    let lastError: unknown;
    for (const url of sources) {
      try {
        const bytes = await this.#fetchBytes(url, file);
        const actual = await sha256Hex(bytes);
        if (actual !== file.sha256) throw new ChecksumError(what, file.sha256, actual, url);
        await cache.put(key, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/octet-stream' } }));
        this.#checked.add(file.sha256);
        return bytes;
      } catch (e) {
        lastError = e;
      }
    }
    throw lastError;
  }

  /** Deletes a cached file (e.g. after a CorruptCacheError). */
  async remove(file: ZooFile): Promise<boolean> {
    this.#checked.delete(file.sha256);
    return (await this.#open()).delete(KEY_PREFIX + file.sha256);
  }

  async #open(): Promise<CacheLike> {
    const storage = this.#options.caches ?? (globalThis as { caches?: CacheStorageLike }).caches;
    if (!storage) throw new Error('the Cache API is not available here (pass options.caches)');
    this.#cache ??= storage.open(this.#options.cacheName ?? 'kenobi-zoo-v1');
    return this.#cache;
  }

  async #fetchBytes(url: string, file: ZooFile): Promise<Uint8Array> {
    const response = await (this.#options.fetch ?? globalThis.fetch)(url);
    if (!response.ok || !response.body) throw new HttpError(url, response.status, response.statusText, 1);
    const progress = throttleProgress(this.#options.onProgress, 100);
    const out = new Uint8Array(file.size);
    let done = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done: end, value } = await reader.read();
      if (end) break;
      if (done + value.byteLength > file.size) throw new ChecksumError(file.name, file.sha256, `(more than ${file.size} bytes)`, url);
      out.set(value, done);
      done += value.byteLength;
      progress({ phase: 'download', done, total: file.size, unit: 'bytes', detail: file.name });
    }
    if (done !== file.size) throw new ChecksumError(file.name, file.sha256, `(${done} bytes, expected ${file.size})`, url);
    return out;
  }
}
