/**
 * `kenobi export --model <id|path> --head head.kenobi -o merged.onnx`: one ONNX file with the backbone cut
 * at the feature tensor, the trained head, and optionally the preprocessing and MC-dropout.
 */
import { resolve } from 'node:path';
import { loadModel, type ExportTask } from '@kenobi/learn';
import { graphView, POOL_MODES, type PoolMode } from '@kenobi/onnx';
import { saveModelFile } from '@kenobi/onnx/node';
import { resolveModelArg } from '@kenobi/zoo/node';
import type { Command } from '../command.js';
import { progressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';
import { commaList } from './comma-list.js';
import { headHints } from './head-hints.js';
import { mergeHead } from './head-onnx.js';
import { exportImage } from './export-image.js';
import { readImageModelFile } from '../image-training/image-model-file.js';
import { readModelFileBytes } from '../model-file-bytes.js';
import { readFinetunedFile } from '../finetune/finetuned-model-file.js';
import { exportFinetunedFile } from './export-finetuned.js';
import { writeMcDropoutReport } from './saved-export.js';
import { outFlag } from './out-flag.js';

/**
 * The `export` command.
 *
 * @example
 * ```sh
 * kenobi export --model densenet121-keras --head lens.kenobi --with-preprocessing --mc-dropout -o lens-finder.onnx
 * ```
 */
export const exportCommand: Command = {
  words: ['export'],
  summary: 'Merge a backbone (cut at the feature tensor) and a trained head into one ONNX file (or export an image model from kenobi train --arch, or a fine-tuned model from kenobi finetune)',
  usage: 'kenobi export --model <id|path> --head head.kenobi [--layer <tensor>|auto] [--pool avg|max|none] [--with-preprocessing] [--mc-dropout] [--classes a,b] -o merged.onnx [--json]',
  details: `
Writes one model with two outputs: 'probabilities' [N, K] (a binary head gives [1 - p, p]; 'prediction' for
regression heads) and 'features' [N, C]. Its metadata (kenobi.export) holds the classes, the preprocessing,
the backbone and Kenobi's version; kenobi predict and the browser app read it.

  --model               zoo id or .onnx path of the backbone (default: the one the head's features came from)
  --head                the trained head (.kenobi, from kenobi train), or a fine-tuned model (kenobi finetune)
  --layer               feature tensor (default: the head's recorded tensor, else auto)
  --pool                avg | max | none (default: the head's recorded pooling, else avg for feature maps)
  --with-preprocessing  put scale/mean/std in the graph: clients feed raw 0-255 RGB pixels (NCHW float)
  --mc-dropout          keep the head's dropout random: each run is one MC-dropout sample (ORT CPU/WASM;
                        on WebGPU ORT runs those nodes on the CPU)
  --task                classification (default) | regression
  --classes             class names in output order, comma-separated (default: the head's recorded names)
  -o, --out             the output .onnx file

An image model (kenobi train --arch) exports alone: kenobi export --head lensnet.kenobi --with-preprocessing
-o lensnet.onnx gives 'probabilities' [N, K] and 'features' (what its last dense layer reads), with the
training preprocessing (standardisation in the graph with --with-preprocessing) and stretch in the metadata.

A fine-tuned model (kenobi finetune) exports on its backbone: kenobi export --head gz1.kenobi -o gz1.onnx
writes what kenobi finetune --export does (the backbone with the fine-tuned blocks, cut at the feature tensor,
and the head); the backbone is the zoo id the file records, or --model <id|file> (its sha256 must match).

Example: kenobi export --model densenet121-keras --head lens.kenobi --with-preprocessing -o lens-finder.onnx`,
  options: {
    model: { type: 'string' },
    head: { type: 'string' },
    layer: { type: 'string' },
    pool: { type: 'string' },
    'with-preprocessing': { type: 'boolean' },
    'mc-dropout': { type: 'boolean' },
    task: { type: 'string' },
    classes: { type: 'string' },
    out: { type: 'string', short: 'o' }, output: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const need = (name: string): string => {
      const v = values[name];
      if (typeof v !== 'string' || v === '') throw new UsageError(`kenobi export: --${name} is required. Usage: ${exportCommand.usage}`);
      return v;
    };
    const headPath = need('head');
    const out = outFlag(values, 'kenobi export', '-o <merged.onnx>');
    // NOTE: the model file is read once and told apart by its header: image model, fine-tuned model or head.
    const bytes = readModelFileBytes(headPath);
    const image = readImageModelFile(headPath, bytes);
    if (image) return exportImage(image, headPath, out, values, io);
    const tuned = readFinetunedFile(headPath, bytes);
    if (tuned) return exportFinetunedFile(tuned, out, values, io);
    const { model: head, metadata } = loadModel(bytes, { source: resolve(headPath) });
    const hints = headHints(metadata);
    const modelArg = typeof values.model === 'string' && values.model !== '' ? values.model : hints.model ?? need('model');
    const pool = values.pool as string | undefined;
    if (pool !== undefined && !(POOL_MODES as readonly string[]).includes(pool)) throw new UsageError(`kenobi export: --pool must be one of ${POOL_MODES.join(', ')}, got '${pool}'`);
    const task = values.task as string | undefined;
    if (task !== undefined && task !== 'classification' && task !== 'regression') throw new UsageError(`kenobi export: --task must be classification or regression, got '${task}'`);

    const bar = progressBar(io.stderr);
    const resolved = await resolveModelArg(modelArg, { onProgress: bar });
    bar.finish();
    const preprocessing = resolved.entry?.preprocessing;
    if (values['with-preprocessing'] && !preprocessing) {
      throw new UsageError(`kenobi export: --with-preprocessing needs the backbone's preprocessing, but ${modelArg} is not a zoo or imported model`, );
    }
    const classes = commaList(values.classes);
    const merged = mergeHead(head, hints, resolved, modelArg, {
      ...(typeof values.layer === 'string' ? { tensor: values.layer } : {}),
      ...(pool !== undefined ? { pool: pool as PoolMode } : {}),
      ...(task !== undefined ? { task: task as ExportTask } : {}),
      ...(classes ? { classes } : {}),
      inGraph: values['with-preprocessing'] === true,
      mcDropout: values['mc-dropout'] === true,
    });
    saveModelFile(out, merged);
    const view = graphView(merged);
    const added = view.nodes.filter((n) => (n.name ?? '').startsWith('kenobi_')).map((n) => n.op_type);
    const info = JSON.parse(merged.metadata_props!.find((p) => p.key === 'kenobi.export')!.value!) as Record<string, unknown>;
    const result = { written: out, inputs: view.inputs.map((i) => i.name), outputs: view.outputs.map((o) => o.name), addedNodes: added, info };
    if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      io.stdout.write(`exported ${resolved.entry?.id ?? modelArg} + ${headPath} -> ${out}\n`);
      io.stdout.write(`  input  ${view.inputs.map((i) => i.name).join(', ')}${values['with-preprocessing'] ? ' (raw 0-255 RGB pixels, NCHW float)' : ''}\n`);
      io.stdout.write(`  output ${view.outputs.map((o) => o.name).join(', ')}; ${added.length} Kenobi nodes (${[...new Set(added)].join(', ')})\n`);
      writeMcDropoutReport(info, values['mc-dropout'] === true, io);
    }
    return 0;
  },
};
