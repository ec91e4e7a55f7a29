/**
 * Node-only. Where the cache lives (KENOBI_CACHE, else $XDG_CACHE_HOME/kenobi, else ~/.cache/kenobi) and how
 * it is laid out: content-addressed by sha256.
 *
 *   <cache>/blobs/<sha256><ext>       finished, verified files (written atomically: partial → fsync → rename)
 *   <cache>/partial/<sha256>.part     an interrupted download, resumed with HTTP Range
 *   <cache>/locks/<sha256>.lock       held while one process downloads that file
 *   <cache>/verified/<sha256>.json    stamps (size, mtime, inode) of files whose sha256 was checked
 *   <cache>/extracted/<sha256>/       safely extracted .tar.gz archives
 *   <cache>/user-models.json          the user registry (`kenobi models import`)
 *   <cache>/auto-features.json        what the auto feature layer chose per model sha256
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { envVar } from '@kenobi/core';

/**
 * The cache directory from the environment.
 *
 * @example
 * ```ts
 * defaultCacheDir(); // '/home/me/.cache/kenobi' (or $KENOBI_CACHE)
 * ```
 */
export function defaultCacheDir(): string {
  const explicit = envVar('KENOBI_CACHE');
  if (explicit) return resolve(explicit);
  const xdg = envVar('XDG_CACHE_HOME');
  return resolve(xdg ?? join(homedir(), '.cache'), 'kenobi');
}

/**
 * The file extension a cached blob keeps (so tools that look at extensions still work).
 *
 * @example
 * ```ts
 * blobExtension('mnist-8.onnx');        // '.onnx'
 * blobExtension('mnist-8.tar.gz');      // '.tar.gz'
 * blobExtension('labels/synset.txt');   // '.txt'
 * ```
 */
export function blobExtension(name: string): string {
  const base = name.split('/').pop() ?? name;
  if (base.endsWith('.tar.gz')) return '.tar.gz';
  const m = /\.[A-Za-z0-9]{1,8}$/.exec(base);
  return m ? m[0] : '';
}

/**
 * Paths inside one cache directory.
 *
 * @example
 * ```ts
 * const layout = new CacheLayout('/tmp/kc');
 * layout.blob('2f06…', 'mnist-8.onnx'); // '/tmp/kc/blobs/2f06….onnx'
 * ```
 */
export class CacheLayout {
  readonly root: string;
  constructor(root: string = defaultCacheDir()) {
    this.root = resolve(root);
  }
  blob(sha256: string, name: string): string { return join(this.root, 'blobs', `${sha256}${blobExtension(name)}`); }
  partial(sha256: string): string { return join(this.root, 'partial', `${sha256}.part`); }
  lock(sha256: string): string { return join(this.root, 'locks', `${sha256}.lock`); }
  stamp(sha256: string): string { return join(this.root, 'verified', `${sha256}.json`); }
  extracted(sha256: string): string { return join(this.root, 'extracted', sha256); }
  get userRegistry(): string { return join(this.root, 'user-models.json'); }
  get autoFeatures(): string { return join(this.root, 'auto-features.json'); }
  get blobsDir(): string { return join(this.root, 'blobs'); }
}
