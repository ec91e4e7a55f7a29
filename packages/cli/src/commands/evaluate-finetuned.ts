/**
 * `kenobi evaluate --head tuned.kenobi --data <catalog|dir> --out <dir>` for a fine-tuned model from
 * `kenobi finetune`: its export on its backbone (built in memory, as `kenobi predict` runs it) over the
 * labelled images, and the same metrics.json, predictions.csv and plots as for image models, with the positive
 * class's AUC, TPR0 and TPR10 for two classes.
 */
import { resolve } from 'node:path';
import { loadDataset, type CatalogColumns } from '@kenobi/features/node';
import { LearnError, type EpochLogs } from '@kenobi/learn';
import type { CommandIo } from '../command.js';
import { finetunedOnnx, type FinetunedModelFile } from '../finetune/finetuned-model-file.js';
import { writeImageEvaluation } from '../image-training/image-evaluation-report.js';
import { decodeLimitFlags, failureSummary } from './decode-flags.js';
import { predictDataset, ttaFlag } from './predict-run.js';

const list = (v: unknown): string[] | undefined => (typeof v === 'string' && v !== '' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : undefined);

/**
 * Evaluates `tuned` on `--data` (labels by class name; a label the model does not know is
 * `learn/shape-mismatch`; images that cannot be read are reported and left out) and writes the report to `--out`.
 *
 * @example
 * ```ts
 * await evaluateFinetuned(readFinetunedFile('gz1.kenobi')!, { head: 'gz1.kenobi', data: 'gz1/test.csv', out: 'eval' }, io);
 * ```
 */
export async function evaluateFinetuned(tuned: FinetunedModelFile, values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const bands = list(values['bands']);
  const columns: CatalogColumns = {
    ...(typeof values['id-col'] === 'string' ? { id: values['id-col'] } : {}), ...(typeof values['path-col'] === 'string' ? { path: values['path-col'] } : {}),
    ...(typeof values['label-col'] === 'string' ? { label: values['label-col'] } : {}), ...(bands ? { bands } : {}), targets: [],
  };
  const all = await loadDataset(values['data'] as string, { columns });
  const labelled = all.items.filter((it) => it.label !== undefined);
  if (labelled.length === 0) throw new LearnError('learn/bad-argument', `${all.source} has no labelled images to evaluate on`, { hint: 'name the label column with --label-col (or use kenobi predict for unlabelled images)' });
  const classes = tuned.classes;
  const unknown = [...new Set(labelled.map((it) => it.label!))].filter((l) => !classes.includes(l));
  if (unknown.length > 0) {
    throw new LearnError('learn/shape-mismatch', `the labels of ${all.source} do not match the model's classes: ${unknown.map((l) => `'${l}'`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among ${classes.join(', ')}`, {
      hint: 'evaluate on data labelled with the classes the model was trained on (--label-col)', details: { unknown, classes },
    });
  }
  const { model } = await finetunedOnnx(tuned, { ...(typeof values['backbone'] === 'string' ? { backbone: values['backbone'] } : {}), flag: '--backbone', inGraph: true });
  const tta = ttaFlag(values, 'evaluate');
  const result = await predictDataset(model, { ...all, items: labelled }, { device: 'cpu', batchSize: 32, tta, ...decodeLimitFlags('evaluate', values) });
  for (const line of failureSummary(result.failures)) io.stderr.write(`kenobi evaluate: ${line.trimStart()}\n`);
  const rows = result.rows;
  if (rows.length === 0) throw new LearnError('learn/bad-argument', `none of the ${labelled.length} labelled images of ${all.source} could be read`);
  const width = classes.length;
  const outputs = Float32Array.from({ length: rows.length * width }, (_, i) => rows[Math.floor(i / width)]!.values[i % width]!);
  const y = Int32Array.from(rows, (r) => classes.indexOf(r.label!));
  const history = (tuned.file.metadata['training'] as { history?: EpochLogs[] } | undefined)?.history;
  return writeImageEvaluation({
    items: rows.map((row) => ({ id: row.id, label: row.label! })), y, classes, outputs, k: width, positive: tuned.positive, ...(history ? { history } : {}),
    model: { model: resolve(tuned.path), finetuned: { backbone: tuned.file.backbone }, ...(tta !== 'none' ? { tta } : {}) }, source: all.source,
    failures: result.failures.map((f) => ({ id: f.id, code: f.code })),
  }, values, io);
}
