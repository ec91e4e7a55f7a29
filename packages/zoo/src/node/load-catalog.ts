/**
 * Node-only. Reads `models/zoo.json` (shipped at the repository root) and the user registry into a catalog.
 */
import { readFileSync } from 'node:fs';
import { envVar } from '@kenobi/core';
import { ZooCatalog } from '../zoo-catalog.js';
import type { ZooManifest } from '../zoo-types.js';
import { CacheLayout } from './cache-layout.js';
import { readUserRegistry } from './user-registry.js';

/**
 * Path of the zoo manifest: KENOBI_ZOO_MANIFEST, else `models/zoo.json` of this repository.
 *
 * @example
 * ```ts
 * zooManifestPath(); // '/work/main/models/zoo.json'
 * ```
 */
export function zooManifestPath(): string {
  return envVar('KENOBI_ZOO_MANIFEST') ?? new URL('../../../../models/zoo.json', import.meta.url).pathname;
}

/**
 * Parses the zoo manifest file.
 *
 * @example
 * ```ts
 * readZooManifest().models.length; // 100
 * ```
 */
export function readZooManifest(path: string = zooManifestPath()): ZooManifest {
  return JSON.parse(readFileSync(path, 'utf8')) as ZooManifest;
}

/**
 * The catalog of zoo models plus the user's imported ones (from the registry beside the cache).
 *
 * @example
 * ```ts
 * const catalog = loadCatalog();
 * catalog.get('resnet50-v2-7').file.size; // 102442452
 * ```
 */
export function loadCatalog(options: { cacheDir?: string; manifestPath?: string } = {}): ZooCatalog {
  const manifest = readZooManifest(options.manifestPath);
  return new ZooCatalog(manifest, readUserRegistry(new CacheLayout(options.cacheDir).userRegistry));
}
