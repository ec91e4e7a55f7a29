/**
 * `kenobi export --head tuned.kenobi -o tuned.onnx` for a fine-tuned model from `kenobi finetune`: its backbone
 * (the recorded zoo id, or `--model`) with the fine-tuned blocks written back, cut at the feature tensor, plus
 * the head, as one ONNX file: what `kenobi finetune --export` writes, with or without the preprocessing in the
 * graph and MC-dropout.
 */
import type { CommandIo } from '../command.js';
import { finetunedOnnx, type FinetunedModelFile } from '../finetune/finetuned-model-file.js';
import { progressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';
import { commaList } from './comma-list.js';
import { saveExport } from './saved-export.js';

/**
 * Writes the export of `tuned` to `out`; `--layer`, `--pool` and `--task` do not apply (the fine-tuned file
 * fixes them: a usage error says so).
 *
 * @example
 * ```ts
 * await exportFinetunedFile(readFinetunedFile('gz1.kenobi')!, 'gz1.onnx', { 'with-preprocessing': true }, io);
 * ```
 */
export async function exportFinetunedFile(tuned: FinetunedModelFile, out: string, values: Record<string, unknown>, io: CommandIo): Promise<number> {
  for (const flag of ['layer', 'pool', 'task'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`kenobi export: --${flag} does not apply to a fine-tuned model (${tuned.path} fixes its feature tensor '${tuned.file.backbone.feature}', pooling and task)`);
  }
  const inGraph = values['with-preprocessing'] === true;
  const classes = commaList(values['classes']);
  const bar = progressBar(io.stderr);
  const { model, backboneId } = await finetunedOnnx(tuned, {
    ...(typeof values['model'] === 'string' && values['model'] !== '' ? { backbone: values['model'] } : {}), flag: '--model', inGraph,
    mcDropout: values['mc-dropout'] === true, ...(classes ? { classes } : {}), onProgress: bar,
  });
  bar.finish();
  saveExport(out, model, { json: Boolean(values['json']), what: `${backboneId} fine-tuned from '${tuned.file.backbone.cut}' (${tuned.path})`, inGraph, mcDropoutAsked: values['mc-dropout'] === true }, io);
  return 0;
}
