import type { Sequential } from './sequential.js';

/**
 * Formats a model as a Keras-style table.
 *
 * @example
 * ```ts
 * formatSummary(model);
 * // Layer (type)                  Output shape   Param #
 * // dense_1 (dense)               (None, 256)    262400
 * // ...
 * ```
 */
export function formatSummary(model: Sequential): string {
  const rows: [string, string, string][] = [['Layer (type)', 'Output shape', 'Param #']];
  for (const l of model.layers) {
    const n = l.params().reduce((s, p) => s + p.value.length, 0) + l.buffers().reduce((s, b) => s + b.value.length, 0);
    rows.push([`${l.name} (${l.type})${l.trainable ? '' : ' [frozen]'}`, `(None, ${l.outputs})`, String(n)]);
  }
  const w = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)) + 3);
  const line = (r: [string, string, string]): string => r.map((s, c) => s.padEnd(w[c]!)).join('').trimEnd();
  const rule = '='.repeat(w[0]! + w[1]! + w[2]!);
  const total = model.countParams();
  const trainable = model.countParams(true);
  const buffers = model.buffers().reduce((s, b) => s + b.value.length, 0);
  return [
    `Model: sequential (inputs ${model.inputs}, ${model.dtype})`,
    rule,
    line(rows[0]!),
    rule,
    ...rows.slice(1).map(line),
    rule,
    `Total params: ${total + buffers}`,
    `Trainable params: ${trainable}`,
    `Non-trainable params: ${total + buffers - trainable}`,
  ].join('\n');
}
