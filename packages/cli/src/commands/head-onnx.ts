/**
 * A head trained on features (`kenobi train --features`) merged in memory with the backbone its feature store
 * recorded, preprocessing in the graph: what `kenobi export --model <that backbone> --head <file>
 * --with-preprocessing` writes, so `kenobi predict --model head.kenobi` runs it on images as it is.
 */
import { resolve } from 'node:path';
import { exportModel, loadModel } from '@kenobi/learn';
import type { ModelProto } from '@kenobi/onnx';
import { loadModelFile } from '@kenobi/onnx/node';
import { resolveModelArg } from '@kenobi/zoo/node';
import { UsageError } from '../usage-error.js';
import { headHints } from './head-hints.js';

/**
 * The merged model of the head in `bytes` (read from `path`) on `backbone` (default: the model its feature store
 * recorded), with the backbone's preprocessing in the graph. A backbone without a preprocessing config (not a zoo
 * or imported model) is a usage error that gives the `kenobi export` command to run instead.
 *
 * @example
 * ```ts
 * const model = await headOnnx('lens-head.kenobi', readFileSync('lens-head.kenobi'), {}); // on cifar10-resnet20, say
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
  const preprocessing = resolved.entry?.preprocessing;
  if (!preprocessing) {
    throw new UsageError(`${options.command}: ${path} is a head on features of ${backbone}, which has no preprocessing config (not a zoo or imported model): import it with kenobi models import ${backbone} --id <name> --preset imagenet, or merge them with kenobi export --model ${backbone} --head ${path} -o merged.onnx and predict with that file`);
  }
  return exportModel({
    backbone: loadModelFile(resolved.path),
    tensor: hints.tensor ?? 'auto',
    ...(hints.pool ? { pool: hints.pool as never } : {}),
    head,
    task: hints.task ?? 'classification',
    ...(hints.classes ? { classes: hints.classes } : {}),
    preprocessing,
    mcDropout: false,
    ...(hints.image ? { imageStretch: hints.image } : {}),
    backboneId: resolved.entry?.id ?? backbone,
    ...(resolved.entry ? { backboneSha256: resolved.entry.file.sha256 } : {}),
  });
}
