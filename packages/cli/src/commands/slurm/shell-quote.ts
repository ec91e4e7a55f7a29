/**
 * Quoting for the bash lines of the generated sbatch scripts: plain words stay readable, anything else is
 * single-quoted.
 */

const PLAIN = /^[A-Za-z0-9_\/.,:=@%+-]+$/;

/**
 * One argument as bash reads it back unchanged.
 *
 * @example
 * ```ts
 * shellQuote('feats/shard-0'); // 'feats/shard-0'
 * shellQuote("it's here");     // "'it'\\''s here'"
 * ```
 */
export function shellQuote(arg: string): string {
  if (arg !== '' && PLAIN.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * A command line, wrapped with ` \` continuations before each `--flag` once it gets long, so a person can
 * read and edit it. Arguments given as `{ raw }` go in unquoted (bash variables such as `"$shard/4"`).
 *
 * @example
 * ```ts
 * shellCommand(['kenobi', 'extract', '--model', 'm.onnx', { raw: '"$out"' }]); // 'kenobi extract --model m.onnx "$out"'
 * ```
 */
export function shellCommand(argv: readonly (string | { readonly raw: string })[], width = 100): string {
  const words = argv.map((a) => (typeof a === 'string' ? shellQuote(a) : a.raw));
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && w.startsWith('--') && line.length + 1 + w.length > width) {
      lines.push(line);
      line = `  ${w}`;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  lines.push(line);
  return lines.join(' \\\n');
}
