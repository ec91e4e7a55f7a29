/**
 * `kenobi evaluate --head model.kenobi --data <catalog|dir|stack> --out <dir>` for an image model from
 * `kenobi train --arch`: its images prepared as in training (decode workers, the recorded preprocessing),
 * the CNN run on ONNX Runtime, and the same metrics.json, predictions.csv and plots as for heads, plus the
 * positive class's AUC, TPR0 and TPR10.
 */
import { resolve } from 'node:path';
import { hardwareConcurrency } from '@kenobi/core';
import { datasetFingerprint, DatasetImageSource, DecodedInputs, DecodePool } from '@kenobi/features/node';
import { ImageInference, type EpochLogs } from '@kenobi/learn';
import type { CommandIo } from '../command.js';
import { imageModelOnnx, type ImageModelFile } from '../image-training/image-model-file.js';
import { writeImageEvaluation } from '../image-training/image-evaluation-report.js';
import { UsageError } from '../usage-error.js';
import { decodeLimitFlags } from './decode-flags.js';
import { loadLabelledImages } from './labelled-images.js';
import { predictLabelledImages } from './predict-labelled-images.js';
import { ttaFlag } from './predict-run.js';
import { inSampleWarning } from './in-sample-warning.js';

/**
 * Evaluates `image` on `--data` (labels by class name; a label the model does not know is
 * `learn/shape-mismatch`) and writes the report to `--out`. `--backbone` is a usage error: the image model is
 * the whole network.
 *
 * @example
 * ```ts
 * await evaluateImage(readImageModelFile('lensnet.kenobi')!, { head: 'lensnet.kenobi', data: 'test/catalog.csv', out: 'eval' }, io);
 * ```
 */
export async function evaluateImage(image: ImageModelFile, values: Record<string, unknown>, io: CommandIo): Promise<number> {
  if (values['backbone'] !== undefined) {
    throw new UsageError(`kenobi evaluate: --backbone does not apply to an image model (${String(values['head'])} was trained with kenobi train --arch: it is the whole network, with no backbone to choose)`);
  }
  const tta = ttaFlag(values, 'evaluate');
  const dataset = await loadLabelledImages(values, image.classes, { bands: image.bandNames, io });
  const { items } = dataset;
  const inSample = inSampleWarning((image.metadata['data'] as { fingerprint?: string } | undefined)?.fingerprint, datasetFingerprint(dataset));
  if (inSample) io.stderr.write(`warning: ${inSample}\n`);
  const { model } = image;
  const history = (image.metadata['training'] as { history?: EpochLogs[] } | undefined)?.history;
  const about = { model: resolve(values['head'] as string), arch: image.arch };
  if (tta === 'dihedral') {
    // NOTE: test-time augmentation runs the model as kenobi predict does: its export (preprocessing in the
    // graph, equal to this path ≤ 1e-4), 8 rotations and flips per image, the probabilities averaged
    const scored = await predictLabelledImages(imageModelOnnx(image, { inGraph: true }), dataset, image.classes, tta, values, io);
    return writeImageEvaluation({
      ...scored, classes: image.classes, positive: image.positive, ...(history ? { history } : {}), model: { ...about, tta }, source: dataset.source,
    }, values, io);
  }
  const y = Int32Array.from(items, (it) => image.classes.indexOf(it.label!));
  const pool = new DecodePool(Math.max(1, Math.min(2, hardwareConcurrency() - 1)), decodeLimitFlags('evaluate', values));
  const inference = new ImageInference(model, 'cpu', 32);
  let p: Float32Array;
  try {
    const inputs = new DecodedInputs(dataset, { preprocessing: image.preprocessing, pool, purpose: 'evaluate' });
    p = (await inference.run(new DatasetImageSource(inputs, Int32Array.from(items, (_, i) => i)))).output;
  } finally {
    await inference.dispose();
    await pool.dispose();
  }
  return writeImageEvaluation({
    items, y, classes: image.classes, outputs: p, k: model.outputs, positive: image.positive, ...(history ? { history } : {}),
    model: about, source: dataset.source,
  }, values, io);
}
