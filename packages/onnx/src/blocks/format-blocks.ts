/**
 * Prints {@link ModelBlocks} as a table: the index from the top, name, kind, output shape, params, and the
 * trainable params once the last k blocks are unfrozen.
 */
import type { Dim } from '../onnx-types.js';
import type { ModelBlocks } from './model-blocks.js';

/**
 * The blocks as text, from the input to the head, with the stages and the head's params below.
 *
 * @example
 * ```ts
 * console.log(formatBlocks(modelBlocks(model)));
 * // Backbone: resnet, 17 blocks, from 'input' to 'flatten'
 * //   #  Block     Kind      Output shape     Params  Trainable if last # unfrozen
 * //  17  conv1     stem      [N, 64, 56, 56]   9,536                 23,508,032
 * // ...
 * ```
 */
export function formatBlocks(m: ModelBlocks): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  const head = ['#', 'Block', 'Kind', 'Output shape', 'Params', 'Trainable if last # unfrozen'];
  const cells = m.blocks.map((b) => [String(b.index), b.name, b.kind, shapeText(b.outputShape), n(b.params), n(b.cumulativeTrainable)]);
  const right = new Set([0, 4, 5]);
  const widths = head.map((h, k) => Math.max(h.length, ...cells.map((c) => c[k]!.length)) + 2);
  const line = (c: readonly string[]): string => ` ${c.map((v, k) => (right.has(k) ? `${v.padStart(widths[k]! - 2)}  ` : v.padEnd(widths[k]!))).join('')}`.trimEnd();
  const width = widths.reduce((a, b) => a + b, 1);
  const first = m.blocks[0]!;
  const out = [
    `Backbone: ${m.family}, ${m.blocks.length} blocks, from '${first.input}' to '${m.lastBlockOutput}'${m.lastBlockOutput === m.end ? '' : ` (the feature tensor '${m.end}' comes after)`}`,
    '_'.repeat(width), line(head), '='.repeat(width), ...cells.map(line), '='.repeat(width),
  ];
  if (m.stages.length > 0) out.push(`Stages: ${m.stages.map((s) => `${s.name} ×${s.blocks}`).join(', ')}`);
  const params = m.blocks.reduce((a, b) => a + b.params, 0);
  const trainable = m.blocks.reduce((a, b) => a + b.trainableParams, 0);
  out.push(`Backbone params: ${n(params)} (trainable ${n(trainable)}); head after '${m.lastBlockOutput}': ${n(m.head.params)} (trained in any case)`);
  out.push('Unfreeze the last k blocks: splitAtBlock(model, k) cuts at the input of block #k (front frozen, back trained).');
  return `${out.join('\n')}\n`;
}

function shapeText(shape: readonly Dim[] | null): string {
  return shape ? `[${shape.join(', ')}]` : '?';
}
