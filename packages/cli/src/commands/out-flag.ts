/**
 * The output path flag: `--out` (`-o`) as every command spells it. `kenobi cut`, `export` and `features merge`
 * first named it `--output`; that spelling is still read, so scripts written for it keep working.
 */
import { UsageError } from '../usage-error.js';

/**
 * The output path of `command` from `--out`/`-o` or `--output`; a `UsageError` when neither is given (or both,
 * differing).
 *
 * @example
 * ```ts
 * outFlag({ out: 'merged.onnx' }, 'kenobi export', '-o merged.onnx'); // 'merged.onnx'
 * outFlag({ output: 'feats' }, 'kenobi features merge', '-o <dir>'); // 'feats'
 * ```
 */
export function outFlag(values: Readonly<Record<string, unknown>>, command: string, example: string): string {
  const out = values['out'], output = values['output'];
  if (typeof out === 'string' && typeof output === 'string' && out !== output) throw new UsageError(`${command}: --out '${out}' and --output '${output}' differ: give one`);
  const v = typeof out === 'string' && out !== '' ? out : output;
  if (typeof v !== 'string' || v === '') throw new UsageError(`${command}: ${example} is required (-o or --out)`);
  return v;
}
