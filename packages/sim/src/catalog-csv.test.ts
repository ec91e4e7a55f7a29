/**
 * The simulated catalog through Kenobi's one CSV writer: ids and paths with quotes, commas, backslashes and
 * line breaks are written as RFC 4180 (and Python's csv module) write them, and come back exactly through the
 * project's CSV reader; numbers keep their fixed decimals.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsvCatalogTable } from '@kenobi/features/node';
import { catalogCsv } from './catalog-csv.js';
import { simulateLensBatch } from './simulate-lenses.js';
import { HOSTILE_CSV_IDS } from '../../features/src/test-support/hostile-csv-ids.js';

const HOSTILE = HOSTILE_CSV_IDS;

describe('catalogCsv: RFC 4180 through csvText', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kenobi-sim-csv-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const { cutouts } = simulateLensBatch(HOSTILE.length, { size: 16, seed: 2 });
  const rows = cutouts.map((c, k) => ({ ...c, id: HOSTILE[k]![0], paths: { g: `g/${HOSTILE[k]![0]}.fits`, r: `r/${k}.fits`, i: `i/${k}.fits` } }));
  const csv = catalogCsv(rows, ['g', 'r', 'i']);

  it('quotes ids as RFC 4180 does: quotes doubled, backslashes and line breaks kept (no JSON escapes)', () => {
    for (const [, written] of HOSTILE) expect(csv).to.contain(`\n${written},`);
    expect(csv).not.to.contain('\\"');
    expect(csv).not.to.contain('\\n');
  });

  it('round-trips ids, paths and numbers through the project\'s CSV reader', async () => {
    writeFileSync(join(dir, 'catalog.csv'), csv);
    const t = await readCsvCatalogTable(join(dir, 'catalog.csv'));
    expect(t.rows).to.equal(HOSTILE.length);
    expect(t.names).to.have.length(16);
    expect(Array.from({ length: t.rows }, (_, i) => t.column('id')!.text(i))).to.deep.equal(HOSTILE.map(([id]) => id));
    expect(Array.from({ length: t.rows }, (_, i) => t.column('path_g')!.text(i))).to.deep.equal(HOSTILE.map(([id]) => `g/${id}.fits`));
    cutouts.forEach((c, i) => {
      expect(t.column('is_lens')!.number(i)).to.equal(c.label === 'lens' ? 1 : 0);
      expect(t.column('theta_e_arcsec')!.number(i)).to.equal(Number(c.thetaE.toFixed(4)));
    });
  });
});
