/**
 * The catalog column flags the data-reading commands share (`--id-col`, `--path-col`, `--label-col`): their
 * parse options and their parsing into `CatalogColumns`, so `extract`, `predict` and `evaluate` name columns
 * the same way.
 */
import type { CatalogColumns } from '@kenobi/features/node';

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
} as const);

/**
 * The columns named by `--id-col`, `--path-col` and `--label-col` (those given; the others keep the
 * catalog reader's defaults: an id-like column, `path`, `label`).
 *
 * @example
 * ```ts
 * catalogColumnFlags({ 'id-col': 'objid', 'path-col': 'file' }); // { id: 'objid', path: 'file' }
 * ```
 */
export function catalogColumnFlags(values: Readonly<Record<string, unknown>>): Pick<CatalogColumns, 'id' | 'path' | 'label'> {
  const named = (flag: string): string | undefined => (typeof values[flag] === 'string' && values[flag] !== '' ? values[flag] : undefined);
  const id = named('id-col'), path = named('path-col'), label = named('label-col');
  return { ...(id ? { id } : {}), ...(path ? { path } : {}), ...(label ? { label } : {}) };
}
