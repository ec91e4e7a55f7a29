/**
 * Node-only. Writes a feature store part by part, crash-safely: each part is written atomically, then a
 * journal line records it. A resumed run reads the journal and skips the parts it lists, so a `kill -9` at
 * any moment loses at most the part being written and never duplicates a row.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeNpy } from '@kenobi/core';
import { FeaturesError } from '../features-error.js';
import type { ItemFailure } from '../pipeline/item-failure.js';
import { appendFileSync } from 'node:fs';
import { appendLineDurably, writeFileAtomic } from './atomic-file.node.js';
import { checkPartRows, readMetaFile } from './store-files.node.js';
import { partFile, partRowsFile, STORE_FILES, type PartRows } from './store-layout.js';
import { assertCompatible, type FeatureStoreMeta } from './store-meta.js';

/** A finished part, as the journal records it. @example `{ part: 0, rows: 512, dim: 1024, failures: [] }` */
export interface JournalEntry {
  readonly part: number;
  readonly rows: number;
  readonly dim: number;
  readonly failures: readonly ItemFailure[];
}

/** How to treat an existing store. @example `{ resume: true }` */
export interface OpenStoreOptions {
  /** Continue a store made with the same settings (refused if they differ). */
  readonly resume?: boolean;
  /** Delete whatever is there and start again. */
  readonly overwrite?: boolean;
}

/**
 * The journal entries whose files exist (a torn last line is ignored).
 *
 * @example
 * ```ts
 * readJournal('feats').map((e) => e.part); // [0, 1, 2]
 * ```
 */
export function readJournal(dir: string): JournalEntry[] {
  const path = join(dir, STORE_FILES.journal);
  if (!existsSync(path)) return [];
  const out = new Map<number, JournalEntry>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let e: JournalEntry;
    try {
      e = JSON.parse(line) as JournalEntry;
    } catch {
      continue; // NOTE: a line torn by a kill; its part is redone.
    }
    // NOTE: a line that parses but is no entry (null, a string part, failures not a list) is treated like a
    // torn one: its part is redone. It used to throw TypeErrors in resume and merge (found by the fuzzer).
    if (!isJournalEntry(e)) continue;
    if (existsSync(join(dir, partFile(e.part))) && existsSync(join(dir, partRowsFile(e.part)))) out.set(e.part, e);
  }
  return [...out.values()].sort((a, b) => a.part - b.part);
}

function isJournalEntry(e: unknown): e is JournalEntry {
  const r = e as Record<string, unknown> | null;
  const count = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  return typeof r === 'object' && r !== null && count(r.part) && count(r.rows) && count(r.dim) && Array.isArray(r.failures);
}

/**
 * A store being written.
 *
 * @example
 * ```ts
 * const w = openStoreWriter('feats', meta, { resume: true });
 * if (!w.done.has(3)) w.writePart(3, x, 1024, rows, []);
 * w.finish({ seconds: 12.5 });
 * ```
 */
export class StoreWriter {
  readonly dir: string;
  /** Parts already finished (from the journal, on resume). */
  readonly done: Map<number, JournalEntry>;
  #meta: FeatureStoreMeta;

  constructor(dir: string, meta: FeatureStoreMeta, done: Map<number, JournalEntry>) {
    this.dir = dir;
    this.#meta = meta;
    this.done = done;
  }

  /** The meta as it stands. */
  get meta(): FeatureStoreMeta {
    return this.#meta;
  }

  /** Writes one part (features `[rows, dim]` and its rows file) atomically, then journals it. */
  writePart(part: number, features: Float32Array, dim: number, rows: PartRows, failures: readonly ItemFailure[]): void {
    const n = rows.ids.length;
    if (features.length !== n * dim) throw new FeaturesError('features/store-corrupt', `part ${part}: ${features.length} values for ${n} rows of ${dim}`);
    writeFileAtomic(join(this.dir, partFile(part)), writeNpy(features, [n, dim]));
    writeFileAtomic(join(this.dir, partRowsFile(part)), JSON.stringify(rows));
    if (n > 0 && this.#meta.dim !== dim) {
      this.#meta = { ...this.#meta, dim };
      writeFileAtomic(join(this.dir, STORE_FILES.meta), `${JSON.stringify(this.#meta, null, 1)}\n`);
    }
    const entry: JournalEntry = { part, rows: n, dim, failures };
    appendLineDurably(join(this.dir, STORE_FILES.journal), JSON.stringify(entry));
    this.done.set(part, entry);
  }

  /** Writes the whole-store files (ids, labels, targets, failures) and marks the meta complete. */
  finish(patch: Partial<Pick<FeatureStoreMeta, 'seconds' | 'device' | 'batchSize'>> = {}): FeatureStoreMeta {
    const ids: string[] = [];
    const labels: number[] = [];
    const targets: number[] = [];
    const failures: ItemFailure[] = [];
    let dim = this.#meta.dim;
    for (let p = 0; p < this.#meta.parts; p++) {
      const e = this.done.get(p);
      if (!e) throw new FeaturesError('features/store-incomplete', `part ${p} of ${this.#meta.parts} is missing in ${this.dir}`);
      const path = join(this.dir, partRowsFile(p));
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(path, 'utf8'));
      } catch (cause) {
        throw new FeaturesError('features/store-corrupt', `${path} cannot be read as JSON (${(cause as Error).message})`, { cause });
      }
      const r = checkPartRows(value, path, this.#meta);
      // NOTE: loops, not push(...list): spreading a part of 150,000 rows overflows the call stack.
      for (const id of r.ids) ids.push(id);
      for (const l of r.labels) labels.push(l);
      for (const row of r.targets) for (const v of row) targets.push(v);
      for (const f of e.failures) failures.push(f);
      if (e.rows > 0) dim = e.dim;
    }
    const t = this.#meta.dataset.targetNames.length;
    writeFileAtomic(join(this.dir, STORE_FILES.ids), JSON.stringify(ids));
    writeFileAtomic(join(this.dir, STORE_FILES.labels), writeNpy(Int32Array.from(labels), [labels.length]));
    if (t > 0) writeFileAtomic(join(this.dir, STORE_FILES.targets), writeNpy(Float32Array.from(targets), [ids.length, t]));
    writeFileAtomic(join(this.dir, STORE_FILES.failures), `${JSON.stringify(failures, null, 1)}\n`);
    this.#meta = { ...this.#meta, ...patch, status: 'complete', dim, rows: ids.length, failures, completedAt: new Date().toISOString() };
    writeFileAtomic(join(this.dir, STORE_FILES.meta), `${JSON.stringify(this.#meta, null, 1)}\n`);
    return this.#meta;
  }
}

/**
 * Opens `dir` for writing `meta`'s run: a new store, or (with `resume`) the same run continued. An existing
 * store without `resume`/`overwrite` is refused, as is a resume with different settings.
 *
 * @example
 * ```ts
 * const w = openStoreWriter('feats', meta, { resume: true }); w.done.size; // parts already there
 * ```
 */
export function openStoreWriter(dir: string, meta: FeatureStoreMeta, options: OpenStoreOptions = {}): StoreWriter {
  const root = resolve(dir);
  const metaPath = join(root, STORE_FILES.meta);
  if (existsSync(metaPath)) {
    if (options.overwrite) rmSync(root, { recursive: true, force: true });
    else if (!options.resume) {
      throw new FeaturesError('features/store-exists', `${root} already holds a feature store`, { hint: 'pass --resume to continue it, --overwrite to replace it, or choose another --out' });
    } else {
      const old = readMetaFile(root);
      assertCompatible(old, meta, { sameShard: true, what: `the store in ${root} and this run` });
      const done = new Map(readJournal(root).map((e) => [e.part, e]));
      return new StoreWriter(root, { ...meta, createdAt: old.createdAt, dim: old.dim }, done);
    }
  }
  mkdirSync(root, { recursive: true });
  writeFileAtomic(metaPath, `${JSON.stringify(meta, null, 1)}\n`);
  appendFileSync(join(root, STORE_FILES.journal), '');
  return new StoreWriter(root, meta, new Map());
}
