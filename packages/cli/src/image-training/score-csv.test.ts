/**
 * The image-model score tables (evaluate's predictions.csv, train --kfold's out-of-fold CSV) through the one
 * CSV writer: ids and labels with quotes, commas, backslashes and line breaks are written as RFC 4180 (and
 * Python's csv module) write them, never JSON-escaped, and come back exactly through the project's CSV reader.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsvCatalogTable } from '@kenobi/features/node';
import { imagePredictionsCsv, outOfFoldCsv } from './score-csv.js';
import { HOSTILE_CSV_IDS } from '../../../features/src/test-support/hostile-csv-ids.js';

const HOSTILE = HOSTILE_CSV_IDS;
const ids = HOSTILE.map(([id]) => id);

describe('image score tables as CSV (RFC 4180 through csvText)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kenobi-score-csv-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('predictions.csv: ids and labels quoted as RFC 4180 does, read back exactly with the scores', async () => {
    const items = ids.map((id, k) => ({ id, label: k % 2 ? 'lens' : 'non,lens' }));
    const scores = Float32Array.from({ length: 2 * ids.length }, (_, i) => (i % 2 ? 0.25 : 0.75));
    const csv = imagePredictionsCsv(items, ['lens', 'non,lens'], scores);
    expect(csv.split('\n')[0]).to.equal('id,label,p_lens,"p_non,lens"');
    HOSTILE.forEach(([, written], k) => expect(csv).to.contain(`\n${written},${k % 2 ? 'lens' : '"non,lens"'},0.75,0.25\n`));
    expect(csv).not.to.contain('\\"');
    writeFileSync(join(dir, 'predictions.csv'), csv);
    const t = await readCsvCatalogTable(join(dir, 'predictions.csv'));
    expect(Array.from({ length: t.rows }, (_, i) => t.column('id')!.text(i))).to.deep.equal(ids);
    expect(Array.from({ length: t.rows }, (_, i) => t.column('label')!.text(i))).to.deep.equal(items.map((it) => it.label));
    expect(Array.from({ length: t.rows }, (_, i) => t.column('p_non,lens')!.number(i))).to.deep.equal(ids.map(() => 0.25));
  });

  it('out-of-fold CSV: 1-based folds, empty labels, one score column; read back exactly', async () => {
    const csv = outOfFoldCsv(ids.map((id) => ({ id })), ['p_lens'], [0, 1, 2, 0, 1], [0.5, 0.125, 1, 0, 0.0625]);
    expect(csv.startsWith('id,label,fold,p_lens\n"say ""hi""",,1,0.5\n"a,b",,2,0.125\n')).to.equal(true);
    writeFileSync(join(dir, 'oof.csv'), csv);
    const t = await readCsvCatalogTable(join(dir, 'oof.csv'));
    expect(Array.from({ length: t.rows }, (_, i) => t.column('id')!.text(i))).to.deep.equal(ids);
    expect(Array.from({ length: t.rows }, (_, i) => t.column('fold')!.number(i))).to.deep.equal([1, 2, 3, 1, 2]);
    expect(Array.from({ length: t.rows }, (_, i) => t.column('label')!.text(i))).to.deep.equal(ids.map(() => ''));
  });
});
