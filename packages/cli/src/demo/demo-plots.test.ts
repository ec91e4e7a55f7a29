import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { lossPlotSpec, writeDemoPlots } from './demo-plots.js';

describe('kenobi demo: plots', function () {
  this.timeout(60000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'kenobi-demo-plots-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes roc, confusion and loss as SVG + PNG from a tiny fake result', async () => {
    // 4 negatives, 4 positives; one positive (0.3) ranks below two negatives (0.4, 0.6): AUC = 14/16
    const y = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1);
    const scores = [0.1, 0.2, 0.4, 0.6, 0.3, 0.7, 0.8, 0.9];
    const losses = [
      { fold: 'fold 1', loss: [0.7, 0.5, 0.4], valLoss: [0.68, 0.55, 0.5] },
      { fold: 'final (all rows)', loss: [0.69, 0.45, 0.35] },
    ];
    const { files, binary, confusion } = await writeDemoPlots(dir, { y, scores, classes: ['non-lens', 'lens'], losses });
    expect(files.map((f) => f.slice(dir.length + 1))).to.deep.equal(['roc.svg', 'roc.png', 'confusion.svg', 'confusion.png', 'loss.svg', 'loss.png']);
    for (const f of files) expect(existsSync(f), f).to.equal(true);
    expect(binary.rocAuc).to.be.closeTo(14 / 16, 1e-12);
    // TPR0: positives above the best-scored negative (0.6): 0.7, 0.8, 0.9 → 3/4
    expect(binary.tpr0).to.be.closeTo(0.75, 1e-12);
    // threshold 0.5: negatives [3 right, 1 wrong (0.6)], positives [1 wrong (0.3), 3 right]
    expect(confusion).to.deep.equal([[3, 1], [1, 3]]);
    const png = readFileSync(join(dir, 'roc.png'));
    expect([...png.subarray(0, 8)]).to.deep.equal([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).to.be.above(5000);
    expect(readFileSync(join(dir, 'roc.svg'), 'utf8')).to.contain('AUC = 0.8750');
    const confusionSvg = readFileSync(join(dir, 'confusion.svg'), 'utf8');
    expect(confusionSvg).to.contain('non-lens');
    expect(readFileSync(join(dir, 'loss.svg'), 'utf8')).to.contain('fold 1');
  });

  it('puts every finite training and held-out loss in the loss plot', () => {
    const spec = lossPlotSpec([{ fold: 'fold 1', loss: [0.7, 0.5], valLoss: [0.6, Number.NaN] }, { fold: 'final', loss: [0.65] }]);
    const values = (spec['data'] as { values: { epoch: number; loss: number; fold: string; data: string }[] }).values;
    expect(values).to.deep.equal([
      { epoch: 1, loss: 0.7, fold: 'fold 1', data: 'training' },
      { epoch: 2, loss: 0.5, fold: 'fold 1', data: 'training' },
      { epoch: 1, loss: 0.6, fold: 'fold 1', data: 'held-out fold' },
      { epoch: 1, loss: 0.65, fold: 'final', data: 'training' },
    ]);
  });
});
