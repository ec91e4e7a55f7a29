/**
 * The catalog: the zoo manifest plus the user's registered models, looked up by id, family, file name or
 * sha256. Pure: the Node entry reads the JSON files, the browser fetches them.
 */
import { nearestNames } from '@kenobi/core';
import { UnknownModelError } from './zoo-errors.js';
import type { LabelSet, ModelFamily, ZooEntry, ZooManifest } from './zoo-types.js';

/**
 * Lookups over a parsed `models/zoo.json` and extra (user) entries; user entries shadow none of the zoo's.
 *
 * @example
 * ```ts
 * const catalog = new ZooCatalog(manifest);
 * catalog.get('mnist-8').input.name;            // 'Input3'
 * catalog.list({ family: 'resnet' }).length;    // 23
 * catalog.get('resnet50');                      // throws UnknownModelError: did you mean 'resnet50-v1-7', …
 * ```
 */
export class ZooCatalog {
  readonly manifest: ZooManifest;
  readonly entries: readonly ZooEntry[];
  readonly #byId: ReadonlyMap<string, ZooEntry>;

  constructor(manifest: ZooManifest, userEntries: readonly ZooEntry[] = []) {
    this.manifest = manifest;
    const byId = new Map<string, ZooEntry>();
    for (const e of [...manifest.models, ...userEntries]) {
      if (!byId.has(e.id)) byId.set(e.id, e);
    }
    this.#byId = byId;
    this.entries = [...byId.values()];
  }

  /** True when `id` names a model. */
  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** The entry for `id`; throws UnknownModelError with the nearest ids. */
  get(id: string): ZooEntry {
    const e = this.#byId.get(id);
    if (!e) throw new UnknownModelError(id, nearestNames(id, [...this.#byId.keys()], { count: 3, onlyClose: true }));
    return e;
  }

  /** Entries, optionally of one family, in manifest order. */
  list(filter: { family?: ModelFamily | string } = {}): ZooEntry[] {
    return this.entries.filter((e) => filter.family === undefined || e.family === filter.family);
  }

  /** The entry whose file has this sha256, if any. */
  bySha256(sha256: string): ZooEntry | undefined {
    const s = sha256.toLowerCase();
    return this.entries.find((e) => e.file.sha256 === s);
  }

  /** The label set an entry points at; throws when the manifest lacks it. */
  labelSet(entry: ZooEntry): LabelSet {
    const set = this.manifest.labelSets[entry.labels];
    if (!set) throw new UnknownModelError(`labels:${entry.labels}`, Object.keys(this.manifest.labelSets));
    return set;
  }
}
