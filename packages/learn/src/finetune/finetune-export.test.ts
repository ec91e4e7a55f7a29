/**
 * The fine-tuned model as one ONNX file equals Kenobi's own forward (trunk session + blocks/head inference
 * session) ≤ 1e-4 on onnxruntime-node CPU and onnxruntime-web WASM, with and without preprocessing in the
 * graph; MC-dropout stays random; Python's onnx checker accepts it (when Debian's python3-onnx is there).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseAugment } from '@kenobi/features';
import { encodeModel, type ModelProto } from '@kenobi/onnx';
import { createSession, type Device } from '@kenobi/runtime';
import { matrix } from '../backend/matrix.js';
import { probabilities } from '../heads/predict-proba.js';
import { mlpHead } from '../heads/mlp-head.js';
import { exportFinetuned, finetunedModel } from './finetune-export.js';
import { fitFinetune } from './finetune-fit.js';
import { Finetuner } from './finetuner.js';
import { applyFinetuned, loadFinetuned, saveFinetuned } from './finetuned-file.js';
import { arrayInputs } from './trunk-inputs.js';
import { TrunkRunner } from './trunk-runner.js';
import { RecomputeTrunk } from './trunk-source.js';
import { smallImages, smallResnet } from './test-support/small-resnet.js';

const PRE = { scale: '0-1' as const, mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3], channelOrder: 'RGB' as const, inputSize: [16, 16] as [number, number] };

async function run(model: ModelProto, device: Device, input: string, x: Float32Array, n: number): Promise<Record<string, Float32Array>> {
  const s = await createSession(encodeModel(model), { device });
  try {
    const t = s.tensor(x, [n, 3, 16, 16]);
    const out = await s.session.run({ [input]: t });
    t.dispose();
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Float32Array.from(v.data as Float32Array)]));
  } finally {
    await s.dispose();
  }
}

async function runBoth(model: ModelProto, input: string, x: Float32Array, n: number): Promise<{ node: Float32Array; web: Float32Array }> {
  return { node: (await run(model, 'cpu', input, x, n))['probabilities']!, web: (await run(model, 'wasm', input, x, n))['probabilities']! };
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('learn/finetune: export of a fine-tuned model to one ONNX file', function () {
  this.timeout(120_000);
  const n = 12;
  const { x, y } = smallImages(n, 2, 9);
  let ft: Finetuner;
  let runner: TrunkRunner;
  let kenobi: Float32Array;

  before(async () => {
    ft = await Finetuner.create(smallResnet(), mlpHead({ inputs: 16, hidden: 8, dropout: 0.4, classes: 2, seed: 2 }), {
      cut: 'block1_out', feature: 'pooled', loss: 'binaryCrossEntropy', batchNorm: 'train', epochs: 2, batchSize: 4, threads: 1, optimizer: { name: 'adamw', lr: 1e-2, weightDecay: 0.05 },
    });
    runner = await TrunkRunner.open(ft.split.trunk, [3, 16, 16], ft.split.cutDims, 'cpu', { threads: 1 });
    const source = new RecomputeTrunk(arrayInputs(x, [3, 16, 16]), runner, parseAugment('dihedral'));
    await fitFinetune(ft, { source, items: Int32Array.from({ length: n }, (_, i) => i), labels: y });
    // Kenobi's own forward: the trunk session, then the blocks + head inference session (running statistics)
    const logits = await ft.inference.logits(source, Int32Array.from({ length: n }, (_, i) => i));
    const p = probabilities(matrix(n, 1, logits)).data;
    kenobi = Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 === 1 ? p[(i - 1) / 2]! : 1 - p[i / 2]!));
  });
  after(async () => {
    await ft.dispose();
    await runner.dispose();
  });

  it("equals Kenobi's forward ≤ 1e-4 on onnxruntime-node CPU and onnxruntime-web WASM", async () => {
    const merged = exportFinetuned(finetunedModel(ft), { classes: ['plain', 'red'] });
    const { node, web } = await runBoth(merged, 'input', x, n);
    expect(maxDiff(node, kenobi), 'node CPU').to.be.at.most(1e-4);
    expect(maxDiff(web, kenobi), 'WASM').to.be.at.most(1e-4);
    expect(maxDiff(kenobi, Float32Array.from(kenobi, () => 0.5)), 'the model is not trivial').to.be.above(1e-3);
  });

  it('with the preprocessing in the graph, raw 0–255 pixels give the same probabilities', async () => {
    const merged = exportFinetuned(finetunedModel(ft), { classes: ['plain', 'red'], preprocessing: PRE });
    const pixels = Float32Array.from(x, (v, i) => {
      const c = Math.floor(i / 256) % 3;
      return (v * PRE.std[c]! + PRE.mean[c]!) * 255;
    });
    const { node, web } = await runBoth(merged, 'pixels', pixels, n);
    expect(maxDiff(node, kenobi)).to.be.at.most(1e-4);
    expect(maxDiff(web, kenobi)).to.be.at.most(1e-4);
  });

  it('the .kenobi file round-trips: applied to the original backbone it exports the same model', async () => {
    const file = loadFinetuned(saveFinetuned(ft, { id: 'small', sha256: 'abc' }, { classes: ['plain', 'red'] }));
    expect(file.backbone).to.include({ cut: 'block1_out', feature: 'pooled', pool: 'none' });
    const merged = exportFinetuned({ backbone: applyFinetuned(smallResnet(), file, 'abc'), head: file.head, feature: file.backbone.feature, pool: file.backbone.pool });
    expect(maxDiff((await runBoth(merged, 'input', x, n)).node, kenobi)).to.be.at.most(1e-4);
    expect(() => applyFinetuned(smallResnet(), file, 'def')).to.throw(/fine-tuned from backbone abc/);
  });

  it('MC-dropout keeps the head random (two runs differ), the rest deterministic', async () => {
    const merged = exportFinetuned(finetunedModel(ft), { classes: ['plain', 'red'], mcDropout: true });
    // NOTE: one session run twice (each run is one MC sample; a fresh session starts its generator afresh).
    const s = await createSession(encodeModel(merged), { device: 'cpu' });
    try {
      const out = async (): Promise<Record<string, Float32Array>> => {
        const r = await s.session.run({ input: s.tensor(x, [n, 3, 16, 16]) });
        return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Float32Array.from(v.data as Float32Array)]));
      };
      const [a, b] = [await out(), await out()];
      expect(maxDiff(a['probabilities']!, b['probabilities']!)).to.be.above(1e-4);
      expect(maxDiff(a['features']!, b['features']!)).to.equal(0);
    } finally {
      await s.dispose();
    }
  });

  it("passes Python's onnx checker (full check)", function () {
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log(`      skipped: /usr/bin/python3 with onnx is not available (${(probe.stderr || String(probe.error)).trim().split('\n').pop()})`);
      this.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'kenobi-finetune-export-'));
    try {
      const path = join(dir, 'tuned.onnx');
      writeFileSync(path, encodeModel(exportFinetuned(finetunedModel(ft), { classes: ['plain', 'red'], preprocessing: PRE, mcDropout: true })));
      const r = spawnSync('/usr/bin/python3', ['-c', 'import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print("ok")', path], { encoding: 'utf8' });
      expect(r.stderr).to.equal('');
      expect(r.stdout.trim()).to.equal('ok');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
