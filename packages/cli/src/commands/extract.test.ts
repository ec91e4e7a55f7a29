import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { SeededRandom } from '@kenobi/core';
import { readFeatures, readJournal, readStoreMeta } from '@kenobi/features/node';
import { encodePng } from '@kenobi/imaging';
import { encodeModel, GraphBuilder } from '@kenobi/onnx';
import { cli } from '../test-support/run-cli-capture.js';

const repoRoot = resolve(import.meta.dirname, '../../../..');

/** A seeded Conv → GlobalAveragePool → Flatten → Gemm on [N, 3, 16, 16]; auto features = 'features' [N, 8]. */
function writeTinyModel(path: string): void {
  const b = new GraphBuilder({ seed: 3 });
  let x = b.input('input', 'float32', ['N', 3, 16, 16]);
  x = b.relu(b.conv(x, { outChannels: 8, kernel: 3, pad: 1 }));
  x = b.flatten(b.globalAveragePool(x), { name: 'features' });
  b.output(b.dense(x, { units: 3 }));
  writeFileSync(path, encodeModel(b.build()));
}

function writeCatalog(dir: string, n: number): string {
  const rng = new SeededRandom(2);
  mkdirSync(join(dir, 'img'), { recursive: true });
  const lines = ['objid,file,klass,z'];
  for (let i = 0; i < n; i++) {
    const data = Uint8Array.from({ length: 20 * 20 * 3 }, () => rng.int(256));
    writeFileSync(join(dir, `img/${i}.png`), encodePng({ width: 20, height: 20, channels: 3, data }));
    lines.push(`${1000 + i},img/${i}.png,${i % 2 === 0 ? 'spiral' : 'elliptical'},${(0.01 * i).toFixed(2)}`);
  }
  writeFileSync(join(dir, 'cat.csv'), `${lines.join('\n')}\n`);
  return join(dir, 'cat.csv');
}

describe('kenobi extract / features info / features merge', function () {
  this.timeout(180000);
  let dir: string;
  let model: string;
  let catalog: string;
  const common = (): string[] => ['--model', model, '--preset', 'unit', '--input-size', '16,16', '--data', catalog,
    '--id-col', 'objid', '--path-col', 'file', '--label-col', 'klass', '--batch', '10', '--rows-per-part', '25', '--workers', '1', '--device', 'cpu'];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenobi-cli-extract-'));
    model = join(dir, 'tiny.onnx');
    writeTinyModel(model);
    catalog = writeCatalog(join(dir, 'data'), 1500);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('after kill -9 in the middle, --resume completes the store: no row lost or duplicated, rows equal to an uninterrupted run', async () => {
    const full = await cli('extract', ...common(), '--out', join(dir, 'full'), '--json');
    expect(full.code, full.err).to.equal(0);
    const out = join(dir, 'killed');
    const child = spawn(process.execPath, ['--conditions=@kenobi/source', '--import', 'tsx', join(repoRoot, 'packages/cli/src/main.ts'), 'extract', ...common(), '--out', out],
      { cwd: repoRoot, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
    let killedAt = -1;
    for (let t = 0; t < 120000 / 5; t++) {
      const parts = existsSync(join(out, 'journal.jsonl')) ? readJournal(out).length : 0;
      if (parts >= 3) {
        child.kill('SIGKILL');
        killedAt = parts;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await exited).to.equal('SIGKILL');
    expect(killedAt).to.be.greaterThan(0);
    expect(readStoreMeta(out).status).to.equal('running');
    expect(readJournal(out).length).to.be.lessThan(60);
    const again = await cli('extract', ...common(), '--out', out, '--resume', '--json');
    expect(again.code, again.err).to.equal(0);
    const summary = JSON.parse(again.out) as { rows: number; resumedParts: number; imagesThisRun: number };
    expect(summary.rows).to.equal(1500);
    expect(summary.resumedParts).to.be.at.least(killedAt);
    expect(summary.imagesThisRun).to.equal(1500 - 25 * summary.resumedParts);
    const a = await readFeatures(join(dir, 'full'));
    const b = await readFeatures(out);
    expect(new Set(b.ids).size).to.equal(1500);
    expect(b.ids).to.deep.equal(a.ids);
    let worst = 0;
    for (let i = 0; i < a.X.length; i++) worst = Math.max(worst, Math.abs(a.X[i]! - b.X[i]!));
    expect(worst).to.be.at.most(1e-6);
  });

  it('a catalog missing a column fails before any work, naming the column', async () => {
    const out = join(dir, 'nope');
    const r = await cli('extract', ...common().map((v) => (v === 'klass' ? 'morphology' : v)), '--out', out);
    expect(r.code).to.equal(1);
    expect(r.err).to.contain("no column 'morphology'");
    expect(r.err).to.contain('objid, file, klass, z');
    expect(existsSync(out)).to.equal(false);
  });

  it('shards 0/2 and 1/2 merge into the unsharded store; features info shows it', async () => {
    for (const i of [0, 1]) expect((await cli('extract', ...common(), '--shard', `${i}/2`, '--out', join(dir, `sh${i}`))).code).to.equal(0);
    const m = await cli('features', 'merge', join(dir, 'sh1'), join(dir, 'sh0'), '-o', join(dir, 'merged'), '--json');
    expect(m.code, m.err).to.equal(0);
    expect(JSON.parse(m.out)).to.include({ rows: 1500, dim: 8 });
    const info = await cli('features', 'info', join(dir, 'merged'), '--json');
    const meta = JSON.parse(info.out) as { rows: number; dim: number; tensor: string; perClass: Record<string, number>; finite: boolean };
    expect([meta.rows, meta.dim, meta.tensor, meta.finite]).to.deep.equal([1500, 8, 'features', true]);
    expect(meta.perClass).to.deep.equal({ spiral: 750, elliptical: 750 });
    const text = await cli('features', 'info', join(dir, 'merged'));
    expect(text.out).to.match(/1500 rows x 8 features/);
    const a = await readFeatures(join(dir, 'merged'));
    expect(a.ids[0]).to.equal('1000');
    expect(readFileSync(join(dir, 'merged', 'meta.json'), 'utf8')).to.contain('"status": "complete"');
  });
});
