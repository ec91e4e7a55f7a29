/**
 * Node-only. Joins the stores of `--shard 0/N … N-1/N` into one store equal to an unsharded run. Refuses
 * shards made with a different model, tensor, pooling, preprocessing or dataset, and incomplete or missing
 * shards.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FeaturesError } from '../features-error.js';
import { appendLineDurably, writeFileAtomic } from './atomic-file.node.js';
import { readStoreMeta } from './read-features.node.js';
import { partFile, partRowsFile, STORE_FILES } from './store-layout.js';
import { assertCompatible, type FeatureStoreMeta } from './store-meta.js';
import { readJournal, StoreWriter } from './store-writer.node.js';

/**
 * Merges shard stores into `out` (which must not exist yet). Parts are copied in shard order.
 *
 * @example
 * ```ts
 * const meta = mergeFeatureStores(['f0', 'f1', 'f2'], 'feats'); // meta.rows === unsharded rows
 * ```
 */
export function mergeFeatureStores(dirs: readonly string[], out: string): FeatureStoreMeta {
  if (dirs.length === 0) throw new FeaturesError('features/bad-option', 'nothing to merge');
  const stores = dirs.map((d) => ({ dir: resolve(d), meta: readStoreMeta(d) }));
  for (const s of stores) {
    if (s.meta.status !== 'complete') throw new FeaturesError('features/store-incomplete', `${s.dir} is not complete`, { hint: 'finish it with kenobi extract ... --resume' });
  }
  const first = stores[0]!;
  for (const s of stores.slice(1)) assertCompatible(first.meta, s.meta, { sameShard: false, what: `${first.dir} and ${s.dir}` });
  const count = first.meta.shard.count;
  stores.sort((a, b) => a.meta.shard.index - b.meta.shard.index);
  const indices = stores.map((s) => s.meta.shard.index);
  // NOTE: only the given shards are listed, never `count` of them: a meta.json claiming 10^9 shards made
  // this allocate 10^9 numbers (found by the fuzzer).
  const present = new Set(indices);
  const missing = present.size === stores.length && count === stores.length ? [] : Array.from({ length: Math.min(count, stores.length + 5) }, (_, i) => i).filter((i) => !present.has(i));
  const twice = indices.filter((v, i) => indices.indexOf(v) !== i);
  if (count !== stores.length || missing.length > 0 || twice.length > 0) {
    const more = count > stores.length + 5 ? ` (and ${count - stores.length - 5} more)` : '';
    throw new FeaturesError('features/store-mismatch', `shards of ${count}: ${missing.length > 0 ? `missing ${missing.join(', ')}${more}` : ''}${twice.length > 0 ? ` given twice ${twice.join(', ')}` : ''}`.trim());
  }
  for (const s of stores) {
    // NOTE: a shard whose journal lost a line (or lists a part twice or one beyond meta.parts) would merge
    // without that part's rows, silently; its parts must be exactly 0 … parts − 1.
    const parts = readJournal(s.dir).map((e) => e.part);
    if (parts.length !== s.meta.parts || parts.some((p, i) => p !== i)) {
      throw new FeaturesError('features/store-corrupt', `${join(s.dir, STORE_FILES.journal)} lists parts [${parts.slice(0, 10).join(', ')}${parts.length > 10 ? ', ...' : ''}], meta.json says ${s.meta.parts}`, { hint: 'finish the shard with kenobi extract ... --resume' });
    }
  }
  const root = resolve(out);
  if (existsSync(join(root, STORE_FILES.meta))) throw new FeaturesError('features/store-exists', `${root} already holds a feature store`, { hint: 'merge into a new folder' });
  mkdirSync(root, { recursive: true });
  const dim = stores.find((s) => s.meta.rows > 0)?.meta.dim ?? first.meta.dim;
  let part = 0;
  const journal: { part: number; rows: number; dim: number; failures: unknown[] }[] = [];
  for (const s of stores) {
    for (const e of readJournal(s.dir)) {
      copyFileSync(join(s.dir, partFile(e.part)), join(root, partFile(part)));
      copyFileSync(join(s.dir, partRowsFile(e.part)), join(root, partRowsFile(part)));
      journal.push({ ...e, part, failures: [...e.failures] });
      part++;
    }
  }
  const meta: FeatureStoreMeta = {
    ...first.meta, status: 'running', dim, parts: part,
    shard: { index: 0, count: 1, start: 0, end: first.meta.dataset.items },
    seconds: stores.reduce((a, s) => a + (s.meta.seconds ?? 0), 0),
  };
  writeFileAtomic(join(root, STORE_FILES.meta), JSON.stringify(meta));
  for (const e of journal) appendLineDurably(join(root, STORE_FILES.journal), JSON.stringify(e));
  const writer = new StoreWriter(root, meta, new Map(readJournal(root).map((e) => [e.part, e])));
  return writer.finish();
}

