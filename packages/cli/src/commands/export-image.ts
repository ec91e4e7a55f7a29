/**
 * `kenobi export --head model.kenobi -o model.onnx` for an image model from `kenobi train --arch`: no
 * backbone to merge; one ONNX file with the trained CNN, optionally its preprocessing in the graph, and the
 * same `kenobi.export` metadata as backbone + head exports, so `kenobi predict`, the browser app and
 * onnxruntime in Python run it alike.
 */
import { graphView } from '@kenobi/onnx';
import { saveModelFile } from '@kenobi/onnx/node';
import type { CommandIo } from '../command.js';
import { imageModelOnnx, type ImageModelFile } from '../image-training/image-model-file.js';
import { UsageError } from '../usage-error.js';
import { commaList } from './comma-list.js';

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
  saveModelFile(out, proto);
  const view = graphView(proto);
  const info = JSON.parse(proto.metadata_props!.find((p) => p.key === 'kenobi.export')!.value!) as Record<string, unknown>;
  if (values['json']) {
    io.stdout.write(`${JSON.stringify({ written: out, inputs: view.inputs.map((i) => i.name), outputs: view.outputs.map((o) => o.name), info }, null, 2)}\n`);
  } else {
    io.stdout.write(`exported ${image.arch} image model ${headPath} -> ${out}\n`);
    io.stdout.write(`  input  ${view.inputs.map((i) => i.name).join(', ')} [N, ${image.model.inputChw.join(', ')}]${inGraph ? ' (raw 0-255 RGB pixels, NCHW float)' : ' (prepared input: scaled, standardised)'}\n`);
    io.stdout.write(`  output ${view.outputs.map((o) => o.name).join(', ')}; classes ${classes.join(', ')}\n`);
  }
  return 0;
}
