import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { purity } from '@kenobi/cluster';
import { decodePng } from '@kenobi/imaging';
import { gz1FeatureStore, GZ1_CATALOG } from '../../../features/src/test-support/gz1-feature-store.js';
import { needShared } from '../../../../test/support/shared.js';
import { runCli } from '../run-cli.js';
import { commands } from './index.js';

describe('kenobi cluster on GZ1 DenseNet-121 features (real data)', function () {
  this.timeout(20 * 60_000); // the cached store is extracted once (~3 min on 2 cores) when absent

  it('k = 2 k-means: purity against morph_binary beats the majority fraction; montages of real cutouts', async function () {
    needShared(this, 'data/labeled/gz1_sdss/labels.csv', 'models/densenet121-keras-imagenet.onnx');
    const store = await gz1FeatureStore();
    const out = mkdtempSync(join(tmpdir(), 'kenobi-cluster-gz1-'));
    let err = '';
    const io = { stdout: new Writable({ write(_c, _e, cb) { cb(); } }), stderr: new Writable({ write(c, _e, cb) { err += String(c); cb(); } }) };
    expect(await runCli(['cluster', '--features', store, '--method', 'kmeans', '--k', '2', '--seed', '0', '--out', out], commands, io), err).to.equal(0);

    // morph_binary (elliptical / spiral / other) per objid, from the catalog.
    const lines = readFileSync(GZ1_CATALOG, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const [idCol, morphCol] = [header.indexOf('objid'), header.indexOf('morph_binary')];
    const morph = new Map(lines.slice(1).map((l) => { const c = l.split(','); return [c[idCol]!, c[morphCol]!]; }));
    const rows = readFileSync(join(out, 'assignments.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows).to.have.length(1221);
    const names = [...new Set(morph.values())].sort();
    const truth = rows.map(([id]) => names.indexOf(morph.get(id!)!));
    const clusters = rows.map(([, c]) => Number(c));
    const p = purity(truth, clusters);
    const majority = Math.max(...names.map((_, c) => truth.filter((t) => t === c).length)) / truth.length;
    // Elliptical vs spiral only (dropping 'other'), the usual two-class reading.
    const es = truth.map((t, i) => [t, clusters[i]!] as const).filter(([t]) => names[t] !== 'other');
    const pEs = purity(es.map(([t]) => t), es.map(([, c]) => c));
    const majorityEs = Math.max(...[0, 2].map((c) => es.filter(([t]) => t === c).length)) / es.length;
    console.log(`      GZ1 k = 2 purity vs morph_binary: ${p.toFixed(4)} (majority ${majority.toFixed(4)}); elliptical/spiral only: ${pEs.toFixed(4)} (majority ${majorityEs.toFixed(4)})`);
    expect(p).to.be.greaterThan(majority);
    expect(pEs).to.be.greaterThan(majorityEs);

    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m.extra.montages.unreadable).to.deep.equal([]);
    for (const c of [0, 1]) {
      expect(existsSync(join(out, `montage-cluster-${c}.png`))).to.equal(true);
      const img = decodePng(new Uint8Array(readFileSync(join(out, `montage-cluster-${c}.png`))));
      expect([img.width, img.height]).to.deep.equal([8 * 64 + 9 * 2, 2 + 2 * 66 + 6 + 2 + 66]);
    }
  });
});
