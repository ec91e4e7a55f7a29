/**
 * `kenobi models info <id> [--json]`: the zoo entry, plus the model summary and the auto feature layer when
 * the file is local.
 */
import { existsSync } from 'node:fs';
import { formatSummary } from '@kenobi/onnx';
import { findInMirrors, inspectModelFile, loadCatalog, ModelStore, readAutoFeature, recordAutoFeature } from '@kenobi/zoo/node';
import type { Command } from '../command.js';

/**
 * The `models info` command.
 *
 * @example
 * ```sh
 * kenobi models info mobilenetv2-12-int8
 * ```
 */
export const modelsInfoCommand: Command = {
  words: ['models', 'info'],
  summary: 'Show a model: file, licence, input, preprocessing, feature tensors (+ summary when local)',
  usage: 'kenobi models info <id> [--json]',
  details: `
Prints the zoo entry. When the file is cached or in a mirror (nothing is downloaded), also the Keras-style
summary and what the auto feature layer chose (entries marked featureTensorSource 'auto-on-first-load'
record that choice on first load).

  --json  print {entry, local, autoFeature, summary} as JSON

Example: kenobi models info densenet121-keras`,
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const store = new ModelStore(loadCatalog());
    const entry = store.catalog.get(positionals[0]!);
    const local = store.cachedPath(entry.file) ?? findInMirrors(entry.file, store.mirrors)[0];
    let inspection: Awaited<ReturnType<typeof inspectModelFile>> | undefined;
    let autoFeature = readAutoFeature(store.layout.autoFeatures, entry.file.sha256);
    if (local && existsSync(local)) {
      const { path } = await store.resolveFile(entry.file, entry.id); // sha256 check before use
      inspection = await inspectModelFile(path);
      if (!autoFeature && inspection.autoFeature) autoFeature = recordAutoFeature(store.layout.autoFeatures, entry.file.sha256, inspection.autoFeature);
    }
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ entry, local: local ?? null, autoFeature: autoFeature ?? null, autoFeatureError: inspection?.autoFeatureError ?? null, summary: inspection?.summary ?? null }, null, 2)}\n`);
      return 0;
    }
    const p = entry.preprocessing;
    const lines = [
      `${entry.id}  (${entry.family}${entry.variant ? `, ${entry.variant}` : ''}, opset ${entry.opset}, ${entry.source})`,
      `  file           ${entry.file.name}  ${entry.file.size} bytes  sha256 ${entry.file.sha256}`,
      `  url            ${entry.file.url ?? '(offline-only: put the file into a KENOBI_MIRROR folder)'}`,
      `  local          ${local ?? '(not cached, not in a mirror)'}`,
      `  licence        ${entry.license}`,
      `  origin         ${entry.origin ?? ''}`,
      `  input          ${entry.input.name} ${entry.input.layout} [${entry.input.shape.join(', ')}]  batch ${entry.batch}`,
      `  preprocessing  ${p.channels}-channel ${p.channelOrder} ${p.scale}, resize ${p.resize}${p.resizeSize ? ` ${p.resizeSize}` : ''}${p.crop === 'center' ? `, centre crop ${p.inputSize[0]}x${p.inputSize[1]}` : ` to ${p.inputSize[0]}x${p.inputSize[1]}`}, mean [${p.mean.join(', ')}], std [${p.std.join(', ')}]`,
      `  labels         ${entry.labels}`,
      `  output         ${entry.output.name ?? '?'} (${entry.output.kind})`,
      `  features       ${entry.featureTensors.length ? entry.featureTensors.map((f) => `${f.name} [${f.shape.join(', ')}] pool ${f.pooling}`).join('; ') : '(none pinned)'}  [${entry.featureTensorSource}]`,
      `  auto feature   ${autoFeature ? `${autoFeature.tensor.name} [${autoFeature.tensor.shape.join(', ')}] pool ${autoFeature.tensor.pooling} (chosen ${autoFeature.chosenAt})` : inspection?.autoFeatureError ?? '(decided on first load: the file is not local yet)'}`,
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    if (inspection) io.stdout.write(`\n${formatSummary(inspection.summary)}`);
    return 0;
  },
};
