/**
 * `kenobi export --head model.kenobi -o model.onnx` for an image model from `kenobi train --arch`: no
 * backbone to merge; one ONNX file with the trained CNN, optionally its preprocessing in the graph, and the
 * same `kenobi.export` metadata as backbone + head exports, so `kenobi predict`, the browser app and
 * onnxruntime in Python run it alike.
 */
import type { CommandIo } from '../command.js';
import { imageModelOnnx, type ImageModelFile } from '../image-training/image-model-file.js';
import { UsageError } from '../usage-error.js';
import { commaList } from './comma-list.js';
import { saveExport } from './saved-export.js';

/**
 * Writes the export of `image` to `out`; `--model`, `--layer`, `--pool`, `--mc-dropout`, `--task` do not
 * apply (a usage error says so).
 *
 * @example
 * ```ts
 * await exportImage(readImageModelFile('lensnet.kenobi')!, 'lensnet.kenobi', 'lensnet.onnx', { 'with-preprocessing': true }, io);
 * ```
 */
export async function exportImage(image: ImageModelFile, headPath: string, out: string, values: Record<string, unknown>, io: CommandIo): Promise<number> {
  for (const flag of ['model', 'layer', 'pool', 'mc-dropout', 'task'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`kenobi export: --${flag} does not apply to an image model (${headPath} was trained with kenobi train --arch: it is the whole network)`);
  }
  const classes = commaList(values['classes']) ?? image.classes;
  const inGraph = values['with-preprocessing'] === true;
  const proto = imageModelOnnx(image, { inGraph, classes });
  saveExport(out, proto, { json: Boolean(values['json']), what: `${image.arch} image model ${headPath}`, inGraph, inputChw: image.model.inputChw }, io);
  return 0;
}
