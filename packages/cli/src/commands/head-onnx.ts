/**
 * A head trained on features (`kenobi train --features`) merged with a backbone cut at the tensor its features
 * came from: the one place that turns a head's recorded hints and the command's choices into `exportModel`'s
 * options, for `kenobi export` (written to a file) and `kenobi predict --model head.kenobi` (in memory).
 */
import { resolve } from 'node:path';
import { exportModel, loadModel, type ExportTask, type Sequential } from '@kenobi/learn';
import type { ModelProto, PoolMode } from '@kenobi/onnx';
import { loadModelFile } from '@kenobi/onnx/node';
import { resolveModelArg, type ResolvedModel } from '@kenobi/zoo/node';
import { UsageError } from '../usage-error.js';
import { headHints, type HeadHints } from './head-hints.js';

/** What the command chose; each left out falls back to the head's hints (then 'auto', 'classification'). */
export interface HeadMergeChoice {
  readonly tensor?: string;
  readonly pool?: PoolMode;
  readonly task?: ExportTask;
  readonly classes?: readonly string[];
  /** Preprocessing nodes in the graph (raw pixels in); else the client's preprocessing in the metadata. */
  readonly inGraph: boolean;
  readonly mcDropout: boolean;
}

/**
 * The merged model of `head` on the `backbone` that `modelArg` resolved to.
 *
 * @example
 * ```ts
 * const merged = mergeHead(head, headHints(metadata), await resolveModelArg('densenet121-keras'), 'densenet121-keras', { inGraph: true, mcDropout: false });
 * ```
 */
export function mergeHead(head: Sequential, hints: HeadHints, backbone: ResolvedModel, modelArg: string, choice: HeadMergeChoice): ModelProto {
  const preprocessing = backbone.entry?.preprocessing;
  const pool = choice.pool ?? hints.pool;
  const classes = choice.classes ?? hints.classes;
  return exportModel({
    backbone: loadModelFile(backbone.path),
    tensor: choice.tensor ?? hints.tensor ?? 'auto',
    ...(pool ? { pool: pool as PoolMode } : {}),
    head,
    task: choice.task ?? hints.task ?? 'classification',
    ...(classes ? { classes: [...classes] } : {}),
    ...(choice.inGraph ? { preprocessing: preprocessing! } : preprocessing ? { clientPreprocessing: preprocessing } : {}),
    mcDropout: choice.mcDropout,
    ...(hints.image ? { imageStretch: hints.image } : {}),
    backboneId: backbone.entry?.id ?? modelArg,
    ...(backbone.entry ? { backboneSha256: backbone.entry.file.sha256 } : {}),
  });
}

/**
 * The merged model of the head in `bytes` (read from `path`) on `backbone` (default: the model its feature store
 * recorded), with the backbone's preprocessing in the graph, as `kenobi export --with-preprocessing` writes it. A
 * backbone without a preprocessing config (not a zoo or imported model) is a usage error that gives the
 * `kenobi export` command to run instead.
 *
 * @example
 * ```ts
 * const model = await headOnnx('lens-head.kenobi', readFileSync('lens-head.kenobi'), { flag: '--backbone', command: 'kenobi predict' });
 * ```
 */
export async function headOnnx(path: string, bytes: Uint8Array, options: { backbone?: string; flag: string; command: string }): Promise<ModelProto> {
  const { model: head, metadata } = loadModel(bytes, { source: resolve(path) });
  const hints = headHints(metadata);
  const backbone = options.backbone ?? hints.model;
  if (backbone === undefined) {
    throw new UsageError(`${options.command}: ${path} is a head trained on features and does not record their model: name it with ${options.flag} <zoo id|file>`);
  }
  const resolved = await resolveModelArg(backbone);
  if (!resolved.entry?.preprocessing) {
    throw new UsageError(`${options.command}: ${path} is a head on features of ${backbone}, which has no preprocessing config (not a zoo or imported model): import it with kenobi models import ${backbone} --id <name> --preset imagenet, or merge them with kenobi export --model ${backbone} --head ${path} -o merged.onnx and predict with that file`);
  }
  return mergeHead(head, hints, resolved, backbone, { inGraph: true, mcDropout: false });
}
