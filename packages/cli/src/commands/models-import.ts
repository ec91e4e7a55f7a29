/**
 * `kenobi models import <file.onnx> --id <name> [--preset p] [--mean m --std s]`: registers your own model so
 * its id works wherever a zoo id does.
 */
import { importUserModel, inspectModelFile, loadCatalog, PREPROCESSING_PRESETS, preprocessingPreset, readZooManifest } from '@kenobi/zoo/node';
import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

function numberList(text: string | undefined, flag: string): number[] | undefined {
  if (text === undefined) return undefined;
  const xs = text.split(/[, ]+/).filter(Boolean).map(Number);
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x))) throw new UsageError(`${flag} must be numbers separated by commas, got '${text}'`);
  return xs;
}

/**
 * The `models import` command.
 *
 * @example
 * ```sh
 * kenobi models import lens-cnn.onnx --id my-lens-cnn --preset imagenet
 * ```
 */
export const modelsImportCommand: Command = {
  words: ['models', 'import'],
  summary: 'Register your own ONNX model under an id (summary + auto feature layer)',
  usage: 'kenobi models import <file.onnx> --id <name> [--preset p] [--mean m1,m2,m3 --std s1,s2,s3] [--replace] [--json]',
  details: `
Copies the file into the cache (content-addressed by sha256), reads its input and opset, finds the auto
feature layer, and records it in the user registry beside the cache (user-models.json). Afterwards the id
works in every command that takes a model.

  --id       the name to use (lower-case letters, digits, '.', '_', '-')
  --preset   preprocessing: ${PREPROCESSING_PRESETS.join(', ')} (default imagenet)
  --mean     per-channel mean replacing the preset's (in the preset's scale)
  --std      per-channel std replacing the preset's
  --replace  overwrite an id you registered before
  --json     print the new entry as JSON

Example: kenobi models import cnn.onnx --id galaxy-cnn --preset unit --mean 0.1,0.1,0.1 --std 0.2,0.2,0.2`,
  options: { id: { type: 'string' }, preset: { type: 'string' }, mean: { type: 'string' }, std: { type: 'string' }, replace: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const id = values.id as string | undefined;
    if (!id) throw new UsageError('kenobi models import: --id <name> is required');
    const presetName = (values.preset as string | undefined) ?? 'imagenet';
    if (!(PREPROCESSING_PRESETS as readonly string[]).includes(presetName)) throw new UsageError(`kenobi models import: unknown --preset '${presetName}' (known: ${PREPROCESSING_PRESETS.join(', ')})`);
    const mean = numberList(values.mean as string | undefined, '--mean');
    const std = numberList(values.std as string | undefined, '--std');
    const preprocessing = preprocessingPreset(presetName, { ...(mean ? { mean } : {}), ...(std ? { std } : {}) });
    if (preprocessing.mean.length !== preprocessing.std.length) throw new UsageError('kenobi models import: --mean and --std need the same number of values');
    const inspection = await inspectModelFile(positionals[0]!);
    const zooIds = new Set(readZooManifest().models.map((m) => m.id));
    const entry = await importUserModel(positionals[0]!, { id, preprocessing, facts: inspection.facts, zooIds, replace: values.replace === true });
    const path = loadCatalog().get(id).file.sha256 === entry.file.sha256 ? 'registered' : 'registered (reload to see)';
    if (values.json) io.stdout.write(`${JSON.stringify(entry, null, 2)}\n`);
    else {
      io.stdout.write(`${path} ${id}: ${entry.file.name} sha256 ${entry.file.sha256}\n`);
      io.stdout.write(`  input ${entry.input.name} [${entry.input.shape.join(', ')}], opset ${entry.opset}, ${inspection.summary.totalParams} params\n`);
      io.stdout.write(`  auto feature layer: ${inspection.autoFeature ? `${inspection.autoFeature.name} [${inspection.autoFeature.shape.join(', ')}] pool ${inspection.autoFeature.pooling}` : `none (${inspection.autoFeatureError ?? '?'})`}\n`);
    }
    return 0;
  },
};
