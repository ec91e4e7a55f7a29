/**
 * Node-only. Resolves pinned files in the order cache → mirror → download, and models by id, path or URL.
 * Every file is checked against its sha256 before first use; a corrupt cached file is an error, never used
 * and never silently replaced.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { envVar, KenobiError, type ProgressCallback } from '@kenobi/core';
import { parseLabels } from '../label-text.js';
import type { ZooCatalog } from '../zoo-catalog.js';
import { ChecksumError, CorruptCacheError, NotInMirrorError, OfflineError } from '../zoo-errors.js';
import type { ZooEntry, ZooFile } from '../zoo-types.js';
import { CacheLayout } from './cache-layout.js';
import { fileSha256 } from './file-sha256.js';
import { acquireLock } from './file-lock.js';
import { downloadToPartial } from './http-download.js';
import { findInMirrors, mirrorDirsFromEnv } from './mirror-lookup.js';
import { extractTarGzSafely } from './safe-tar.js';
import { checkFile, writeStamp } from './verified-stamps.js';

/**
 * Where files come from and how downloads behave. Unset fields come from the environment: KENOBI_CACHE,
 * KENOBI_MIRROR, KENOBI_OFFLINE=1, KENOBI_DOWNLOAD_TIMEOUT_MS.
 *
 * @example
 * ```ts
 * const o: ModelStoreOptions = { cacheDir: '/tmp/kc', mirrors: ['/shared/models'], offline: true };
 * ```
 */
export interface ModelStoreOptions {
  readonly cacheDir?: string;
  readonly mirrors?: readonly string[];
  readonly offline?: boolean;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly retryDelayMs?: number;
  readonly onProgress?: ProgressCallback;
  readonly fetch?: typeof fetch;
}

/** Where a resolved file was found. */
export const RESOLVED_FROM = Object.freeze(['cache', 'mirror', 'download', 'path'] as const);
export type ResolvedFrom = (typeof RESOLVED_FROM)[number];

/**
 * A resolved model: a local path, its zoo entry (undefined for a file the zoo does not know), and where it
 * came from.
 *
 * @example
 * ```ts
 * const { path, entry } = await store.resolveModel('mnist-8'); // path ends in .onnx; entry.input.name === 'Input3'
 * ```
 */
export interface ResolvedModel {
  readonly path: string;
  readonly entry: ZooEntry | undefined;
  readonly from: ResolvedFrom;
}

/**
 * Resolves zoo files for one cache directory and a catalog.
 *
 * @example
 * ```ts
 * const store = new ModelStore(await loadCatalog(), { mirrors: ['/shared/models'], offline: true });
 * const { path } = await store.resolveModel('mobilenetv2-12-int8');
 * const labels = await store.resolveLabels(store.catalog.get('mobilenetv2-12-int8')); // 1000 names
 * ```
 */
export class ModelStore {
  readonly catalog: ZooCatalog;
  readonly layout: CacheLayout;
  readonly mirrors: readonly string[];
  readonly offline: boolean;
  readonly #options: ModelStoreOptions;

  constructor(catalog: ZooCatalog, options: ModelStoreOptions = {}) {
    this.catalog = catalog;
    this.layout = new CacheLayout(options.cacheDir);
    this.mirrors = options.mirrors ? options.mirrors.map((m) => resolve(m)) : mirrorDirsFromEnv();
    this.offline = options.offline ?? envVar('KENOBI_OFFLINE') === '1';
    const envTimeout = Number(envVar('KENOBI_DOWNLOAD_TIMEOUT_MS'));
    this.#options = { ...options, timeoutMs: options.timeoutMs ?? (envTimeout > 0 ? envTimeout : undefined) };
  }

  /** The cached path of a file if it is in the cache (unchecked). */
  cachedPath(file: ZooFile): string | undefined {
    const p = this.layout.blob(file.sha256, file.name);
    return existsSync(p) ? p : undefined;
  }

  /**
   * A local, sha256-checked path for `file`: cache, then mirrors, then download (unless offline).
   * `what` names it in errors (a model id).
   */
  async resolveFile(file: ZooFile, what: string = file.name, onProgress?: ProgressCallback): Promise<{ path: string; from: ResolvedFrom }> {
    const cached = await this.#fromCache(file, what);
    if (cached) return { path: cached, from: 'cache' };
    let badMirror: { path: string; actual: string } | undefined;
    for (const candidate of findInMirrors(file, this.mirrors)) {
      const check = await checkFile(candidate, file.sha256, this.layout.stamp(file.sha256));
      if (check.ok) return { path: candidate, from: 'mirror' };
      badMirror ??= { path: candidate, actual: check.actual ?? '?' };
    }
    if (badMirror && (this.offline || !file.url)) throw new ChecksumError(what, file.sha256, badMirror.actual, `mirror file ${badMirror.path}`);
    if (!file.url) throw new NotInMirrorError(what, file, this.mirrors);
    if (this.offline) throw new OfflineError(what, file, this.mirrors);
    return this.#download(file, what, onProgress ?? this.#options.onProgress);
  }

  /**
   * A model by zoo id, local path or zoo URL. A local path is returned as is; its entry is found by sha256
   * when its size matches a zoo file.
   */
  async resolveModel(ref: string, onProgress?: ProgressCallback): Promise<ResolvedModel> {
    if (/^https?:\/\//i.test(ref)) {
      const entry = this.catalog.entries.find((e) => e.file.url === ref || (e.file.path && ref.endsWith(`/${e.file.path}`)));
      if (!entry) {
        throw new KenobiError('zoo/unpinned-url', `${ref} is not a zoo URL, so there is no sha256 to check it against`, {
          hint: 'download it yourself and pass the path, or register it with kenobi models import <file> --id <name>',
        });
      }
      return { ...(await this.resolveFile(entry.file, entry.id, onProgress)), entry };
    }
    if (!this.catalog.has(ref) && looksLikePath(ref)) {
      const path = resolve(ref);
      if (!existsSync(path)) throw new KenobiError('zoo/no-such-file', `${ref}: no such file and no model with that id`, { hint: 'kenobi models list shows the ids' });
      return { path, entry: await this.#entryOfLocalFile(path), from: 'path' };
    }
    const entry = this.catalog.get(ref);
    return { ...(await this.resolveFile(entry.file, entry.id, onProgress)), entry };
  }

  /** The class names of an entry's label set (the label file resolved as an asset). */
  async resolveLabels(entry: ZooEntry): Promise<string[]> {
    const set = this.catalog.labelSet(entry);
    if (set.kind === 'inline' || !set.file) return parseLabels('', set);
    const { path } = await this.resolveFile(set.file, `labels ${entry.labels}`);
    return parseLabels(await readFile(path, 'utf8'), set);
  }

  /** The entry's zoo `.tar.gz` (model + sample test data), fetched and safely extracted; returns the folder. */
  async resolveArchive(entry: ZooEntry, onProgress?: ProgressCallback): Promise<{ dir: string; files: string[] }> {
    if (!entry.archive) throw new KenobiError('zoo/no-archive', `${entry.id} has no .tar.gz archive in the zoo`);
    const dir = this.layout.extracted(entry.archive.sha256);
    const { path } = await this.resolveFile(entry.archive, `${entry.id} archive`, onProgress);
    if (existsSync(dir)) return { dir, files: [] };
    const release = await acquireLock(`${this.layout.lock(entry.archive.sha256)}.extract`);
    try {
      if (existsSync(dir)) return { dir, files: [] };
      return { dir, files: await extractTarGzSafely(path, dir) };
    } finally {
      await release();
    }
  }

  /**
   * Re-hashes cached (and mirrored) files of the given entries (default: every entry with a cached file).
   * `removeCorrupt` deletes cached files whose bytes are wrong.
   */
  async verify(ids?: readonly string[], options: { removeCorrupt?: boolean } = {}): Promise<VerifyResult[]> {
    const entries = ids && ids.length > 0 ? ids.map((id) => this.catalog.get(id)) : this.catalog.entries;
    const results: VerifyResult[] = [];
    for (const entry of entries) {
      const cached = this.cachedPath(entry.file);
      const candidates = cached ? [{ path: cached, from: 'cache' as const }] : findInMirrors(entry.file, this.mirrors).map((p) => ({ path: p, from: 'mirror' as const }));
      if (candidates.length === 0) {
        if (ids && ids.length > 0) results.push({ id: entry.id, status: 'missing', path: undefined, from: undefined });
        continue;
      }
      const { path, from } = candidates[0]!;
      const check = await checkFile(path, entry.file.sha256, this.layout.stamp(entry.file.sha256), true);
      let status: VerifyResult['status'] = check.ok ? 'ok' : 'corrupt';
      if (!check.ok && from === 'cache' && options.removeCorrupt) { await rm(path, { force: true }); status = 'removed'; }
      results.push({ id: entry.id, status, path, from, ...(check.ok ? {} : { actual: check.actual }) });
    }
    return results;
  }

  async #fromCache(file: ZooFile, what: string): Promise<string | undefined> {
    const path = this.cachedPath(file);
    if (!path) return undefined;
    const check = await checkFile(path, file.sha256, this.layout.stamp(file.sha256));
    if (!check.ok) throw new CorruptCacheError(what, path, file.sha256, check.actual ?? '?');
    return path;
  }

  async #download(file: ZooFile & { url?: string }, what: string, onProgress: ProgressCallback | undefined): Promise<{ path: string; from: ResolvedFrom }> {
    const release = await acquireLock(this.layout.lock(file.sha256));
    try {
      const done = await this.#fromCache(file, what); // another process may have finished meanwhile
      if (done) return { path: done, from: 'cache' };
      const partial = this.layout.partial(file.sha256);
      await downloadToPartial({ name: file.name, url: file.url!, sha256: file.sha256, size: file.size }, partial, {
        ...(this.#options.timeoutMs !== undefined ? { timeoutMs: this.#options.timeoutMs } : {}),
        ...(this.#options.retries !== undefined ? { retries: this.#options.retries } : {}),
        ...(this.#options.retryDelayMs !== undefined ? { retryDelayMs: this.#options.retryDelayMs } : {}),
        ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
      const target = this.layout.blob(file.sha256, file.name);
      await mkdir(dirname(target), { recursive: true });
      await rename(partial, target);
      await syncDir(dirname(target));
      await writeStamp(target, this.layout.stamp(file.sha256));
      return { path: target, from: 'download' };
    } finally {
      await release();
    }
  }

  async #entryOfLocalFile(path: string): Promise<ZooEntry | undefined> {
    const size = statSync(path).size;
    const sameSize = this.catalog.entries.filter((e) => e.file.size === size);
    if (sameSize.length === 0) return undefined;
    const sha = await fileSha256(path);
    return sameSize.find((e) => e.file.sha256 === sha);
  }
}

/**
 * One line of `kenobi models verify`.
 *
 * @example
 * ```ts
 * const r: VerifyResult = { id: 'mnist-8', status: 'ok', path: '/cache/blobs/2f06….onnx', from: 'cache' };
 * ```
 */
export interface VerifyResult {
  readonly id: string;
  readonly status: 'ok' | 'corrupt' | 'removed' | 'missing';
  readonly path: string | undefined;
  readonly from: 'cache' | 'mirror' | undefined;
  readonly actual?: string | undefined;
}

function looksLikePath(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || /\.(onnx|ort|pb)$/i.test(ref) || existsSync(ref) || basename(ref) !== ref;
}

async function syncDir(dir: string): Promise<void> {
  // NOTE: fsync on the folder makes the rename durable across a crash; some filesystems refuse it.
  try {
    const h = await open(dir, 'r');
    try { await h.sync(); } finally { await h.close(); }
  } catch { /* not supported here */ }
}
