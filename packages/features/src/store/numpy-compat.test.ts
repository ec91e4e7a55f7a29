import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readNpy } from '@kenobi/core';
import { writeNumpyCheckStore } from '../test-support/numpy-check-store.js';
import { readFeatures } from './read-features.node.js';
import { expectAllClose, FP32_CROSS_CPU_RTOL } from '../../../../test/support/cross-cpu.js';

interface NumpyView {
  provenance: { cpu: string; simd: string[]; onnxruntimeNode: string } | null;
  partShapes: number[][]; dtype: string; shape: number[]; labelsDtype: string; labels: number[];
  targetsShape: number[]; targets: number[]; ids: string[]; rowSums: number[]; firstRow: number[];
}

describe('feature store: what numpy.load sees (fixture from scripts/fixtures/features/check_store_numpy.py)', function () {
  this.timeout(60000);
  const expected = JSON.parse(readFileSync(new URL('../../fixtures/numpy-store.json', import.meta.url), 'utf8')) as NumpyView;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-npcompat-'));
    await writeNumpyCheckStore(join(dir, 'store'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes little-endian float32 parts of the shapes numpy read, and int32 labels', () => {
    const parts = expected.partShapes.map((_, p) => readNpy(new Uint8Array(readFileSync(join(dir, 'store', `part-0000${p}.npy`)))));
    expect(parts.map((a) => [...a.shape])).to.deep.equal(expected.partShapes);
    expect(parts.every((a) => a.dtype === 'float32')).to.equal(true);
    expect(expected.dtype).to.equal('<f4');
    expect(expected.labelsDtype).to.equal('<i4');
    const bytes = readFileSync(join(dir, 'store', 'part-00000.npy'));
    expect(bytes.toString('latin1', 0, 128)).to.contain("'descr': '<f4'");
  });

  // NOTE: the features come from an ORT run of the tiny model, whose last bits depend on the CPU's kernels
  // (fixture provenance: see its "provenance" block); layout, ids, labels and targets are exact.
  it('holds the rows, ids, labels and targets numpy read (features within 16 float32 ulps: CPU kernels differ)', async () => {
    const f = await readFeatures(join(dir, 'store'));
    expect([f.rows, f.dim]).to.deep.equal(expected.shape);
    expect(f.ids).to.deep.equal(expected.ids);
    expect(Array.from(f.labels)).to.deep.equal(expected.labels);
    expect([f.rows, f.meta.dataset.targetNames.length]).to.deep.equal(expected.targetsShape);
    expect(Array.from(f.targets)).to.deep.equal(expected.targets);
    for (let r = 0; r < f.rows; r++) {
      let s = 0;
      for (let j = 0; j < f.dim; j++) s += f.X[r * f.dim + j]!;
      // 8 features of ~0.4: the sum's own float64 rounding is nothing next to the features' cross-CPU spread
      expect(s).to.be.closeTo(expected.rowSums[r]!, FP32_CROSS_CPU_RTOL * 8);
    }
    expectAllClose(f.X.subarray(0, f.dim), expected.firstRow, { rtol: FP32_CROSS_CPU_RTOL, what: 'first row' });
  });
});
