import { expect } from 'chai';
import { csvCatalogTable } from './catalog-table.js';
import { csvCellNumber } from './csv-number.js';

describe('features/dataset: csvCellNumber (numbers and missing values in CSV catalogs)', () => {
  it('reads decimals, the missing-value spellings of numpy, pandas, astropy and R, and infinities', () => {
    expect([' 0.5 ', '-3', '+2.5e-3', '.5', '7.', '1E6'].map(csvCellNumber)).to.deep.equal([0.5, -3, 0.0025, 0.5, 7, 1e6]);
    for (const missing of ['', ' ', 'nan', 'NaN', 'NAN', '-nan', 'NA', 'N/A', 'null', 'NULL', 'None', '--']) expect(csvCellNumber(missing), `'${missing}'`).to.be.NaN;
    expect(['inf', '-inf', 'Infinity', '-Infinity', '+inf'].map(csvCellNumber)).to.deep.equal([Infinity, -Infinity, Infinity, -Infinity, Infinity]);
  });

  it('calls text what Number() would have turned into a number or NaN', () => {
    for (const text of ['spiral', '0x10', '1,5', '1e', 'e5', '12abc', '- 1', 'nan2']) expect(csvCellNumber(text), `'${text}'`).to.equal(undefined);
  });

  it("a catalog column with numpy's 'nan' or astropy's empty cells is numeric, its missing cells NaN (was text, so --targets refused it)", () => {
    const t = csvCatalogTable('cat.csv', ['id', 'mu', 'kind'], [['a', '2.5', 'lens'], ['b', 'nan', 'spiral'], ['c', '', 'E'], ['d', 'NA', '3']]);
    expect(t.column('mu')?.kind).to.equal('number');
    expect([0, 1, 2, 3].map((i) => t.column('mu')!.number(i))).to.deep.equal([2.5, NaN, NaN, NaN]);
    expect(t.column('kind')?.kind).to.equal('text');
  });
});
