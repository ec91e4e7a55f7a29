/**
 * Node-only. One feature-store fuzz case: a seed store written to a temporary folder with one file damaged
 * (a corrupt meta.json, a part of the wrong dtype or shape, a cut part, a rows file or journal lines that
 * lie, a file gone), then opened every way Kenobi opens a store: readStoreMeta, readFeatures, streamFeatures,
 * readJournal, mergeFeatureStores (and a read of the merge) and a resume that redoes missing parts and
 * finishes (and a read after it). Each stage ends in a result or a typed error; and a table read back must
 * never hold wrong rows: it must equal the seed's table, unless the damage only changed values that no
 * check can see (feature bytes, an id or label text, a byte-order flag). Shared by the fuzz test and
 * `scripts/fuzz/store.ts`. Not shipped.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKenobiError, SeededRandom, writeNpy } from '@kenobi/core';
import { mutateBytes } from '../../../core/src/fuzz/byte-mutations.js';
import { attempt, attemptAsync, caseSeed, type StageOutcome } from '../../../core/src/fuzz/fuzz-tally.js';
import { mutateJson } from '../../../core/src/fuzz/json-mutations.js';
import { mutateNpy } from '../../../core/src/fuzz/npy-fuzz-case.js';
import { mergeFeatureStores } from '../store/merge-stores.node.js';
import { readFeatures, readStoreMeta, streamFeatures, type FeatureTable } from '../store/read-features.node.js';
import { readJournal, openStoreWriter } from '../store/store-writer.node.js';
import type { StoreSeed } from './store-fuzz-seeds.node.js';

/** One case: the seed, the damaged files, and whether the damage may change values unseen. */
export interface StoreFuzzInput {
  readonly id: string;
  readonly seed: StoreSeed;
  readonly files: ReadonlyMap<string, Uint8Array | null>;
  /** True when the damage can change feature values, ids or labels in a way no check can detect. */
  readonly valuesMayChange: boolean;
}

const JOURNAL_LIES = ['null', '"x"', '{"part":99,"rows":1,"dim":1,"failures":[]}', '{"part":-1,"rows":0,"dim":0,"failures":[]}', '{"part":0,"rows":999,"dim":77,"failures":[]}', '{"part":"0","rows":1,"dim":1,"failures":[]}', '{"part":1,"rows":1,"dim":1,"failures":"x"}', '{"part":0.5}', '[1,2]', '{"part":0,"rows":1,"dim'];

/**
 * The damaged store of case `index` of a run seeded `seed` (the same every time).
 *
 * @example
 * ```ts
 * storeFuzzInput(storeSeeds(), 1, 4).id; // 'seed 1 case 4 (empty-part, part-00001.npy: shape (-1,))'
 * ```
 */
export function storeFuzzInput(seeds: readonly StoreSeed[], seed: number, index: number): StoreFuzzInput {
  const rng = new SeededRandom(caseSeed(seed, index));
  const s = seeds[rng.int(seeds.length)]!;
  const files = new Map<string, Uint8Array | null>(s.files);
  const names = [...s.files.keys()].filter((f) => f === 'meta.json' || f === 'journal.jsonl' || f.startsWith('part-'));
  const file = names[rng.int(names.length)]!;
  const bytes = s.files.get(file)!;
  const text = new TextDecoder().decode(bytes);
  let how: string;
  let valuesMayChange = false;
  const pickOp = rng.int(10);
  if (pickOp === 0) {
    files.set(file, null);
    how = 'deleted';
  } else if (pickOp === 1) {
    const m = mutateBytes(bytes, rng);
    files.set(file, m.bytes);
    how = `bytes:${m.mutation}`;
    valuesMayChange = file.endsWith('.npy') || file.endsWith('.rows.json');
  } else if (file.endsWith('.npy')) {
    const rows = s.parts[Number(/part-(\d+)/.exec(file)![1])]!.rows.ids.length;
    const dim = s.runMeta.parts > 0 ? s.X.length / Math.max(1, s.ids.length) : 0;
    const choice = rng.int(4);
    if (choice === 0) {
      const wrong = [writeNpy(new Float64Array(rows * dim), [rows, dim]), writeNpy(new Int32Array(rows * dim), [rows, dim]), writeNpy(new Float32Array(rows * dim), [rows * dim]), writeNpy(new Float32Array(rows * dim), [rows, dim, 1]), writeNpy(new Float32Array(rows * (dim + 1)), [rows, dim + 1]), writeNpy(new Float32Array((rows + 1) * dim), [rows + 1, dim])];
      files.set(file, wrong[rng.int(wrong.length)]!);
      how = 'wrong dtype or shape';
    } else if (choice === 1) {
      files.set(file, bytes.subarray(0, rng.int(bytes.length)));
      how = 'cut';
    } else {
      const m = mutateNpy(bytes, rng);
      files.set(file, m.bytes);
      how = m.how;
      valuesMayChange = /^(descr|fortran_order|bytes:)/.test(m.how);
    }
  } else if (file === 'journal.jsonl') {
    const lines = text.split('\n').filter((l) => l !== '');
    const choice = rng.int(3);
    if (choice === 0 && lines.length > 0) lines.splice(rng.int(lines.length), 1);
    else if (choice === 1 && lines.length > 0) lines.splice(rng.int(lines.length), 0, lines[rng.int(lines.length)]!);
    else lines.splice(rng.int(lines.length + 1), 0, JOURNAL_LIES[rng.int(JOURNAL_LIES.length)]!);
    files.set(file, new TextEncoder().encode(`${lines.join('\n')}\n`));
    how = ['line dropped', 'line repeated', 'lying line'][choice]!;
  } else {
    const m = mutateJson(JSON.parse(text), rng);
    files.set(file, new TextEncoder().encode(m.value === undefined ? '' : JSON.stringify(m.value)));
    how = `json:${m.mutation}`;
    valuesMayChange = file.endsWith('.rows.json') && /replace-value at (ids|labels|targets)\.\d+/.test(m.mutation);
  }
  return { id: `seed ${seed} case ${index} (${s.name}, ${file}: ${how})`, seed: s, files, valuesMayChange };
}

const typed = (e: unknown): boolean => isKenobiError(e, 'features/');

/**
 * Writes the case to a temporary folder, opens it every way, removes it.
 *
 * @example
 * ```ts
 * (await runStorePipeline(storeFuzzInput(seeds, 1, 4))).filter((s) => s.outcome === 'untyped'); // []
 * ```
 */
export async function runStorePipeline(input: StoreFuzzInput): Promise<StageOutcome[]> {
  const root = mkdtempSync(join(tmpdir(), 'kenobi-store-fuzz-'));
  const dir = join(root, 'store');
  const stages: StageOutcome[] = [];
  try {
    mkdirSync(dir);
    for (const [name, bytes] of input.files) if (bytes) writeFileSync(join(dir, name), bytes);
    attempt('meta', () => readStoreMeta(dir), typed, stages);
    await attemptAsync('read', async () => checkTable(await readFeatures(dir), input), typed, stages);
    await attemptAsync('stream', async () => {
      let rows = 0;
      for await (const part of streamFeatures(dir)) {
        if (part.X.length !== part.rows * part.dim || part.ids.length !== part.rows || part.start !== rows) throw new Error(`wrong rows: part ${part.part} is inconsistent`);
        rows += part.rows;
      }
    }, typed, stages);
    attempt('journal', () => readJournal(dir), typed, stages);
    const merged = join(root, 'merged');
    const ok = attempt('merge', () => mergeFeatureStores([dir], merged), typed, stages);
    if (ok) await attemptAsync('read-merged', async () => checkTable(await readFeatures(merged), input), typed, stages);
    const resumed = await attemptAsync('resume', async () => {
      const w = openStoreWriter(dir, input.seed.runMeta, { resume: true });
      input.seed.parts.forEach((p, k) => {
        if (!w.done.has(k)) w.writePart(k, p.X, p.X.length / Math.max(1, p.rows.ids.length), p.rows, []);
      });
      return w.finish({ seconds: 1 });
    }, typed, stages);
    if (resumed) await attemptAsync('read-resumed', async () => checkTable(await readFeatures(dir), input), typed, stages);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return stages;
}

/** Throws (untyped: a finding) when a table read back holds rows other than the seed's. */
function checkTable(t: FeatureTable, input: StoreFuzzInput): FeatureTable {
  const s = input.seed;
  const same = <T>(a: ArrayLike<T>, b: ArrayLike<T>): boolean => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]) || v === b[i]);
  const whole = t.X.length === t.rows * t.dim && t.ids.length === t.rows && t.labels.length === t.rows && t.targets.length === t.rows * t.meta.dataset.targetNames.length;
  if (!whole) throw new Error(`wrong rows: ${t.rows} rows of ${t.dim} with ${t.X.length} values, ${t.ids.length} ids, ${t.labels.length} labels`);
  if (t.rows !== s.ids.length || t.dim * s.ids.length !== s.X.length) throw new Error(`wrong rows: ${t.rows} rows of ${t.dim}, the store holds ${s.ids.length} rows`);
  if (!input.valuesMayChange && !(same(t.X, s.X) && same(t.ids, s.ids) && same(t.labels, s.labels) && same(t.targets, Float32Array.from(s.targets)))) {
    throw new Error('wrong rows: the table read back differs from the store written');
  }
  return t;
}
