/**
 * Prints a {@link ModelSummary} as text, laid out like Keras's `model.summary()`.
 */
import type { Dim } from './onnx-types.js';
import type { ModelSummary } from './model-summary.js';

/** Options for {@link formatSummary}. */
export interface FormatSummaryOptions {
  /** Leave out rows with no params whose op only moves shapes around (Constant, Shape, Gather...). Default false. */
  readonly hideShapePlumbing?: boolean;
}

const PLUMBING = new Set(['Constant', 'Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Concat', 'Cast', 'Slice']);

/**
 * The summary as Keras-style text: one line per node, then totals, inputs, outputs and op counts.
 *
 * @example
 * ```ts
 * console.log(formatSummary(summary(model)));
 * // Model: "mnist-8"
 * // ____________________________________________________________________________________________
 * //  Layer (type)                    Output tensor                 Output Shape         Param #
 * // ...
 * // Total params: 5,994
 * ```
 */
export function formatSummary(s: ModelSummary, options: FormatSummaryOptions = {}): string {
  const rows = s.rows.filter((r) => !(options.hideShapePlumbing && r.params === 0 && PLUMBING.has(r.opType) && r.shape?.length !== 4));
  const cells = rows.map((r) => [`${r.name} (${r.opType})`, r.output, shapeText(r.shape), r.params.toLocaleString('en-US')]);
  const head = ['Layer (type)', 'Output tensor', 'Output Shape', 'Param #'];
  const widths = head.map((h, k) => Math.min(k < 2 ? 44 : 30, Math.max(h.length, ...cells.map((c) => c[k]!.length))) + 2);
  const line = (c: string[]): string => ` ${c.map((v, k) => (k === 3 ? v.padStart(widths[k]!) : fit(v, widths[k]!))).join('')}`.trimEnd();
  const width = widths.reduce((a, b) => a + b, 1);
  const out: string[] = [];
  out.push(`Model: "${s.name || 'graph'}"${s.producer ? `  (${s.producer}, IR ${s.irVersion}, opsets ${Object.entries(s.opsets).map(([d, v]) => `${d} ${v}`).join(', ')})` : ''}`);
  out.push('_'.repeat(width), line(head), '='.repeat(width));
  cells.forEach((c, k) => { out.push(line(c)); if (k < cells.length - 1) out.push(''); });
  out.push('='.repeat(width));
  const n = (v: number): string => v.toLocaleString('en-US');
  out.push(`Total params: ${n(s.totalParams)}`, `Trainable params: ${n(s.trainableParams)}`, `Non-trainable params: ${n(s.nonTrainableParams)}`);
  if (s.quantizedWeightParams > 0) out.push(`  of which quantized (int8/uint8/int32) weights: ${n(s.quantizedWeightParams)}`);
  if (s.quantizationParams > 0) out.push(`Quantization scales and zero points (not counted above): ${n(s.quantizationParams)}`);
  if (s.unusedParams > 0) out.push(`  of which in initializers no node reads: ${n(s.unusedParams)}`);
  out.push('_'.repeat(width));
  out.push(`Inputs:  ${s.inputs.map((i) => `${i.name} ${i.dtype} ${shapeText(i.shape)}`).join('; ')}`);
  out.push(`Outputs: ${s.outputs.map((o) => `${o.name} ${o.dtype} ${shapeText(o.shape)}`).join('; ')}`);
  out.push(`Ops:     ${Object.entries(s.opCounts).map(([op, c]) => `${op} ${c}`).join(', ')}`);
  out.push(`Shapes:  ${s.shapeSource === 'probe' ? 'exact (from one run of the model)' : "static inference ('?' = unknown; pass an input shape for exact ones)"}`);
  return `${out.join('\n')}\n`;
}

function shapeText(shape: readonly Dim[] | null): string {
  return shape ? `[${shape.join(', ')}]` : '?';
}

function fit(v: string, w: number): string {
  return v.length >= w - 1 ? `${v.slice(0, w - 2)}… ` : v.padEnd(w);
}
