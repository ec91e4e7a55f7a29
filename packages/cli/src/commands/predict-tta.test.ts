import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKenobiError } from '@kenobi/core';
import { encodePng } from '@kenobi/imaging';
import { tinyExport } from '../test-support/tiny-export.js';
import { loadPredictData } from './predict-data.js';
import { predictDataset } from './predict-run.js';

const S = 16;

/** The 8 rotations and flips of an interleaved RGB S×S image, each as its own array (written independently of Kenobi's TTA code). */
function dihedral(px: Uint8Array): Uint8Array[] {
  const rot = (a: Uint8Array): Uint8Array => { // 90° clockwise: out(y, x) = in(S − 1 − x, y)
    const o = new Uint8Array(a.length);
    for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) for (let c = 0; c < 3; c++) o[(y * S + x) * 3 + c] = a[((S - 1 - x) * S + y) * 3 + c]!;
    return o;
  };
  const flip = (a: Uint8Array): Uint8Array => {
    const o = new Uint8Array(a.length);
    for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) for (let c = 0; c < 3; c++) o[(y * S + x) * 3 + c] = a[(y * S + (S - 1 - x)) * 3 + c]!;
    return o;
  };
  const out: Uint8Array[] = [];
  let a = px;
  for (let k = 0; k < 4; k++) {
    out.push(a, flip(a));
    a = rot(a);
  }
  return out;
}

describe('kenobi predict --tta dihedral', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-tta-'));
    for (let k = 0; k < 3; k++) {
      const px = Uint8Array.from({ length: S * S * 3 }, (_, i) => (i * (k + 2) * 13 + k * 31 + (i % 7) * 11) % 256);
      mkdirSync(join(dir, 'orig', 'a'), { recursive: true });
      writeFileSync(join(dir, 'orig', 'a', `img${k}.png`), encodePng({ width: S, height: S, channels: 3, data: px }));
      dihedral(px).forEach((v, j) => {
        mkdirSync(join(dir, 'variants', `img${k}`), { recursive: true });
        writeFileSync(join(dir, 'variants', `img${k}`, `v${j}.png`), encodePng({ width: S, height: S, channels: 3, data: v }));
      });
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each image the mean of the probabilities of its 8 rotations and flips (≤ 1e-6), not its own', async () => {
    const model = tinyExport({ mcDropout: false });
    const tta = await predictDataset(model, await loadPredictData(join(dir, 'orig')), { device: 'cpu', batchSize: 2, tta: 'dihedral' });
    const plain = await predictDataset(model, await loadPredictData(join(dir, 'orig')), { device: 'cpu', batchSize: 2 });
    const each = await predictDataset(model, await loadPredictData(join(dir, 'variants')), { device: 'cpu', batchSize: 8 });
    expect(tta.rows).to.have.length(3);
    let moved = 0;
    for (const row of tta.rows) {
      const name = /img\d/.exec(row.id)![0];
      const mine = each.rows.filter((r) => r.label === name);
      expect(mine).to.have.length(8);
      for (let j = 0; j < 3; j++) {
        const mean = mine.reduce((s, r) => s + r.values[j]!, 0) / 8;
        expect(row.values[j]).to.be.closeTo(mean, 1e-6);
      }
      expect(row.values.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-6);
      const own = plain.rows.find((r) => r.id === row.id)!;
      moved = Math.max(moved, ...row.values.map((v, j) => Math.abs(v - own.values[j]!)));
    }
    expect(moved, 'this model is not invariant, so TTA must change the probabilities').to.be.above(1e-4);
  });

  it('with MC-dropout: the std is over the samples × 8 runs, and the backbone still runs once per batch', async () => {
    const model = tinyExport({ mcDropout: true });
    const r = await predictDataset(model, await loadPredictData(join(dir, 'orig')), { device: 'cpu', batchSize: 3, samples: 4, tta: 'dihedral' });
    expect(r.passes).to.deep.equal({ whole: 0, backbone: 1, head: 4 });
    for (const row of r.rows) {
      expect(row.stds).to.have.length(3);
      expect(row.std).to.be.above(0);
    }
  });

  it('refuses a non-square model input with a usage error naming the size', async () => {
    const model = tinyExport({ mcDropout: false });
    const meta = model.metadata_props!.find((p) => p.key === 'kenobi.export')!;
    const info = JSON.parse(meta.value!) as { preprocessing: { inputSize: number[] } };
    info.preprocessing.inputSize = [16, 12];
    const odd = { ...model, metadata_props: model.metadata_props!.map((p) => (p === meta ? { ...p, value: JSON.stringify(info) } : p)) };
    const err = await predictDataset(odd, await loadPredictData(join(dir, 'orig')), { device: 'cpu', tta: 'dihedral' }).catch((e: unknown) => e);
    expect(isKenobiError(err) ? err.message : String(err)).to.match(/--tta dihedral needs a square model input, this model takes 16×12/);
  });
});
