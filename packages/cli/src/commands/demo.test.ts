import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { decodeModel } from '@kenobi/onnx';
import { createSession } from '@kenobi/runtime';
import { needShared, repoRoot, sharedPath } from '../../../../test/support/shared.js';

/** Runs `kenobi demo --smoke --json` in a child process with `env` added to this one's (never replaced here). */
function demo(out: string, env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@kenobi/source', '--import', 'tsx', join(repoRoot, 'packages/cli/src/main.ts'), 'demo', '--smoke', '--json', '--out', out, ...args], {
      cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out: stdout, err: stderr }));
  });
}

/** Runs lens-finder.onnx in onnxruntime on two random 0–255 images of its input size; checks and returns what it gives. */
async function runExport(path: string): Promise<{ width: number; info: { input: { dims: (number | string)[] }; classes: string[] } }> {
  const bytes = new Uint8Array(readFileSync(path));
  const model = decodeModel(bytes);
  const info = JSON.parse(model.metadata_props!.find((p) => p.key === 'kenobi.export')!.value!) as { input: { name: string; dims: (number | string)[] }; classes: string[] };
  expect(info.input.name).to.equal('pixels');
  const dims = [2, ...info.input.dims.slice(1).map(Number)];
  const data = Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => (i * 7919) % 256);
  const session = await createSession(bytes, { device: 'cpu' });
  try {
    const out = await session.run({ pixels: { data, dims } });
    const p = out['probabilities']!.data as Float32Array;
    expect(p.length).to.equal(4);
    for (const r of [0, 1]) {
      expect(p[2 * r]! + p[2 * r + 1]!).to.be.closeTo(1, 1e-5);
      expect(p[2 * r + 1]).to.be.within(0, 1);
    }
    const f = out['features']!.data as Float32Array;
    expect(f.every(Number.isFinite)).to.equal(true);
    return { width: f.length / 2, info };
  } finally {
    await session.dispose();
  }
}

type Metrics = { path: string; rows: number; folds: number; outOfFold: { auc: number; confusion: number[][] }; perFold: { auc: number }[]; classes: string[]; [k: string]: unknown };

function checkMetrics(dir: string, rows: number, folds: number): Metrics {
  const m = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as Metrics;
  expect(m.rows).to.equal(rows);
  expect(m.folds).to.equal(folds);
  expect(m.perFold).to.have.length(folds);
  expect(m.outOfFold.auc).to.be.within(0, 1);
  expect(m.outOfFold.confusion.flat().reduce((a, b) => a + b, 0)).to.equal(rows);
  expect(m.classes).to.deep.equal(['non-lens', 'lens']);
  for (const f of ['roc.png', 'confusion.png', 'loss.png', 'kmeans-montage.png', 'losses.json']) expect(readFileSync(join(dir, f)).length, f).to.be.above(0);
  return m;
}

describe('kenobi demo --smoke: both paths', function () {
  this.timeout(300_000);
  const dirs: string[] = [];
  const temp = (name: string): string => {
    const d = mkdtempSync(join(tmpdir(), `kenobi-demo-${name}-`));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  // NOTE: the default --unfreeze (1), as CI's `pnpm demo:smoke` runs it: the trained block, its export and its features.
  it('with DenseNet-121 in the mirror, by default: fine-tunes the last block, 2-fold metrics, an export that matches the trainer and runs', async function () {
    needShared(this, 'models/densenet121-keras-imagenet.onnx');
    const out = temp('ft');
    const r = await demo(out, { KENOBI_MIRROR: sharedPath('models'), KENOBI_OFFLINE: '1', KENOBI_CACHE: temp('ft-cache') });
    expect(r.code, r.err).to.equal(0);
    expect(r.err).to.match(/demo: backbone densenet121-keras \(mirror\): fine-tuning its last 1 block with an MLP head \(--unfreeze 1, the default: of k = 1, 2 measured/);
    const m = checkMetrics(out, 120, 2);
    expect(m.path).to.equal('finetune');
    expect(m['backbone']).to.equal('densenet121-keras');
    expect(m['unfreeze']).to.equal(1);
    // the exported file (kenobi predict's path) against the trainer's own forward on 8 cutouts
    expect(m['exportMaxAbsDiff'] as number).to.be.below(1e-4);
    const summary = JSON.parse(r.out) as { embeddingDim: number; path: string };
    const { width, info } = await runExport(join(out, 'lens-finder.onnx'));
    expect(info.input.dims.slice(1)).to.deep.equal([3, 224, 224]);
    expect(width).to.equal(summary.embeddingDim);
  });

  it('with no backbone anywhere (empty mirror, offline, empty cache): says so in one line and trains the seeds\' CNN from scratch', async () => {
    const out = temp('scratch');
    const r = await demo(out, { KENOBI_MIRROR: temp('empty-mirror'), KENOBI_OFFLINE: '1', KENOBI_CACHE: temp('scratch-cache') });
    expect(r.code, r.err).to.equal(0);
    const said = r.err.split('\n').filter((l) => /backbone|cannot be had/.test(l));
    expect(said).to.have.length(1);
    expect(said[0]).to.match(/^demo: no pretrained backbone here .*training seeds-cnn from scratch/);
    const m = checkMetrics(out, 120, 2);
    expect(m.path).to.equal('scratch');
    expect(m['arch']).to.equal('seeds-cnn');
    expect(readFileSync(join(out, 'lens-cnn.kenobi')).length).to.be.above(0);
    const summary = JSON.parse(r.out) as { embeddingDim: number };
    const { width, info } = await runExport(join(out, 'lens-finder.onnx'));
    expect(info.input.dims.slice(1)).to.deep.equal([3, 32, 32]);
    expect(width).to.equal(summary.embeddingDim);
  });
});
