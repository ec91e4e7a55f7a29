/**
 * The message for an option a command does not take (`kenobi evaluate --model net.kenobi …`): the command's
 * flag for the same thing where commands name it differently (predict's `--model` is evaluate's `--head`), else
 * the command's flag nearest in spelling.
 */
import { nearestNames } from '@kenobi/core';
import type { CommandOptions } from './command.js';

/** Flags that mean the same thing in different commands, in order of preference. */
const SAME_THING: Readonly<Record<string, readonly string[]>> = Object.freeze({
  model: ['head', 'arch'],
  head: ['model'],
  arch: ['model', 'head'],
  backbone: ['model'],
  input: ['data', 'features', 'file'],
  catalog: ['data'],
  images: ['data'],
  features: ['data'],
  data: ['features', 'file'],
  output: ['out'],
  'out-dir': ['out'],
  label: ['label-col', 'labels'],
  labels: ['label-col', 'targets'],
  targets: ['labels'],
  'label-col': ['labels'],
  'batch-size': ['batch'],
  workers: ['threads'],
});

/**
 * "unknown option --x: did you mean --y?" for `flag` (with or without its dashes and `=value`), naming the
 * command's own flag for the same thing, or its flag nearest in spelling; without a suggestion when none is close.
 *
 * @example
 * ```ts
 * unknownOptionMessage({ head: { type: 'string' }, data: { type: 'string' } }, '--model'); // 'unknown option --model: did you mean --head?'
 * unknownOptionMessage({ epochs: { type: 'string' } }, '--epoch');                         // 'unknown option --epoch: did you mean --epochs?'
 * ```
 */
export function unknownOptionMessage(options: CommandOptions, flag: string): string {
  const name = flag.replace(/^-+/, '').split('=')[0]!;
  const own = Object.keys(options);
  const same = (SAME_THING[name] ?? []).find((f) => own.includes(f));
  const near = same ?? nearestNames(name, own.filter((f) => f.length > 1), { count: 1, onlyClose: true })[0];
  const dashes = flag.startsWith('--') || name.length > 1 ? '--' : '-';
  return `unknown option ${dashes}${name}${near !== undefined ? `: did you mean --${near}?` : '.'}`;
}
