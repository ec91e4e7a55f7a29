import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { readNpy } from '@kenobi/core';
import { decodePng } from '@kenobi/imaging';
import { runCli } from '../run-cli.js';
import { montageLayout, MONTAGE_BAR, MONTAGE_GAP } from '../cluster/montage-grid.js';
import { writeClusterStore } from '../test-support/cluster-feature-store.js';
import { commands } from './index.js';

async function kenobi(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io = {
    stdout: new Writable({ write(c, _e, cb) { out += String(c); cb(); } }),
    stderr: new Writable({ write(c, _e, cb) { err += String(c); cb(); } }),
  };
  const code = await runCli(argv, commands, io);
  return { code, out, err };
}

const isPng = (path: string): boolean => {
  const b = readFileSync(path);
  return b.length > 100 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
};

describe('kenobi cluster', function () {
  this.timeout(120_000);
  const root = mkdtempSync(join(tmpdir(), 'kenobi-cluster-'));
  const rows = 60, dim = 6;
  const store = writeClusterStore(root, { rows, dim });

  it('k-means: assignments CSV, centroids .npy, metrics.json, embedding SVG + PNG, one montage per cluster', async () => {
    const out = join(root, 'km');
    const r = await kenobi(['cluster', '--features', store, '--method', 'kmeans', '--k', '3', '--nearest', '4', '--farthest', '2', '--thumb', '16', '--out', out, '--json']);
    expect(r.code, r.err).to.equal(0);
    const summary = JSON.parse(r.out);
    expect(summary.k).to.equal(3);

    const csv = readFileSync(join(out, 'assignments.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).to.equal('id,cluster,distance');
    expect(csv).to.have.length(rows + 1);
    for (const line of csv.slice(1)) {
      const [id, c, d] = line.split(',');
      expect(id).to.match(/^obj\d+$/);
      expect(Number(c)).to.be.within(0, 2);
      expect(Number(d)).to.be.at.least(0);
    }
    const npy = readNpy(new Uint8Array(readFileSync(join(out, 'centroids.npy'))));
    expect(npy.shape).to.deep.equal([3, dim]);

    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m).to.include.keys('n', 'k', 'sizes', 'inertia', 'silhouette', 'daviesBouldin', 'calinskiHarabasz', 'external', 'extra');
    expect(m.n).to.equal(rows);
    expect(m.external.purity).to.equal(1); // three separated blobs
    expect(m.external).to.include.keys('ari', 'nmi', 'contingency');

    expect(readFileSync(join(out, 'embedding.svg'), 'utf8')).to.match(/^<svg/);
    expect(isPng(join(out, 'embedding.png'))).to.equal(true);
    expect(existsSync(join(out, 'elbow.png'))).to.equal(false);

    const montages = readdirSync(out).filter((f) => /^montage-cluster-\d+\.png$/.test(f)).sort();
    expect(montages).to.deep.equal(['montage-cluster-0.png', 'montage-cluster-1.png', 'montage-cluster-2.png']);
    const img = decodePng(new Uint8Array(readFileSync(join(out, montages[0]!))));
    // 4 nearest + 2 farthest tiles of 16 px, 4 columns: one row of each, a red bar between.
    const width = 4 * 16 + 5 * MONTAGE_GAP;
    const height = MONTAGE_GAP + (16 + MONTAGE_GAP) + MONTAGE_BAR + MONTAGE_GAP + (16 + MONTAGE_GAP);
    expect([img.width, img.height]).to.deep.equal([width, height]);
    expect(montageLayout(4, 2, { thumb: 16 })).to.include({ width, height, columns: 4 });
    // The first tile is a real cutout (a saturated colour), not the grey placeholder.
    const p = (MONTAGE_GAP + 8) * img.width * img.channels + (MONTAGE_GAP + 8) * img.channels;
    const px = Array.from(img.data.subarray(p, p + 3));
    expect(Math.max(...px) - Math.min(...px)).to.be.greaterThan(100);
    expect(m.extra.montages.unreadable).to.deep.equal([]);
  });

  it('--k-range draws the elbow plot and picks k = 3 for three blobs', async () => {
    const out = join(root, 'sweep');
    const r = await kenobi(['cluster', '--features', store, '--method', 'kmeans', '--k-range', '2..6', '--out', out, '--json']);
    expect(r.code, r.err).to.equal(0);
    for (const f of ['elbow.svg', 'elbow.png', 'embedding.png', 'assignments.csv', 'centroids.npy', 'metrics.json']) expect(existsSync(join(out, f)), f).to.equal(true);
    expect(isPng(join(out, 'elbow.png'))).to.equal(true);
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m.extra.sweep.points.map((p: { k: number }) => p.k)).to.deep.equal([2, 3, 4, 5, 6]);
    expect(m.extra.sweep.chosenK).to.equal(3);
    expect(m.k).to.equal(3);
  });

  it('gmm with --k-range draws the BIC plot; probabilities in the CSV; --pca and umap embedding', async () => {
    const out = join(root, 'gmm');
    const r = await kenobi(['cluster', '--features', store, '--method', 'gmm', '--k-range', '2..4', '--pca', '4', '--embedding', 'umap', '--out', out]);
    expect(r.code, r.err).to.equal(0);
    expect(isPng(join(out, 'bic.png'))).to.equal(true);
    const csv = readFileSync(join(out, 'assignments.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).to.equal('id,cluster,probability');
    expect(csv.slice(1).every((l) => Number(l.split(',')[2]) > 0 && Number(l.split(',')[2]) <= 1)).to.equal(true);
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m.extra.sweep.chosenK).to.equal(3);
    expect(readNpy(new Uint8Array(readFileSync(join(out, 'centroids.npy')))).shape).to.deep.equal([3, 4]);
  });

  it('minibatch streams the store; dbscan finds the blobs with --eps', async () => {
    const mb = await kenobi(['cluster', '--features', store, '--method', 'minibatch', '--k', '3', '--out', join(root, 'mb'), '--json']);
    expect(mb.code, mb.err).to.equal(0);
    expect(JSON.parse(readFileSync(join(root, 'mb', 'metrics.json'), 'utf8')).external.purity).to.equal(1);
    const db = await kenobi(['cluster', '--features', store, '--method', 'dbscan', '--eps', '4', '--min-samples', '4', '--out', join(root, 'db'), '--json']);
    expect(db.code, db.err).to.equal(0);
    expect(JSON.parse(db.out).k).to.equal(3);
  });

  it('an empty store, a missing --eps and --k with --k-range give clear errors', async () => {
    const empty = writeClusterStore(join(root, 'e'), { rows: 3, dim: 4, empty: true });
    const r = await kenobi(['cluster', '--features', empty, '--method', 'kmeans', '--k', '2', '--out', join(root, 'e-out')]);
    expect(r.code).to.equal(1);
    expect(r.err).to.match(/cluster\/empty-input: the feature store .* holds no rows/);
    const u = await kenobi(['cluster', '--features', store, '--method', 'dbscan', '--out', join(root, 'x')]);
    expect(u.code).to.equal(2);
    expect(u.err).to.match(/dbscan needs --eps/);
    const both = await kenobi(['cluster', '--features', store, '--k', '3', '--k-range', '2..4', '--out', join(root, 'x')]);
    expect(both.code).to.equal(2);
  });
});
