/**
 * The one CSV writer: RFC 4180 quoting that csv-parse (and pandas/astropy) read back exactly, numbers as
 * shortest round-trip decimals, NaN as empty; and result tables in CSV, Parquet (read by arrow-rs) and FITS.
 */
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { openFits } from '@kenobi/fits';
import { csvCell, csvText } from './csv-text.js';
import { resultTable } from './result-table.js';
import { resultTableCsv } from './result-table-csv.js';
import { resultTableFits } from './result-table-fits.js';
import { resultTableParquet } from './result-table-parquet.node.js';
import { parseTableFormats, tableFormatOf } from './table-file.node.js';
import { readParquetWithArrow } from '../test-support/arrow-parquet.js';

const nasty = ['plain', 'a,b', 'say "hi"', 'back\\slash', 'line\nbreak', 'cr\rx', ' lead', 'trail ', 'é ü', '\\"both\\"', ''];

describe('csvText (the one CSV writer)', () => {
  it('quotes what RFC 4180 needs and nothing JSON-style: every id reads back exactly', () => {
    const text = csvText(['id', 'n'], nasty.map((s, i) => [s, i]));
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows[0]).to.deep.equal(['id', 'n']);
    expect(rows.slice(1).map((r) => r[0])).to.deep.equal(nasty);
    expect(text).to.contain('"say ""hi"""').and.contain('back\\slash').and.not.contain('\\"hi\\"');
  });
  it('writes numbers as their shortest decimal, NaN and null as empty, infinities as inf', () => {
    expect([0.1, 1e-7, NaN, Infinity, -Infinity, 12345678901234567890n, true, null, undefined].map(csvCell)).to.deep.equal(['0.1', '1e-7', '', 'inf', '-inf', '12345678901234567890', 'true', '', '']);
  });
  it('uses CRLF when asked', () => {
    expect(csvText(['a'], [['x']], { recordDelimiter: '\r\n' })).to.equal('a\r\nx\r\n');
  });
});

describe('result tables', () => {
  const t = resultTable('predictions', [
    { name: 'id', values: nasty },
    { name: 'p', values: Float32Array.from(nasty, (_, i) => (i === 3 ? Number.NaN : i / 10)), digits: 6 },
    { name: 'f', values: Float32Array.from({ length: nasty.length * 2 }, (_, i) => Math.fround(i * 0.1)), width: 2 },
    { name: 'k', values: Int32Array.from(nasty, (_, i) => i - 5) },
  ]);
  it('CSV: vector columns expanded, float32 printed as the shortest decimal that reads back the same float', () => {
    const rows = parse(resultTableCsv(t)) as string[][];
    expect(rows[0]).to.deep.equal(['id', 'p', 'f_0', 'f_1', 'k']);
    expect(rows[2]).to.deep.equal(['a,b', '0.1', '0.2', '0.3', '-4']);
    expect(rows[4]![1]).to.equal('');
    for (let r = 0; r < nasty.length; r += 1) expect(Math.fround(Number(rows[r + 1]![2])), `row ${r}`).to.equal(Math.fround(2 * r * 0.1));
  });
  it('Parquet: arrow-rs reads the same strings (empty as null), floats and ints', () => {
    const a = readParquetWithArrow(resultTableParquet(t));
    expect(a.names).to.deep.equal(['id', 'p', 'f_0', 'f_1', 'k']);
    expect(a.columns.get('id')).to.deep.equal(nasty.map((s) => (s === '' ? null : s)));
    expect(a.columns.get('f_1')).to.deep.equal(Array.from({ length: nasty.length }, (_, i) => Math.fround((2 * i + 1) * 0.1)));
    expect(a.columns.get('k')).to.deep.equal(nasty.map((_, i) => i - 5));
  });
  it('FITS: one BINTABLE named after the table, vector cells kept (trailing blanks are not significant in FITS)', () => {
    const table = openFits(resultTableFits(t)).readTable('PREDICTIONS');
    expect(table.column('id').data).to.deep.equal(nasty.map((s) => s.trimEnd()));
    expect(table.column('f').shape).to.deep.equal([nasty.length, 2]);
  });
  it('refuses columns of different lengths and unknown formats', () => {
    expect(() => resultTable('x', [{ name: 'a', values: ['1'] }, { name: 'b', values: Int32Array.of(1, 2) }])).to.throw(/column 'b' has 2 values, not 1 rows/).with.property('code', 'features/bad-option');
    expect(() => parseTableFormats('csv,xlsx')).to.throw(/not one of csv, parquet, fits/).with.property('code', 'features/bad-option');
    expect([tableFormatOf('a.PARQUET'), tableFormatOf('b.fts'), tableFormatOf('c.txt')]).to.deep.equal(['parquet', 'fits', undefined]);
  });
});
