/**
 * `kenobi evaluate --head tuned.kenobi --data <catalog|dir> --out <dir>` for a fine-tuned model from
 * `kenobi finetune`: its export on its backbone (built in memory, as `kenobi predict` runs it) over the
 * labelled images, and the same metrics.json, predictions.csv and plots as for image models, with the positive
 * class's AUC, TPR0 and TPR10 for two classes.
 */
import { resolve } from 'node:path';
import { datasetFingerprint } from '@kenobi/features/node';
import type { EpochLogs } from '@kenobi/learn';
import type { CommandIo } from '../command.js';
import { finetunedOnnx, type FinetunedModelFile } from '../finetune/finetuned-model-file.js';
import { writeImageEvaluation } from '../image-training/image-evaluation-report.js';
import { loadLabelledImages } from './labelled-images.js';
import { predictLabelledImages } from './predict-labelled-images.js';
import { ttaFlag } from './predict-run.js';
import { inSampleWarning } from './in-sample-warning.js';

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
  const tta = ttaFlag(values, 'evaluate');
  const classes = tuned.classes;
  const dataset = await loadLabelledImages(values, classes);
  const inSample = inSampleWarning((tuned.file.metadata['data'] as { fingerprint?: string } | undefined)?.fingerprint, datasetFingerprint(dataset));
  if (inSample) io.stderr.write(`warning: ${inSample}\n`);
  const { model } = await finetunedOnnx(tuned, { ...(typeof values['backbone'] === 'string' ? { backbone: values['backbone'] } : {}), flag: '--backbone', inGraph: true });
  const scored = await predictLabelledImages(model, dataset, classes, tta, values, io);
  const history = (tuned.file.metadata['training'] as { history?: EpochLogs[] } | undefined)?.history;
  return writeImageEvaluation({
    ...scored, classes, positive: tuned.positive, ...(history ? { history } : {}),
    model: { model: resolve(tuned.path), finetuned: { backbone: tuned.file.backbone }, ...(tta !== 'none' ? { tta } : {}) }, source: dataset.source,
  }, values, io);
}
