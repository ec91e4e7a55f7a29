/**
 * Turns the parsed flags of a `kenobi slurm` command back into the command line of the kenobi command each
 * task runs (`kenobi extract`, `predict`, `train`, `finetune`), so any flag those take passes through.
 */
import type { CommandOptions } from '../../command.js';

/**
 * `--name value` / `--name` (booleans) / repeated `--name v` (lists) for every flag of `options` that is set
 * in `values`, except `skip`, in the order of `options`.
 *
 * @example
 * ```ts
 * forwardFlags({ model: 'm.onnx', resume: true, batch: '8' }, extractCommand.options, ['resume']);
 * // ['--model', 'm.onnx', '--batch', '8']
 * ```
 */
export function forwardFlags(values: Record<string, unknown>, options: CommandOptions, skip: readonly string[] = []): string[] {
  const argv: string[] = [];
  for (const [name, o] of Object.entries(options)) {
    const v = values[name];
    if (v === undefined || skip.includes(name)) continue;
    const all = Array.isArray(v) ? v : [v];
    for (const x of all) {
      if (o.type === 'boolean') {
        if (x === true) argv.push(`--${name}`);
      } else argv.push(`--${name}`, String(x));
    }
  }
  return argv;
}

/**
 * The value of `--name` in a forwarded command line (the last one), or undefined.
 *
 * @example
 * ```ts
 * flagValue(['--model', 'a.onnx', '--batch', '8'], 'model'); // 'a.onnx'
 * ```
 */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) if (argv[i] === `--${name}` && i + 1 < argv.length) found = argv[i + 1];
  return found;
}

/**
 * The first flag whose value differs between two forwarded command lines (for "planned with other
 * arguments" errors), as `--name: a vs b`; undefined when they are the same.
 *
 * @example
 * ```ts
 * firstDifference(['--model', 'a.onnx'], ['--model', 'b.onnx']); // "--model: 'a.onnx' vs 'b.onnx'"
 * ```
 */
export function firstDifference(a: readonly string[], b: readonly string[]): string | undefined {
  const table = (argv: readonly string[]): Map<string, string> => {
    const m = new Map<string, string>();
    for (let i = 0; i < argv.length; i++) {
      if (!argv[i]!.startsWith('--')) continue;
      const next = argv[i + 1];
      const value = next !== undefined && !next.startsWith('--') ? next : 'on';
      m.set(argv[i]!, m.has(argv[i]!) ? `${m.get(argv[i]!)},${value}` : value);
    }
    return m;
  };
  const x = table(a), y = table(b);
  for (const name of new Set([...x.keys(), ...y.keys()])) {
    if (x.get(name) !== y.get(name)) return `${name}: ${x.has(name) ? `'${x.get(name)}'` : 'not given'} vs ${y.has(name) ? `'${y.get(name)}'` : 'not given'}`;
  }
  return undefined;
}
