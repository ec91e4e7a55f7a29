/**
 * What a fine-tuning step reads (the trunk's output by item, labels and weights per row) and the identity a
 * checkpoint of a run must match. Pure.
 */
import { canonicalJson } from '@kenobi/features';
import type { Targets } from '../losses/loss.js';
import type { Sequential } from '../model/sequential.js';
import type { ResolvedFinetuneOptions } from './finetune-options.js';
import type { TrunkSource } from './trunk-source.js';

/**
 * Rows to train or evaluate on: row r is item `items[r]` of `source` with label `labels[r]` (class index, or
 * row r of a [rows, outputs] target matrix) and optional weight `weights[r]` (class weights).
 *
 * @example
 * ```ts
 * const train: FinetuneData = { source: cache, items: trainItems, labels: Int32Array.from(trainLabels) };
 * ```
 */
export interface FinetuneData {
  readonly source: TrunkSource;
  readonly items: Int32Array;
  readonly labels: Targets;
  readonly weights?: ArrayLike<number>;
}

/**
 * The rows `positions` of `data` as their own data set (a fold, a validation share).
 *
 * @example
 * ```ts
 * const val = finetuneRows(all, foldIndices);
 * ```
 */
export function finetuneRows(data: FinetuneData, positions: ArrayLike<number>): FinetuneData {
  const p = Int32Array.from(positions);
  const labels = data.labels instanceof Int32Array
    ? Int32Array.from(p, (r) => (data.labels as Int32Array)[r]!)
    : { rows: p.length, cols: data.labels.cols, data: gather(data.labels.data, p, data.labels.cols) };
  return {
    source: data.source,
    items: Int32Array.from(p, (r) => data.items[r]!),
    labels: labels as Targets,
    ...(data.weights ? { weights: Float64Array.from(p, (r) => data.weights![r]!) } : {}),
  };
}

function gather(values: ArrayLike<number>, rows: Int32Array, cols: number): Float32Array {
  const out = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => {
    for (let j = 0; j < cols; j++) out[i * cols + j] = values[r * cols + j]!;
  });
  return out;
}

/**
 * The identity of a run: everything that decides its arithmetic (options, head layers, trained params), as
 * canonical JSON.
 *
 * @example
 * ```ts
 * finetuneIdentity(options, head, ['conv5_block16_2_conv/kernel']); // '{"batchNorm":"frozen",...}'
 * ```
 */
export function finetuneIdentity(options: ResolvedFinetuneOptions, head: Sequential, params: readonly string[]): string {
  return canonicalJson({
    options: { ...options, device: undefined, threads: undefined },
    head: { inputs: head.inputs, outputs: head.outputs, layers: head.layers.map((l) => ({ type: l.type, name: l.name, trainable: l.trainable, config: l.config() })) },
    params,
  });
}
