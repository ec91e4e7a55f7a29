/**
 * Choosing GZ1 fine-tuning settings without the test split: 5-fold cross-validation on the TRAINING split's
 * elliptical and spiral rows (835; folds stratified by class, fixed by a hash of the objid). Each fold trains
 * the frozen linear probe on its own training rows, fine-tunes DenseNet-121's last dense block from it
 * (`--unfreeze 17`, dihedral augmentation from the trunk cache of `gz1-densenet.ts`, AdamW, cosine with 1
 * warm-up epoch, BN frozen, batch 32, seed 0) and scores its held-out rows after every epoch, and at the end
 * with an exponential moving average of the weights (per step, decays 0.9 / 0.95 / 0.98) and with their
 * average over the second half of the epochs (SWA). Prints per-fold AUCs, the mean of the folds and the AUC of
 * the pooled out-of-fold scores. `--fresh-head` starts from a seeded linear head instead of the probe (what
 * `kenobi finetune` does without `--head`). `--test` instead trains on all 835 rows and scores the 215 test
 * rows once.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/bench/finetune/gz1-cv.ts [--lr 1e-4] [--decay 0.9] [--epochs 8] [--wd 0.05] [--fresh-head] [--test]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAugment, type ImagePreprocessing } from '@kenobi/features';
import { evaluateFinetune, Finetuner, fitFinetune, linearHead, planUnfreeze, rocAuc, trainHead, type FinetuneData } from '@kenobi/learn';
import { buildTrunkStore } from '@kenobi/learn/node';
import { decodeModel } from '@kenobi/onnx';
import type { PreprocessingConfig } from '@kenobi/imaging';
import { resolveModelArg } from '@kenobi/zoo/node';
import { gz1FeatureStore, loadGz1, sharedRoot } from '../../../packages/features/src/test-support/gz1-feature-store.js';
import { gz1Rows, readFeatures } from '../../../packages/learn/src/test-support/gz1-split.js';
import { matrix } from '../../../packages/learn/src/backend/matrix.js';

const { values } = parseArgs({ options: { epochs: { type: 'string', default: '8' }, lr: { type: 'string', default: '1e-4' }, decay: { type: 'string', default: '0.9' }, folds: { type: 'string', default: '5' }, test: { type: 'boolean', default: false }, wd: { type: 'string', default: '0.05' }, 'fresh-head': { type: 'boolean', default: false } } });
process.env['KENOBI_MIRROR'] ??= join(sharedRoot, 'models');
const repoRoot = resolve(import.meta.dirname, '../../..');
const dataset = await loadGz1();
const resolved = await resolveModelArg('densenet121-keras');
const bytes = new Uint8Array(readFileSync(resolved.path));
const backbone = decodeModel(bytes);
const plan = planUnfreeze(backbone, 17);
const config = Object.assign({ layout: 'NCHW' }, resolved.entry!.preprocessing) as PreprocessingConfig;
const preprocessing: ImagePreprocessing = { config, tta: 'none' };
const cache = await buildTrunkStore(dataset, { backbone: { bytes, id: 'densenet121-keras' }, cut: plan.cut, cutDims: [512, 7, 7], preprocessing, augment: parseAugment('dihedral'), dir: join(repoRoot, '.kenobi-cache', 'finetune', `gz1-densenet121-${plan.cut}-dihedral`), batchSize: 16, workers: 1 });
const table = await readFeatures(await gz1FeatureStore());
const itemOf = new Map(dataset.items.map((it, i) => [it.id, i]));
const train = gz1Rows(table, 'train', 'binary'), test = gz1Rows(table, 'test', 'binary');
const epochs = Number(values.epochs);
const EMAS = [0.9, 0.95, 0.98];
type Out = Record<string, Float32Array>;
async function run(trRows: number[], vaRows: number[] | 'test'): Promise<{ out: Out; y: Int32Array }> {
  const d = train.x.cols;
  const xs = new Float32Array(trRows.length * d); trRows.forEach((r, i) => xs.set(train.x.data.subarray(r * d, (r + 1) * d), i * d));
  const ys = Int32Array.from(trRows, (r) => train.y[r]!);
  const probe = await trainHead(matrix(trRows.length, d, xs), ys, { head: 'linear', task: 'classification', classes: 2, c: 1, epochs: 1000 });
  const mk = (ids: readonly string[], y: ArrayLike<number>, rows: number[]): FinetuneData => ({ source: cache, items: Int32Array.from(rows, (r) => itemOf.get(ids[r]!)!), labels: Int32Array.from(rows, (r) => y[r]!) });
  const trData = mk(train.ids, train.y, trRows);
  const vaData = vaRows === 'test' ? mk(test.ids, test.y, test.ids.map((_, i) => i)) : mk(train.ids, train.y, vaRows);
  // --fresh-head: a linear head drawn with the seed, as `kenobi finetune` makes without --head
  const head = values['fresh-head'] ? linearHead({ inputs: d, classes: 2, seed: 0 }) : probe.model;
  const ft = await Finetuner.create(backbone, head, { cut: plan.cut, feature: plan.feature, paramBlocks: plan.paramBlocks, loss: 'binaryCrossEntropy', batchNorm: 'frozen', optimizer: { name: 'adamw', lr: Number(values.lr), weightDecay: Number(values.wd) }, lrDecay: Number(values.decay), schedule: { kind: 'cosine', warmup: 1 }, epochs, batchSize: 32, seed: 0, threads: 2 });
  const W = () => ft.weights().map((w) => w.value);
  const emas = EMAS.map(() => W().map((w) => Float32Array.from(w)));
  const swa = W().map((w) => new Float32Array(w.length)); let swaN = 0;
  const out: Out = {};
  const evalWith = async (ws: Float32Array[] | undefined, name: string): Promise<void> => {
    const save = W().map((w) => Float32Array.from(w));
    if (ws) W().forEach((w, i) => w.set(ws[i]!));
    const e = await evaluateFinetune(ft, vaData);
    out[name] = e.outputs;
    if (ws) W().forEach((w, i) => w.set(save[i]!));
  };
  await fitFinetune(ft, trData, { onProgress: async (e) => {
    if (e.kind === 'batch') { const w = W(); EMAS.forEach((a, k) => emas[k]!.forEach((m, i) => { const x = w[i]!; for (let j = 0; j < m.length; j++) m[j] = a * m[j]! + (1 - a) * x[j]!; })); }
    else {
      const ep = e.logs.epoch + 1;
      await evalWith(undefined, `raw@${ep}`);
      if (ep > epochs / 2) { const w = W(); swaN++; swa.forEach((s, i) => { for (let j = 0; j < s.length; j++) s[j] = s[j]! + (w[i]![j]! - s[j]!) / swaN; }); }
    }
  } });
  for (let k = 0; k < EMAS.length; k++) await evalWith(emas[k], `ema${EMAS[k]}`);
  await evalWith(swa, 'swa');
  await ft.dispose();
  return { out, y: vaData.labels as Int32Array };
}
if (values.test) {
  const { out, y } = await run(train.ids.map((_, i) => i), 'test');
  for (const [k, v] of Object.entries(out)) console.log(`test ${k}: AUC ${rocAuc(y, v).toFixed(4)}`);
} else {
  const F = Number(values.folds);
  // folds stratified by class, in the order of a hash of the objid (fixed, independent of the settings)
  const perm = train.ids.map((_, i) => i).sort((a, b) => hash(train.ids[a]!) - hash(train.ids[b]!));
  const fold = new Int32Array(train.ids.length); const cnt = [0, 0];
  for (const r of perm) { fold[r] = cnt[train.y[r]!]! % F; cnt[train.y[r]!]!++; }
  const pooled: Record<string, { p: number[]; y: number[]; aucs: number[] }> = {};
  for (let f = 0; f < F; f++) {
    const tr = [...fold.keys()].filter((r) => fold[r] !== f), va = [...fold.keys()].filter((r) => fold[r] === f);
    const { out, y } = await run(tr, va);
    for (const [k, v] of Object.entries(out)) { const s = (pooled[k] ??= { p: [], y: [], aucs: [] }); s.p.push(...v); s.y.push(...y); s.aucs.push(rocAuc(y, v)); }
    console.log(`fold ${f}: ` + Object.entries(out).map(([k, v]) => `${k} ${rocAuc(y, v).toFixed(4)}`).join('  '));
  }
  for (const [k, s] of Object.entries(pooled)) console.log(`${k}: pooled AUC ${rocAuc(Int32Array.from(s.y), Float32Array.from(s.p)).toFixed(4)} mean fold ${(s.aucs.reduce((a, b) => a + b) / s.aucs.length).toFixed(4)}`);
}
await cache.dispose();
function hash(s: string): number { let h = 2166136261; for (const c of s) { h ^= c.charCodeAt(0); h = Math.imul(h, 16777619); } return h >>> 0; }
