/**
 * The catalog column flags the data-reading commands share (`--id-col`, `--path-col`, `--label-col`,
 * `--where`): their parse options and their parsing into `CatalogColumns`, so `extract`, `predict`,
 * `evaluate`, `train` and `finetune` name columns and select rows the same way.
 */
import type { CatalogColumns } from '@kenobi/features/node';
import { UsageError } from '../usage-error.js';

/**
 * The flags' `parseArgs` options, to spread into a command's `options`.
 *
 * @example
 * ```ts
 * options: { model: { type: 'string' }, ...CATALOG_COLUMN_OPTIONS }
 * ```
 */
export const CATALOG_COLUMN_OPTIONS = Object.freeze({
  'id-col': { type: 'string' },
  'path-col': { type: 'string' },
  'label-col': { type: 'string' },
  where: { type: 'string', multiple: true },
} as const);

/**
 * The columns named by `--id-col`, `--path-col` and `--label-col` (those given; the others keep the
 * catalog reader's defaults: an id-like column, `path`, `label`), and the rows `--where column=v1,v2`
 * selects (repeatable: a row is read when every named column holds one of its values). A `--where` that is
 * not `column=value[,value…]`, or names a column twice, is a usage error.
 *
 * @example
 * ```ts
 * catalogColumnFlags({ 'id-col': 'objid', 'path-col': 'file' }); // { id: 'objid', path: 'file' }
 * catalogColumnFlags({ where: ['split=train', 'morph_binary=elliptical,spiral'] }).where; // { split: ['train'], morph_binary: [...] }
 * ```
 */
export function catalogColumnFlags(values: Readonly<Record<string, unknown>>): Pick<CatalogColumns, 'id' | 'path' | 'label' | 'where'> {
  const named = (flag: string): string | undefined => (typeof values[flag] === 'string' && values[flag] !== '' ? values[flag] : undefined);
  const id = named('id-col'), path = named('path-col'), label = named('label-col');
  const where = rowFilter(values['where']);
  return { ...(id ? { id } : {}), ...(path ? { path } : {}), ...(label ? { label } : {}), ...(where ? { where } : {}) };
}

function rowFilter(given: unknown): Record<string, string[]> | undefined {
  const list = typeof given === 'string' ? [given] : Array.isArray(given) ? (given as unknown[]).filter((g): g is string => typeof g === 'string') : [];
  if (list.length === 0) return undefined;
  const where: Record<string, string[]> = {};
  for (const spec of list) {
    const at = spec.indexOf('=');
    const column = spec.slice(0, Math.max(0, at)).trim();
    const wanted = spec.slice(at + 1).split(',').map((v) => v.trim());
    if (at <= 0 || column === '' || wanted.some((v) => v === '')) {
      throw new UsageError(`--where takes column=value or column=value1,value2 (e.g. --where split=train), got '${spec}'`);
    }
    if (Object.hasOwn(where, column)) throw new UsageError(`--where names column '${column}' twice; list its values once: --where ${column}=${[...where[column]!, ...wanted].join(',')}`);
    where[column] = wanted;
  }
  return where;
}
