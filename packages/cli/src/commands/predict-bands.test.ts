import { expect } from 'chai';
import type { ExportInfo } from '@kenobi/learn';
import { predictBandsWarning } from './predict-bands.js';

const info = (bands?: string[]): ExportInfo => ({ image: bands ? { bands } : {} }) as unknown as ExportInfo;

describe('commands/predict-bands: the bands a model was trained on against the images given', () => {
  it('warns for images without band names, refuses other bands, and is silent for the same bands (any order) or a model without bands', () => {
    const gri = info(['g', 'r', 'i']);
    expect(predictBandsWarning(gri, { bandNames: [], source: 'one.fits' })).to.match(/trained on 3 bands \(g, r, i\); the images of one\.fits have no band names: .*repeated on all 3/);
    expect(() => predictBandsWarning(gri, { bandNames: ['g', 'r'], source: 'cat.csv' })).to.throw(/trained on the bands g, r, i; cat\.csv gives g, r/);
    expect(() => predictBandsWarning(gri, { bandNames: ['g', 'r', 'z'], source: 'cat.csv' })).to.throw(/gives g, r, z/);
    expect(predictBandsWarning(gri, { bandNames: ['i', 'g', 'r'], source: 'cat.csv' })).to.equal(undefined);
    expect(predictBandsWarning(info(), { bandNames: [], source: 'one.fits' })).to.equal(undefined);
    expect(predictBandsWarning(info(['r']), { bandNames: [], source: 'one.fits' })).to.equal(undefined);
  });
});
