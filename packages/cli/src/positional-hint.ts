/**
 * A hint for a value given without its flag (`kenobi evaluate net.kenobi …`): the command's flag that
 * usually takes such a value, chosen by the value's extension.
 */
import type { CommandOptions } from './command.js';

/** Flags that take a value of each kind, in order of preference. */
const FLAGS_BY_KIND: Readonly<Record<string, readonly string[]>> = Object.freeze({
  model: ['head', 'model', 'arch'],
  onnx: ['model', 'head'],
  data: ['data', 'features', 'x', 'labels-file'],
  fits: ['data', 'file'],
  layers: ['arch'],
});

function kindOf(value: string): string | undefined {
  const v = value.toLowerCase();
  if (v.endsWith('.kenobi')) return 'model';
  if (v.endsWith('.onnx')) return 'onnx';
  if (/\.(csv|tsv|parquet|npy|npz|h5|hdf5)$/.test(v)) return 'data';
  if (/\.(fits|fit|fts)(\.(gz|fz))?$/.test(v)) return 'fits';
  if (v.endsWith('.json')) return 'layers';
  return undefined;
}

/**
 * `--flag value` for an unexpected positional `value`, when the command has a flag for its kind of file, or
 * undefined.
 *
 * @example
 * ```ts
 * positionalHint({ head: { type: 'string' }, data: { type: 'string' } }, 'net.kenobi'); // '--head net.kenobi'
 * positionalHint({ model: { type: 'string' } }, 'sims/catalog.csv');                   // undefined
 * ```
 */
export function positionalHint(options: CommandOptions, value: string): string | undefined {
  const kind = kindOf(value);
  const flag = kind === undefined ? undefined : FLAGS_BY_KIND[kind]!.find((f) => options[f]?.type === 'string');
  return flag === undefined ? undefined : `--${flag} ${/\s/.test(value) ? JSON.stringify(value) : value}`;
}
