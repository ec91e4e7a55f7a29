/**
 * `kenobi extract --model <a Kenobi export>`: the ONNX file's recorded preprocessing and its `features` output
 * (the head's input) are used without naming them again, equal to running the file on the raw pixels; a
 * `.kenobi` file is refused with the way to export it first.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFeatures } from '@kenobi/features/node';
import { decodePng } from '@kenobi/imaging';
import { encodeModel } from '@kenobi/onnx';
import { createSession } from '@kenobi/runtime';
import { cli } from '../test-support/run-cli-capture.js';
import { tinyExport, writeTinyImages } from '../test-support/tiny-export.js';

describe('kenobi extract: features of a model Kenobi exported', function () {
  this.timeout(120_000);
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-extract-exported-'));
    writeFileSync(join(dir, 'tiny.onnx'), encodeModel(tinyExport({ mcDropout: false })));
    writeTinyImages(join(dir, 'img'), 6);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("takes the export's preprocessing (in the graph: raw pixels) and its features output, as running the file does (≤ 1e-6)", async () => {
    const out = join(dir, 'feats');
    const r = await cli('extract', '--model', join(dir, 'tiny.onnx'), '--data', join(dir, 'img'), '--out', out, '--workers', '0', '--device', 'cpu', '--json');
    expect(r.code, r.err).to.equal(0);
    expect(r.err).to.match(/is a Kenobi export: its recorded preprocessing \(in the graph: raw pixels in\) .*'features' output \(6-d/);
    const t = await readFeatures(out);
    expect(t.dim).to.equal(6);
    expect(t.meta.tensor).to.equal('features');
    // the same file run directly on each image's raw 0–255 pixels (16×16 already: no resize), NCHW float
    const s = await createSession(readFileSync(join(dir, 'tiny.onnx')), { device: 'cpu', sessionOptions: { intraOpNumThreads: 1 } });
    try {
      let worst = 0;
      expect(t.ids).to.have.length(6);
      for (const [row, id] of t.ids.entries()) {
        const png = decodePng(new Uint8Array(readFileSync(join(dir, 'img', id)))); // a class folder's ids are 'class/file'
        const x = new Float32Array(3 * 256);
        for (let p = 0; p < 256; p++) for (let c = 0; c < 3; c++) x[c * 256 + p] = png.data[p * 3 + c]!;
        const f = (await s.run({ pixels: { data: x, dims: [1, 3, 16, 16] } }))['features']!.data as Float32Array;
        for (let j = 0; j < 6; j++) worst = Math.max(worst, Math.abs(f[j]! - t.X[row * 6 + j]!));
      }
      expect(worst).to.be.at.most(1e-6);
    } finally {
      await s.dispose();
    }
  });

  it('refuses a .kenobi file with the way to export it first', async () => {
    const r = await cli('extract', '--model', join(dir, 'model.kenobi'), '--data', join(dir, 'img'), '--out', join(dir, 'x'));
    expect(r.code).to.equal(2);
    expect(r.err).to.match(/is a \.kenobi file .*export it first \(kenobi export --head .*model\.kenobi -o model\.onnx\)/);
  });
});
