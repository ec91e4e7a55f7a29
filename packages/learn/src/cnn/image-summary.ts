/**
 * Keras's `model.summary()` text for image models (the tf.keras 2.x layout: 65 columns, fields cut at
 * 29/55/65, `_` rules between rows, totals with thousands separators).
 */
import { kerasShape } from './activation-shape.js';
import type { ImageModel } from './image-model.js';

const POSITIONS = [29, 55, 65] as const;

function row(fields: readonly string[]): string {
  let line = '';
  fields.forEach((f, i) => {
    if (i > 0) line = `${line.slice(0, -1)} `;
    line = (line + f).slice(0, POSITIONS[i]);
    line += ' '.repeat(POSITIONS[i]! - line.length);
  });
  return line;
}

/**
 * The summary table of an image model.
 *
 * @example
 * ```ts
 * formatImageSummary(model);
 * // Model: "sequential"
 * // _________________________________________________________________
 * // Layer (type)                 Output Shape              Param #
 * // =================================================================
 * // conv2d (Conv2D)              (None, 64, 64, 32)        3488
 * // ...
 * // Total params: 2,332,513
 * ```
 */
export function formatImageSummary(model: ImageModel): string {
  const lines = [`Model: "${model.name}"`, '_'.repeat(65), row(['Layer (type)', 'Output Shape', 'Param #']), '='.repeat(65)];
  model.layers.forEach((l, i) => {
    const count = [...l.params(), ...l.buffers()].reduce((s, p) => s + p.value.length, 0);
    const frozen = l.trainable || count === 0 ? '' : ' [frozen]';
    lines.push(row([`${l.name} (${l.kerasClass})${frozen}`, kerasShape(l.outputShape), String(count)]));
    lines.push(i === model.layers.length - 1 ? '='.repeat(65) : '_'.repeat(65));
  });
  const total = model.countParams();
  const trainable = model.countParams(true);
  const fmt = (n: number): string => n.toLocaleString('en-US');
  lines.push(`Total params: ${fmt(total)}`, `Trainable params: ${fmt(trainable)}`, `Non-trainable params: ${fmt(total - trainable)}`, '_'.repeat(65));
  return lines.map((l) => l.trimEnd()).join('\n');
}
