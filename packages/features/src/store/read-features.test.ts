import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKenobiError, readNpy, writeNpy } from '@kenobi/core';
import { storeSeeds, type StoreSeed } from '../fuzz/store-fuzz-seeds.node.js';
import { mergeFeatureStores } from './merge-stores.node.js';
import { readFeatures, readStoreMeta, streamFeatures } from './read-features.node.js';
import { assertCompatible, FEATURE_STORE_FORMAT, type FeatureStoreMeta } from './store-meta.js';
import { openStoreWriter, readJournal } from './store-writer.node.js';

const seeds = storeSeeds();
const seed = seeds.find((s) => s.name === 'labels-3parts')!; // 10 rows of 4 in parts of 4, 4, 2; classes a, b
const dirs: string[] = [];

function writeStore(s: StoreSeed, edit: (files: Map<string, Uint8Array | string>) => void = () => {}): string {
  const root = mkdtempSync(join(tmpdir(), 'kenobi-store-test-'));
  dirs.push(root);
  const files = new Map<string, Uint8Array | string>(s.files);
  edit(files);
  for (const [name, bytes] of files) writeFileSync(join(root, name), bytes);
  return root;
}

const json = (files: Map<string, Uint8Array | string>, name: string): Record<string, any> => JSON.parse(new TextDecoder().decode(files.get(name) as Uint8Array));

async function expectCorrupt(fn: () => Promise<unknown> | unknown, code: string, mention: string): Promise<void> {
  try {
    await fn();
  } catch (e) {
    expect(isKenobiError(e, code), String(e)).to.equal(true);
    expect((e as Error).message).to.contain(mention);
    return;
  }
  expect.fail(`expected ${code}`);
}

describe('feature stores that are corrupt (regressions from the fuzzer)', () => {
  after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('reads the untouched seed store back exactly', async () => {
    const t = await readFeatures(writeStore(seed));
    expect(Array.from(t.X)).to.deep.equal(Array.from(seed.X));
    expect(t.ids).to.deep.equal(seed.ids);
    expect(Array.from(t.labels)).to.deep.equal(seed.labels);
  });

  it('names meta.json when it is not JSON or lacks a field (were a SyntaxError and a TypeError)', async () => {
    await expectCorrupt(() => readStoreMeta(writeStore(seed, (f) => f.set('meta.json', '{"format": '))), 'features/store-corrupt', 'meta.json is not valid JSON');
    await expectCorrupt(() => readFeatures(writeStore(seed, (f) => { const m = json(f, 'meta.json'); delete m.dataset; f.set('meta.json', JSON.stringify(m)); })), 'features/store-corrupt', 'meta.json: dataset is missing');
  });

  it('checks a meta.json claiming 10^12 rows against the parts before allocating (was a RangeError)', async () => {
    await expectCorrupt(() => readFeatures(writeStore(seed, (f) => f.set('meta.json', JSON.stringify({ ...json(f, 'meta.json'), rows: 1e12 })))), 'features/store-corrupt', 'says 1000000000000 rows of 4 features');
  });

  it('refuses a rows file that is not { ids, labels, targets } of one length (null was a TypeError, a label too many overflowed the table)', async () => {
    await expectCorrupt(() => readFeatures(writeStore(seed, (f) => f.set('part-00001.rows.json', 'null'))), 'features/store-corrupt', 'part-00001.rows.json should hold');
    await expectCorrupt(() => readFeatures(writeStore(seed, (f) => { const r = json(f, 'part-00002.rows.json'); r.labels.push(0); f.set('part-00002.rows.json', JSON.stringify(r)); })), 'features/store-corrupt', '2 ids, 3 labels');
    await expectCorrupt(() => readFeatures(writeStore(seed, (f) => { const r = json(f, 'part-00000.rows.json'); r.labels[0] = 5; f.set('part-00000.rows.json', JSON.stringify(r)); })), 'features/store-corrupt', 'a label is not -1 or a class index');
  });

  it('names the part when its .npy is damaged, of another dtype or shape', async () => {
    await expectCorrupt(() => readFeatures(writeStore(seed, (f) => f.set('part-00001.npy', (f.get('part-00001.npy') as Uint8Array).subarray(0, 50)))), 'features/store-corrupt', 'part-00001.npy: .npy');
    await expectCorrupt(() => readFeatures(writeStore(seed, (f) => f.set('part-00001.npy', writeNpy(new Float32Array(16), [4, 4, 1])))), 'features/store-corrupt', 'part-00001.npy holds float32 [4, 4, 1], expected float32 [4, 4]');
    await expectCorrupt(() => readFeatures(writeStore(seed, (f) => f.set('part-00001.npy', writeNpy(new Float64Array(16), [4, 4])))), 'features/store-corrupt', 'holds float64');
  });

  it('reads a Fortran-order part in row order (was read in storage order: rows scrambled)', async () => {
    const part = seed.parts[0]!.X; // 4 rows of 4
    const columnMajor = Float32Array.from({ length: 16 }, (_, k) => part[(k % 4) * 4 + Math.floor(k / 4)]!);
    const bytes = writeNpy(columnMajor, [4, 4]);
    const text = new TextDecoder('latin1').decode(bytes).replace("'fortran_order': False", "'fortran_order': True ");
    const t = await readFeatures(writeStore(seed, (f) => f.set('part-00000.npy', Uint8Array.from(text, (c) => c.charCodeAt(0)))));
    expect(Array.from(t.X)).to.deep.equal(Array.from(seed.X));
  });

  it('ignores journal lines that are JSON but not entries, and a resume still finishes (were TypeErrors)', () => {
    const dir = writeStore(seed, (f) => f.set('journal.jsonl', `null\n${new TextDecoder().decode(f.get('journal.jsonl') as Uint8Array)}{"part":1,"rows":1,"dim":1,"failures":"x"}\n"x"\n`));
    expect(readJournal(dir).map((e) => e.part)).to.deep.equal([0, 1, 2]);
    const w = openStoreWriter(dir, seed.runMeta, { resume: true });
    expect(w.finish().rows).to.equal(10);
  });

  it('refuses to merge a shard whose journal lost a line (the merge silently lacked that part\'s rows)', async () => {
    const dir = writeStore(seed, (f) => f.set('journal.jsonl', new TextDecoder().decode(f.get('journal.jsonl') as Uint8Array).split('\n').filter((l) => !l.includes('"part":1')).join('\n')));
    await expectCorrupt(() => mergeFeatureStores([dir], join(dir, 'merged')), 'features/store-corrupt', 'lists parts [0, 2], meta.json says 3');
  });

  it('refuses to merge a meta.json claiming 10^9 shards without listing them all', async () => {
    const dir = writeStore(seed, (f) => { const m = json(f, 'meta.json'); m.shard.count = 1e9; f.set('meta.json', JSON.stringify(m)); });
    await expectCorrupt(() => mergeFeatureStores([dir], join(dir, 'merged')), 'features/store-mismatch', 'shards of 1000000000: missing 1, 2, 3, 4, 5 (and 999999994 more)');
  });

  it('compares metas that lack a field (resume threw a TypeError formatting it)', () => {
    const a = seed.runMeta;
    expect(() => assertCompatible(a, { ...a, preprocessing: undefined as unknown as FeatureStoreMeta['preprocessing'] }, { sameShard: true })).to.throw().with.property('code', 'features/store-mismatch');
  });

  it('reads a part of 150,000 rows (ids.push(...part) overflowed the call stack)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kenobi-store-big-'));
    dirs.push(root);
    const n = 150_000;
    const meta: FeatureStoreMeta = { ...seed.runMeta, format: FEATURE_STORE_FORMAT, parts: 1, rowsPerPart: n, dataset: { ...seed.runMeta.dataset, items: n, classNames: [], targetNames: [] }, shard: { index: 0, count: 1, start: 0, end: n } };
    const w = openStoreWriter(join(root, 'store'), meta);
    w.writePart(0, Float32Array.from({ length: n }, (_, i) => i), 1, { ids: Array.from({ length: n }, (_, i) => `r${i}`), labels: new Array<number>(n).fill(-1), targets: Array.from({ length: n }, () => []) }, []);
    w.finish();
    const t = await readFeatures(join(root, 'store'));
    expect(t.rows).to.equal(n);
    expect(t.ids[n - 1]).to.equal(`r${n - 1}`);
    expect(t.X[n - 1]).to.equal(n - 1);
    expect(JSON.parse(readFileSync(join(root, 'store', 'ids.json'), 'utf8')).length).to.equal(n);
  });

  it('keeps a missing target (an empty catalog cell) NaN in targets.npy, readFeatures and streamFeatures (JSON null was read as 0)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kenobi-store-nan-'));
    dirs.push(root);
    const meta: FeatureStoreMeta = { ...seed.runMeta, format: FEATURE_STORE_FORMAT, parts: 2, rowsPerPart: 2, dataset: { ...seed.runMeta.dataset, items: 4, classNames: [], targetNames: ['theta_e', 'mu'] }, shard: { index: 0, count: 1, start: 0, end: 4 } };
    const w = openStoreWriter(join(root, 'store'), meta);
    w.writePart(0, Float32Array.of(1, 2), 1, { ids: ['a', 'b'], labels: [-1, -1], targets: [[1.25, Number.NaN], [0, 3.5]] }, []);
    w.writePart(1, Float32Array.of(3, 4), 1, { ids: ['c', 'd'], labels: [-1, -1], targets: [[Number.NaN, Number.NaN], [2, 0]] }, []);
    w.finish();
    const wanted = [1.25, NaN, 0, 3.5, NaN, NaN, 2, 0];
    const same = (a: ArrayLike<number>): unknown => expect(Array.from(a).map((v) => (Number.isNaN(v) ? 'NaN' : v))).to.deep.equal(wanted.map((v) => (Number.isNaN(v) ? 'NaN' : v)));
    same((await readFeatures(join(root, 'store'))).targets);
    same(readNpy(readFileSync(join(root, 'store', 'targets.npy'))).data as Float32Array);
    const streamed: number[] = [];
    for await (const part of streamFeatures(join(root, 'store'))) streamed.push(...part.targets);
    same(streamed);
  });
});
