import { expect } from 'chai';
import type { ImagePreprocessing } from '@kenobi/features';
import { finetunedExportOptions } from './finetuned-export-options.js';

describe('finetune/finetuned-export-options', () => {
  const preprocessing = { config: { inputSize: [64, 64] }, tta: 'none', stretch: 'lupton:stretch=30' } as unknown as ImagePreprocessing;
  const source = { classes: ['non-lens', 'lens'], backboneId: 'densenet121-keras', sha256: 'ab', preprocessing };

  it('records the stretch and, from a catalog of several bands, the bands (kenobi predict checks them); the preprocessing in the graph or for the client', () => {
    const o = finetunedExportOptions({ ...source, bandNames: ['g', 'r', 'i'] }, { inGraph: true });
    expect(o.imageStretch).to.deep.equal({ stretch: 'lupton:stretch=30', bands: ['g', 'r', 'i'] });
    expect(o).to.have.property('preprocessing');
    expect(finetunedExportOptions(source).imageStretch).to.deep.equal({ stretch: 'lupton:stretch=30' });
    expect(finetunedExportOptions({ ...source, bandNames: ['r'] })).to.have.property('clientPreprocessing');
    expect(finetunedExportOptions({ ...source, bandNames: ['r'] }).imageStretch).to.not.have.property('bands');
  });
});
