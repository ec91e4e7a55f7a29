/**
 * Issue #12 §4: one bad file never kills a survey-scale job. A catalog mixes good FITS cutouts with hostile
 * files (a header claiming 10^9 × 10^9 pixels, a gzip bomb, a truncated tile-compressed file, a PNG and a
 * text file named .fits, an empty file, and a decoder that hangs); `kenobi extract` and `kenobi predict`
 * must store or predict every good row exactly as a run over the good rows alone, report every bad row with
 * its typed reason, finish, keep the journal consistent, and `--resume` must neither redo nor duplicate rows.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readFeatures, readJournal, readStoreMeta, type ItemFailure } from '@kenobi/features/node';
import { encodePng } from '@kenobi/imaging';
import { encodeModel, GraphBuilder } from '@kenobi/onnx';
import { goodCutout, hugeHeaderFits, textNotFits, tileCompressedFits, writeGzipBomb } from '../../../features/src/test-support/hostile-cutouts.js';
import { HOSTILE_DECODE_HOOK } from '../../../features/src/test-support/hostile-decode-hook.js';
import { cli } from '../test-support/run-cli-capture.js';
import { tinyExport } from '../test-support/tiny-export.js';

/** Hostile rows: file name, contents (or a writer), and the failure code expected (a RegExp: any code of that reader). */
interface Hostile { readonly file: string; readonly code: RegExp; readonly write: (path: string) => Promise<void> | void }

const tile = tileCompressedFits(Int16Array.from({ length: 400 }, (_, i) => (i * 37) % 500 - 200), 20, 20);
const HOSTILE: readonly Hostile[] = [
  { file: 'huge-header.fits', code: /^fits\//, write: (p) => writeFileSync(p, hugeHeaderFits()) },
  // NOTE: the FITS reader may learn to refuse the bomb itself (a fits/ code); until then the memory guard stops it.
  { file: 'bomb.fits.gz', code: /^(features\/decode-out-of-memory|fits\/.+)$/, write: async (p) => void (await writeGzipBomb(p)) },
  // Cut 200 bytes into the heap of compressed tiles (after the two headers and the 20-row descriptor table).
  { file: 'truncated-tile.fits', code: /^fits\//, write: (p) => writeFileSync(p, tile.subarray(0, 2 * 2880 + 20 * 8 + 200)) },
  { file: 'png-named.fits', code: /^fits\/not-fits$/, write: (p) => writeFileSync(p, encodePng({ width: 4, height: 4, channels: 1, data: new Uint8Array(16).fill(9) })) },
  { file: 'text.fits', code: /^fits\/not-fits$/, write: (p) => writeFileSync(p, textNotFits()) },
  { file: 'empty.fits', code: /^fits\/not-fits$/, write: (p) => writeFileSync(p, new Uint8Array(0)) },
  // A good file that the injected test decoder hangs on (KENOBI_TEST_DECODE_HOOK: names containing "hang").
  { file: 'hang.fits', code: /^features\/decode-timeout$/, write: (p) => writeFileSync(p, goodCutout(99)) },
];
const GOOD = 12;

/** [N, 3, 16, 16] → conv → relu → GAP → flatten ('features', [N, 6]) → dense(3). */
function writeTinyModel(path: string): void {
  const b = new GraphBuilder({ seed: 5 });
  let x = b.input('input', 'float32', ['N', 3, 16, 16]);
  x = b.relu(b.conv(x, { outChannels: 6, kernel: 3, pad: 1 }));
  x = b.flatten(b.globalAveragePool(x), { name: 'features' });
  b.output(b.dense(x, { units: 3 }));
  writeFileSync(path, encodeModel(b.build()));
}

interface Catalogs { mixed: string; goodOnly: string; allBad: string; badRows: Map<string, { row: number; code: RegExp }> }

/** Good cutouts (every fourth tile-compressed) with the hostile files between them; also the good rows alone. */
async function writeCatalogs(dir: string): Promise<Catalogs> {
  mkdirSync(join(dir, 'img'), { recursive: true });
  const mixed = ['id,path,label'];
  const good = ['id,path,label'];
  const badRows = new Map<string, { row: number; code: RegExp }>();
  let h = 0;
  for (let k = 0; k < GOOD; k++) {
    const file = `img/good${k}.fits`;
    writeFileSync(join(dir, file), k % 4 === 3 ? tileCompressedFits(Int16Array.from({ length: 400 }, (_, i) => (i * (k + 3)) % 300), 20, 20) : goodCutout(k));
    const line = `good${k},${file},${k % 2 === 0 ? 'a' : 'b'}`;
    mixed.push(line);
    good.push(line);
    if (k % 2 === 1 && h < HOSTILE.length) {
      const bad = HOSTILE[h++]!;
      await bad.write(join(dir, 'img', bad.file));
      mixed.push(`bad-${bad.file},img/${bad.file},a`);
      badRows.set(`bad-${bad.file}`, { row: mixed.length, code: bad.code });
    }
  }
  while (h < HOSTILE.length) {
    const bad = HOSTILE[h++]!;
    await bad.write(join(dir, 'img', bad.file));
    mixed.push(`bad-${bad.file},img/${bad.file},b`);
    badRows.set(`bad-${bad.file}`, { row: mixed.length, code: bad.code });
  }
  const allBad = ['id,path,label', 'e,img/empty.fits,a', 't,img/text.fits,b'];
  const write = (name: string, lines: string[]): string => {
    writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
    return join(dir, name);
  };
  return { mixed: write('mixed.csv', mixed), goodOnly: write('good.csv', good), allBad: write('all-bad.csv', allBad), badRows };
}

/** Splits CSV text (RFC 4180 quoting, no newlines in cells) into rows of cells. */
function csvRows(text: string): string[][] {
  return text.trim().split('\n').map((line) => {
    const cells: string[] = [];
    const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
    for (let m = re.exec(line); m && m.index < line.length + 1; m = re.exec(line)) {
      cells.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
      if (m[2] === '') break;
    }
    return cells;
  });
}

function expectReported(failures: readonly ItemFailure[], c: Catalogs): void {
  expect(failures.map((f) => f.id).sort()).to.deep.equal([...c.badRows.keys()].sort());
  for (const f of failures) {
    const want = c.badRows.get(f.id)!;
    expect(f.row, f.id).to.equal(want.row);
    expect(f.code, `${f.id}: ${f.code} ${f.error}`).to.match(want.code);
    expect(f.error, f.id).to.be.a('string').and.not.equal('');
  }
}

describe('one bad file never kills a job: a hostile catalog through kenobi extract and predict', function () {
  this.timeout(600_000);
  let dir = '';
  let cat: Catalogs;
  let model = '';
  let exported = '';
  const saved = process.env.KENOBI_TEST_DECODE_HOOK;
  // NOTE: a small memory budget (the guard stops the bomb at 128–256 MB of growth, well within the time limit
  // even on a loaded machine) and a time limit long enough for a loaded machine, short enough for the hang.
  const limits = ['--item-timeout', '10', '--worker-memory', '64'];
  const extractArgs = (data: string, out: string): string[] => ['extract', '--model', model, '--preset', 'unit', '--input-size', '16,16', '--data', data,
    '--out', out, '--batch', '4', '--rows-per-part', '5', '--workers', '2', '--device', 'cpu', ...limits];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-hostile-'));
    model = join(dir, 'tiny.onnx');
    writeTinyModel(model);
    exported = join(dir, 'tiny-export.onnx');
    writeFileSync(exported, encodeModel(tinyExport({ mcDropout: false })));
    cat = await writeCatalogs(dir);
    process.env.KENOBI_TEST_DECODE_HOOK = HOSTILE_DECODE_HOOK;
  });
  after(() => {
    if (saved === undefined) delete process.env.KENOBI_TEST_DECODE_HOOK;
    else process.env.KENOBI_TEST_DECODE_HOOK = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('extract stores every good row as the good rows alone do, reports every bad row with its reason, and --resume redoes nothing', async () => {
    const out = join(dir, 'mixed-store');
    const run = await cli(...extractArgs(cat.mixed, out), '--json');
    expect(run.code, run.err).to.equal(0);
    const summary = JSON.parse(run.out) as { rows: number; parts: number; failures: ItemFailure[]; imagesThisRun: number; decode: { timeouts: number } };
    expect(summary.rows).to.equal(GOOD);
    expect(summary.imagesThisRun).to.equal(GOOD + HOSTILE.length);
    expect(summary.decode.timeouts).to.be.at.least(1);
    expectReported(summary.failures, cat);

    const ref = await cli(...extractArgs(cat.goodOnly, join(dir, 'good-store')), '--json');
    expect(ref.code, ref.err).to.equal(0);
    const a = await readFeatures(out);
    const b = await readFeatures(join(dir, 'good-store'));
    expect(a.ids).to.deep.equal(b.ids);
    expect(a.ids).to.have.length(GOOD);
    expect(Array.from(a.labels)).to.deep.equal(Array.from(b.labels));
    let worst = 0;
    for (let i = 0; i < a.X.length; i++) worst = Math.max(worst, Math.abs(a.X[i]! - b.X[i]!));
    expect(a.X.length).to.equal(GOOD * a.dim);
    expect(worst).to.be.at.most(1e-6);

    // The journal: every part once, rows and failures adding up to the store's.
    const meta = readStoreMeta(out);
    const journal = readJournal(out);
    expect(journal.map((e) => e.part)).to.deep.equal(Array.from({ length: meta.parts }, (_, p) => p));
    expect(journal.reduce((s, e) => s + e.rows, 0)).to.equal(GOOD);
    expect(journal.flatMap((e) => e.failures.map((f) => f.id))).to.deep.equal(meta.failures.map((f) => f.id));
    expect(JSON.parse(readFileSync(join(out, 'failures.json'), 'utf8'))).to.deep.equal(meta.failures);
    const lines = readFileSync(join(out, 'journal.jsonl'), 'utf8').trim().split('\n');

    const again = await cli(...extractArgs(cat.mixed, out), '--resume', '--json');
    expect(again.code, again.err).to.equal(0);
    const resumed = JSON.parse(again.out) as { rows: number; parts: number; resumedParts: number; imagesThisRun: number; failures: ItemFailure[] };
    expect([resumed.rows, resumed.resumedParts, resumed.imagesThisRun]).to.deep.equal([GOOD, meta.parts, 0]);
    expectReported(resumed.failures, cat);
    expect(readFileSync(join(out, 'journal.jsonl'), 'utf8').trim().split('\n')).to.deep.equal(lines);
    expect((await readFeatures(out)).ids).to.deep.equal(a.ids);

    const text = await cli(...extractArgs(cat.mixed, out), '--resume');
    expect(text.code, text.err).to.equal(0);
    expect(text.out).to.contain(`${HOSTILE.length} item(s) could not be read`);
    for (const [id, { row }] of cat.badRows) expect(text.out).to.match(new RegExp(`row ${row} \\(id ${id}, [^)]+\\): [a-z]+/[a-z-]+: `));
  });

  it('extract exits 1 when every row fails, and lists them', async () => {
    const r = await cli(...extractArgs(cat.allBad, join(dir, 'all-bad-store')));
    expect(r.code, r.err).to.equal(1);
    expect(r.out).to.contain('extracted 0 rows').and.contain('2 item(s) could not be read').and.contain('fits/not-fits');
  });

  it('predict classifies every good row as the good rows alone do and lists every bad row, with its reason, in the CSV', async () => {
    const predictArgs = (data: string): string[] => ['predict', '--model', exported, '--data', data, '--device', 'cpu', '--batch', '4', '--workers', '1', ...limits, '--csv'];
    const run = await cli(...predictArgs(cat.mixed));
    expect(run.code, run.err).to.equal(0);
    const ref = await cli(...predictArgs(cat.goodOnly));
    expect(ref.code, ref.err).to.equal(0);
    const rows = csvRows(run.out);
    const head = rows.shift()!;
    expect(head.at(-1)).to.equal('error');
    const refRows = csvRows(ref.out).slice(1);
    const catalogIds = readFileSync(cat.mixed, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(rows.map((r) => r[0])).to.deep.equal(catalogIds);
    const good = rows.filter((r) => r.at(-1) === '');
    expect(good.map((r) => r[0])).to.deep.equal(refRows.map((r) => r[0]));
    good.forEach((r, k) => r.slice(3, -1).forEach((v, j) => expect(Number(v)).to.be.closeTo(Number(refRows[k]![3 + j]), 1e-6)));
    for (const r of rows.filter((x) => x.at(-1) !== '')) {
      const want = cat.badRows.get(r[0]!)!;
      expect(r.at(-1)!.split(': ')[0], r.join(',')).to.match(want.code);
      expect(r.slice(1, -1).every((v) => v === ''), r.join(',')).to.equal(true);
    }
    expect(rows.filter((x) => x.at(-1) !== '')).to.have.length(HOSTILE.length);
    for (const id of cat.badRows.keys()) expect(run.err).to.contain(`(id ${id},`);

    const json = await cli(...predictArgs(cat.mixed).filter((a) => a !== '--csv'), '--json');
    expect(json.code, json.err).to.equal(0);
    expectReported((JSON.parse(json.out) as { failures: ItemFailure[] }).failures, cat);
  });
});
