/**
 * Node-only. Reads a catalog CSV: an id, a path (or one path column per band), a label and numeric columns
 * that become regression targets. Every required column is checked against the header before anything else
 * happens, so a wrong catalog fails at once with the column named.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
// NOTE: csv-parse (the `csv` project) handles quoting, embedded newlines, BOMs and CRLF as RFC 4180 says.
import { parse } from 'csv-parse/sync';
import { FeaturesError } from '../features-error.js';
import type { Dataset, DatasetItem, ItemSource } from './dataset.js';

/**
 * Which catalog columns hold what. Unset names take the defaults `id`, `path`, `label`. A column named
 * explicitly must exist; the default `label` may be absent (then the dataset is unlabelled).
 *
 * @example
 * ```ts
 * const gz1: CatalogColumns = { id: 'objid', path: 'file', label: 'gz1_class_name', targets: [] };
 * const lenses: CatalogColumns = { bands: ['g', 'r', 'i'], targets: ['theta_e', 'mag_src'] }; // columns g,r,i or path_g,path_r,path_i
 * ```
 */
export interface CatalogColumns {
  readonly id?: string;
  /** The image path column (relative paths are relative to the catalog's folder). */
  readonly path?: string;
  /** Per-band path columns, in band order (instead of `path`). */
  readonly bands?: readonly string[];
  readonly label?: string;
  /** Regression-target columns; default 'auto': every other column whose non-empty cells are all numbers. */
  readonly targets?: readonly string[] | 'auto';
}

/**
 * Loads a catalog CSV.
 *
 * @example
 * ```ts
 * const ds = await loadCatalogCsv('/data/gz1/labels.csv', { id: 'objid', path: 'file', label: 'gz1_class_name' });
 * ds.items[0]; // { row: 2, id: '587722981742215240', source: { kind: 'file', path: '/data/gz1/images/....jpeg' }, label: 'elliptical', targets: [...] }
 * ```
 */
export async function loadCatalogCsv(path: string, columns: CatalogColumns = {}): Promise<Dataset> {
  const file = resolve(path);
  const text = await readFile(file, 'utf8').catch((e: unknown) => {
    throw new FeaturesError('features/bad-catalog', `cannot read catalog ${file}: ${(e as Error).message}`, { cause: e });
  });
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (e) {
    throw new FeaturesError('features/bad-catalog', `${file} is not valid CSV: ${(e as Error).message}`, { cause: e });
  }
  const header = rows[0];
  if (!header || header.length === 0) throw new FeaturesError('features/bad-catalog', `${file} is empty (no header line)`);
  const col = new Map(header.map((h, i) => [h, i]));
  const need = (name: string, role: string): number => {
    const i = col.get(name);
    if (i === undefined) {
      throw new FeaturesError('features/missing-column', `catalog ${file} has no column '${name}' (the ${role})`, {
        hint: `its columns are: ${header.join(', ')}; name the right one with the matching option (e.g. --${role}-col)`,
        details: { column: name, role, columns: header },
      });
    }
    return i;
  };
  const idCol = need(columns.id ?? 'id', 'id');
  // A band named `g` is the column `g` or `path_g` (what `kenobi sim lenses` writes). With no path column
  // and no bands named, `path_<band>` columns are taken as the bands, in header order.
  const bandColumn = (b: string): number => (col.has(b) || !col.has(`path_${b}`) ? need(b, 'band') : col.get(`path_${b}`)!);
  const autoBands = columns.bands === undefined && columns.path === undefined && !col.has('path')
    ? header.filter((h) => /^path_.+/.test(h)).map((h) => h.slice('path_'.length))
    : [];
  const bandNames = columns.bands ?? (autoBands.length > 0 ? autoBands : undefined);
  const bandCols = bandNames?.map(bandColumn);
  const pathCol = bandCols ? undefined : need(columns.path ?? 'path', 'path');
  const labelCol = columns.label !== undefined ? need(columns.label, 'label') : col.get('label');
  const used = new Set([idCol, pathCol, labelCol, ...(bandCols ?? [])].filter((i) => i !== undefined));
  const body = rows.slice(1);
  const targetCols = columns.targets === undefined || columns.targets === 'auto'
    ? header.map((_, i) => i).filter((i) => !used.has(i) && body.length > 0 && body.every((r) => r[i] === '' || Number.isFinite(Number(r[i]))))
    : columns.targets.map((t) => need(t, 'target'));
  const base = dirname(file);
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  const ids = new Set<string>();
  const items: DatasetItem[] = body.map((r, k) => {
    const row = k + 2;
    const id = r[idCol]!;
    if (id === '') throw new FeaturesError('features/bad-catalog', `${file} line ${row}: empty id`);
    if (ids.has(id)) throw new FeaturesError('features/bad-catalog', `${file} line ${row}: id '${id}' appears twice`);
    ids.add(id);
    const source: ItemSource = bandCols ? { kind: 'bands', paths: bandCols.map((i) => abs(r[i]!)) } : { kind: 'file', path: abs(r[pathCol!]!) };
    const label = labelCol === undefined ? undefined : r[labelCol];
    const targets = targetCols.map((i) => (r[i] === '' ? Number.NaN : Number(r[i])));
    return { row, id, source, ...(label !== undefined && label !== '' ? { label } : {}), ...(targetCols.length > 0 ? { targets } : {}) };
  });
  const classNames = [...new Set(items.map((it) => it.label).filter((l): l is string => l !== undefined))].sort();
  return {
    kind: 'catalog', source: file, items, classNames,
    targetNames: targetCols.map((i) => header[i]!), bandNames: bandNames ? [...bandNames] : [],
  };
}
