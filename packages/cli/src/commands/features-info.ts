/**
 * `kenobi features info <dir> [--json]`: what a feature store holds.
 */
import { readFeatures, readStoreMeta } from '@kenobi/features/node';
import type { Command } from '../command.js';

/**
 * The `features info` command.
 *
 * @example
 * ```sh
 * kenobi features info gz1-feats   # 1221 rows x 1024, model densenet121-keras at avg_pool, classes ...
 * ```
 */
export const featuresInfoCommand: Command = {
  words: ['features', 'info'],
  summary: 'Show what a feature store holds (rows, dim, model, tensor, preprocessing, device)',
  usage: 'kenobi features info <dir> [--json]',
  details: `
Prints the store's meta.json in short, with the row count per class and the feature range. --json prints
the whole meta plus those counts.

Example: kenobi features info gz1-feats`,
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const dir = positionals[0]!;
    const meta = readStoreMeta(dir);
    const complete = meta.status === 'complete';
    const table = complete ? await readFeatures(dir) : undefined;
    const perClass: Record<string, number> = {};
    let min = Infinity;
    let max = -Infinity;
    let finite = true;
    if (table) {
      for (const l of table.labels) {
        const name = l >= 0 ? meta.dataset.classNames[l]! : '(none)';
        perClass[name] = (perClass[name] ?? 0) + 1;
      }
      for (const v of table.X) {
        if (!Number.isFinite(v)) finite = false;
        else { if (v < min) min = v; if (v > max) max = v; }
      }
    }
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ ...meta, perClass, range: table ? [min, max] : null, finite }, null, 2)}\n`);
      return 0;
    }
    // NOTE: a store made by kenobi features import ran no model: it says where its features came from instead.
    const imported = meta.model.batchMode === 'imported';
    const lines = [
      `${dir}: ${complete ? '' : 'INCOMPLETE (rerun the extract with --resume), '}${meta.rows} rows x ${meta.dim} features in ${meta.parts} part(s)`,
      ...(imported ? [
        `imported features from ${meta.dataset.source} (sha256 ${meta.model.sha256} of ${meta.model.path ?? 'the file'}), no model run; Kenobi ${meta.kenobiVersion}; created ${meta.createdAt}`,
      ] : [
      `model ${meta.model.id} (sha256 ${meta.model.sha256}), tensor '${meta.tensor}', pool ${meta.pool}, batch ${meta.batchSize} (${meta.model.batchMode})`,
      `preprocessing ${JSON.stringify(meta.preprocessing.config.inputSize)} ${meta.preprocessing.config.resize}/${meta.preprocessing.config.crop}, scale ${meta.preprocessing.config.scale}, ${meta.preprocessing.config.channelOrder}` +
        `${meta.preprocessing.interval ? `, interval ${meta.preprocessing.interval}` : ''}${meta.preprocessing.stretch ? `, stretch ${meta.preprocessing.stretch}` : ''}, tta ${meta.preprocessing.tta}`,
      `dataset ${meta.dataset.source} (${meta.dataset.kind}, ${meta.dataset.items} items, ${meta.dataset.fingerprint.slice(0, 19)}…), shard ${meta.shard.index}/${meta.shard.count}`,
      `device ${meta.device.device} (${meta.device.provider}, onnxruntime ${meta.device.ortVersion}); Kenobi ${meta.kenobiVersion}; created ${meta.createdAt}${meta.seconds ? `, ${meta.seconds.toFixed(1)} s` : ''}`,
      ]),
      ...(table ? [`classes: ${Object.entries(perClass).map(([k, v]) => `${k} ${v}`).join(', ') || '(none)'}`, `values in [${min.toPrecision(4)}, ${max.toPrecision(4)}]${finite ? '' : ', NON-FINITE values present'}`] : []),
      ...(meta.failures.length > 0 ? [`${meta.failures.length} item(s) failed: ${meta.failures.slice(0, 5).map((f) => `row ${f.row} (${f.id})`).join(', ')}${meta.failures.length > 5 ? ', ...' : ''}`] : []),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
