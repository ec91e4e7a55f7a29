/**
 * Issue #14 §5: one fine-tuning epoch of DenseNet-121 (the last dense block + head trained, the rest frozen) on
 * the GZ1 training split (labels.csv's fixed split, elliptical vs spiral: 835 SDSS gri JPEGs) at `--threads`
 * (2), against PyTorch CPU doing the same (peers.py: torchvision densenet121, denseblock4 + norm5 + classifier
 * trainable, eval-mode batch norm, AdamW, same batch, its own DataLoader over the same JPEGs, resize to 224).
 *
 * Kenobi side (a fresh process per run, the API `kenobi finetune --unfreeze 17 --cache <dir>` runs):
 *  (a) the trunk cache: `buildTrunkStore` (decode in 1 worker, the frozen trunk to `pool4_pool` once per image
 *      and variant, into a feature store on disk); its disk bytes;
 *  (b) the training epoch: `Finetuner` + `fitFinetune` over the cache (AdamW lr 1e-4, layer-wise decay 0.75,
 *      BN frozen, batch 32, linear head), with the time spent reading the cache, and every read counted: rows
 *      served from the cache (hits) against trunk passes (misses: all of them during (a)), and, for dihedral,
 *      the share of the 8 cached variants the epochs 1..N actually read (`variantOf`, the function the reads use).
 * Runs: Kenobi none, PyTorch none, PyTorch dihedral, Kenobi dihedral (`--augment` limits them), sequentially.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/bench/finetune/run.ts [--threads 2] [--batch 32]
 *        [--augment none,dihedral] [--limit N] [--out results.json]
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, uptime } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Dataset } from '@kenobi/features';
import { cachedVariants, Finetuner, fitFinetune, LazyTrunkCache, linearHead, splitBackbone, variantOf, type TrunkSource } from '@kenobi/learn';
import { finetuneConfig } from '../../../packages/cli/src/finetune/finetune-config.js';
import { isIdentityTrunk, openTrunk, trunkPlan } from '../../../packages/cli/src/finetune/trunk-setup.js';
import { loadGz1, sharedRoot } from '../../../packages/features/src/test-support/gz1-feature-store.js';
import { gz1Catalog } from '../../../packages/learn/src/test-support/gz1-split.js';
import { benchPython, hasBenchPython, loadText, machineLine, peerVersions, versionsText, spawnJson } from '../peer-env.js';

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '2' }, batch: { type: 'string', default: '32' }, augment: { type: 'string', default: 'none,dihedral' },
    limit: { type: 'string' }, out: { type: 'string' }, worker: { type: 'string' }, 'worker-augment': { type: 'string' },
  },
});
process.env['KENOBI_MIRROR'] ??= join(sharedRoot, 'models');
const threads = Number(values.threads), batch = Number(values.batch);
const log = (line: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The train split's elliptical/spiral rows of labels.csv (ids → 0/1), in catalog order. */
function trainSplit(): Map<string, number> {
  const keep = new Map<string, number>();
  for (const [id, row] of gz1Catalog()) if (row.split === 'train' && row.morph !== 'other') keep.set(id, row.morph === 'spiral' ? 1 : 0);
  return keep;
}

async function dataset(): Promise<{ ds: Dataset; labels: Int32Array }> {
  const all = await loadGz1(), split = trainSplit();
  const train = all.items.filter((it) => split.has(it.id));
  // NOTE: --limit takes every k-th row (the catalog is grouped by class), so both classes stay in.
  const step = values.limit ? Math.max(1, Math.floor(train.length / Number(values.limit))) : 1;
  const items = train.filter((_, i) => i % step === 0).slice(0, values.limit ? Number(values.limit) : undefined);
  return { ds: { ...all, items }, labels: Int32Array.from(items, (it) => split.get(it.id)!) };
}

const du = (dir: string): number => readdirSync(dir).reduce((a, f) => a + statSync(join(dir, f)).size, 0);

/** A source that counts what the epoch reads and how long the reads take. */
function counted(source: TrunkSource, stats: { rows: number; ms: number }): TrunkSource {
  return Object.assign(Object.create(source) as TrunkSource, {
    read: async (items: ArrayLike<number>, out: Float32Array, at?: { seed: number; epoch: number }) => {
      const t0 = performance.now();
      await source.read(items, out, at);
      stats.ms += performance.now() - t0;
      stats.rows += items.length;
    },
  });
}

/** Worker: one Kenobi run (trunk cache + one epoch) in a fresh process, through kenobi finetune's own config and trunk setup. */
async function kenobi(mode: string): Promise<Record<string, unknown>> {
  const { ds } = await dataset();
  const split = trainSplit();
  const dir = mkdtempSync(join(tmpdir(), 'kenobi-bench-finetune-'));
  try {
    // NOTE: the catalog of the training rows (absolute paths), so finetuneConfig reads exactly what `kenobi finetune --data` would.
    const catalog = join(dir, 'train.csv');
    writeFileSync(catalog, `objid,file,morph\n${ds.items.map((it) => `${it.id},${(it.source as { path: string }).path},${split.get(it.id) ? 'spiral' : 'elliptical'}`).join('\n')}\n`);
    const disk = mode.endsWith('-disk');
    const values: Record<string, unknown> = {
      model: 'densenet121-keras', data: catalog, 'id-col': 'objid', 'path-col': 'file', 'label-col': 'morph', unfreeze: '17', augment: mode.replace(/-disk$/, ''),
      batch: String(batch), threads: String(threads), workers: '1', epochs: '1', out: join(dir, 'bench.kenobi'), ...(disk ? { cache: join(dir, 'trunk') } : {}),
    };
    const config = await finetuneConfig(values, () => {});
    const fsplit = splitBackbone(config.backbone, config.options);
    const plan = trunkPlan(config, fsplit.cutDims, isIdentityTrunk(fsplit));
    let t0 = performance.now(), c0 = process.cpuUsage();
    const trunk = await openTrunk(config, fsplit, () => {});
    const source = trunk.source;
    const build = { seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuOf(c0), mode: trunk.mode, line: plan.line, diskBytes: disk ? du(join(dir, 'trunk')) : 0, bytes: source.bytes };
    log(`kenobi ${mode}: ${plan.line}; set up in ${build.seconds.toFixed(1)} s (load ${loadText()})`);
    t0 = performance.now();
    const ft = await Finetuner.create(config.backbone, linearHead({ inputs: fsplit.width, classes: 2 }), config.options);
    const create = (performance.now() - t0) / 1000;
    const stats = { rows: 0, ms: 0 };
    const items = Int32Array.from(ds.items, (_, i) => i);
    t0 = performance.now(); c0 = process.cpuUsage();
    let loss = NaN;
    await fitFinetune(ft, { source: counted(source, stats), items, labels: config.labels }, { onProgress: (e) => { if (e.kind === 'epoch') loss = e.logs.loss; } });
    const lazy = source instanceof LazyTrunkCache ? source.stats() : undefined;
    const epoch = { seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuOf(c0), readSeconds: stats.ms / 1000, rowsRead: stats.rows, loss, trainable: ft.trainable.reduce((a, p) => a + p.value.length, 0), ...(lazy ? { lazy } : {}) };
    log(`kenobi ${mode}: epoch ${epoch.seconds.toFixed(1)} s (cache reads incl. trunk passes on misses ${epoch.readSeconds.toFixed(1)} s)${lazy ? `, hits ${lazy.hits}, misses ${lazy.misses}` : ''}; session ${create.toFixed(1)} s (load ${loadText()})`);
    await ft.dispose();
    // NOTE: which cached variant each (epoch, image) reads is a pure function of (seed, epoch, item): the share
    // of the 8 variants epochs 1..N draw (the misses of a lazily filled cache) is counted exactly, without running them.
    const [h, w] = config.preprocessing.config.inputSize;
    const augment = config.augment, variants = cachedVariants(augment);
    const touched = new Set<number>(), coverage: number[] = [];
    for (let e = 0; e < 8; e++) {
      for (let i = 0; i < items.length; i++) touched.add(i * 8 + (variants > 1 ? variantOf(augment, config.options.seed ?? 0, e, i, h, w) : 0));
      coverage.push(touched.size / (items.length * variants));
    }
    await trunk.dispose();
    return { augment: mode, images: items.length, build, create, epoch, coverage };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cpuOf = (c0: NodeJS.CpuUsage): number => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1e6; };

if (values.worker) {
  console.log(JSON.stringify(await kenobi(values['worker-augment']!)));
  process.exit(0);
}

const sideEnv = { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
const side = (cmd: string, args: readonly string[]): Record<string, any> => spawnJson(cmd, args, sideEnv, { inheritStderr: true, maxBuffer: 1 << 24 });

const self = fileURLToPath(import.meta.url);
const { ds } = await dataset();
const split = trainSplit();
const list = join(mkdtempSync(join(tmpdir(), 'kenobi-bench-finetune-list-')), 'train.tsv');
writeFileSync(list, ds.items.map((it) => `${(it.source as { path: string }).path}\t${split.get(it.id)}`).join('\n') + '\n');
const peer = hasBenchPython();
const versions = peer ? peerVersions(['torch', 'torchvision']) : {};
log(`${ds.items.length} training images; ${machineLine(threads)}; uptime ${(uptime() / 3600).toFixed(1)} h; peer ${peer ? versionsText(versions) : 'absent'}`);
const results: Record<string, unknown>[] = [];
for (const augment of values.augment.split(',')) {
  const pair: (() => void)[] = [
    () => { results.push({ side: 'kenobi', load: loadText(), ...side(process.execPath, ['--conditions=@kenobi/source', '--import', 'tsx', self, '--worker', '1', '--worker-augment', augment, '--threads', String(threads), '--batch', String(batch), ...(values.limit ? ['--limit', values.limit] : [])]) }); },
    () => {
      if (!peer) return;
      const p = side(benchPython, [join(import.meta.dirname, 'peers.py'), list, String(threads), String(batch), augment, '1']);
      log(`pytorch ${augment}: epoch ${Number(p['seconds']).toFixed(1)} s (loader wait ${Number(p['loaderWaitSeconds']).toFixed(1)} s) (load ${loadText()})`);
      results.push({ side: 'pytorch', augment, load: loadText(), ...p });
    },
  ];
  // NOTE: alternate the order (K P, P K) so a load trend does not favour one side.
  for (const run of results.length % 4 === 0 ? pair : [...pair].reverse()) run();
}
const out = { machine: machineLine(threads), uptimeHours: uptime() / 3600, node: process.versions.node, peer: versions, threads, batch, results };
if (values.out) writeFileSync(values.out, `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
for (const augment of values.augment.split(',')) {
  const k = results.find((r) => r['side'] === 'kenobi' && r['augment'] === augment) as { build: { seconds: number }; epoch: { seconds: number } } | undefined;
  const p = results.find((r) => r['side'] === 'pytorch' && r['augment'] === augment) as { seconds: number } | undefined;
  if (!k || !p) continue;
  const n = (e: number): string => `${e} epoch${e > 1 ? 's' : ''} ${((k.build.seconds + e * k.epoch.seconds) / (e * p.seconds)).toFixed(2)}×`;
  console.log(`${augment}: Kenobi cache ${k.build.seconds.toFixed(1)} s + epoch ${k.epoch.seconds.toFixed(1)} s vs PyTorch epoch ${p.seconds.toFixed(1)} s: epoch alone ${(k.epoch.seconds / p.seconds).toFixed(2)}×; with the cache build over ${[1, 2, 4, 8].map(n).join(', ')}`);
}
