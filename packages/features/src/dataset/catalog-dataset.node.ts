/**
 * Node-only. A {@link CatalogTable} (CSV, FITS table or Parquet) → a {@link Dataset}: the id, path or per-band
 * paths, label and regression targets taken from named columns. Every required column is checked before any
 * row is read, so a wrong catalog fails at once with the column named. `columns.where` keeps only the rows
 * whose cells match (ids must then be unique among those rows only; items keep their catalog row numbers). Without an id column named, one named
 * like an id (`id`, `objid`, `object_id`, `source_id`, `name`) is used and reported; with none, the row
 * index is the id.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { FeaturesError } from '../features-error.js';
import type { CatalogColumns } from './catalog-csv.node.js';
import { detectIdColumn, ID_COLUMN_NAMES } from './catalog-table.js';
import type { CatalogColumn, CatalogTable } from './catalog-table.js';
import type { Dataset, DatasetItem, IdSource, ItemSource } from './dataset.js';

/**
 * The dataset a catalog describes.
 *
 * @example
 * ```ts
 * const ds = catalogDataset(table, { path: 'file', label: 'klass' });
 * ds.idSource; // { column: 'objid', detected: true }
 * ```
 */
export function catalogDataset(table: CatalogTable, columns: CatalogColumns = {}): Dataset {
  const src = table.source;
  const need = (name: string, role: string, usable: 'text' | 'number' = 'text'): CatalogColumn => {
    const c = table.column(name);
    if (!c) {
      throw new FeaturesError('features/missing-column', `catalog ${src} has no column '${name}' (the ${role})`, {
        hint: `its columns are: ${table.names.join(', ')}; name the right one with the matching option (e.g. --${role === 'band' ? 'bands' : role === 'row filter' ? 'where' : `${role}-col`})`,
        details: { file: table.file, column: name, role, columns: table.names },
      });
    }
    if (c.kind === 'other' || (usable === 'number' && c.kind !== 'number')) {
      throw new FeaturesError('features/bad-catalog', `catalog ${src}: column '${c.name}' (the ${role}) holds ${c.kind === 'other' ? (c.why ?? 'values that are not one number or string per row') : 'text, not numbers'}`, {
        details: { file: table.file, column: c.name, role },
      });
    }
    return c;
  };
  const detected = columns.id === undefined ? detectIdColumn(table) : undefined;
  const idCol = columns.id !== undefined ? need(columns.id, 'id') : detected !== undefined ? need(detected, 'id') : undefined;
  const idSource: IdSource = idCol ? { column: idCol.name, detected: columns.id === undefined } : { column: undefined, detected: false };
  // A band named `g` is the column `g` or `path_g` (what `kenobi sim lenses` writes). With no path column
  // and no bands named, `path_<band>` columns are taken as the bands, in column order.
  const has = (n: string): boolean => table.column(n) !== undefined;
  const pathBands = table.names.filter((h) => /^path_.+/.test(h)).map((h) => h.slice('path_'.length));
  const bandColumn = (b: string): CatalogColumn => {
    if (has(b)) return need(b, 'band');
    if (has(`path_${b}`)) return need(`path_${b}`, 'band');
    throw new FeaturesError('features/missing-column', `catalog ${src} has no column for the band '${b}' (neither '${b}' nor 'path_${b}')`, {
      hint: pathBands.length > 0
        ? `its bands are ${pathBands.join(', ')} (columns path_${pathBands.join(', path_')}); give --bands ${pathBands.join(',')}, or a subset`
        : `its columns are: ${table.names.join(', ')}; a band is a column of paths named as the band or path_<band>`,
      details: { file: table.file, column: b, role: 'band', columns: table.names },
    });
  };
  const autoBands = columns.bands === undefined && columns.path === undefined && !has('path') ? pathBands : [];
  const bandNames = columns.bands ?? (autoBands.length > 0 ? autoBands : undefined);
  const bandCols = bandNames?.map(bandColumn);
  const pathCol = bandCols ? undefined : need(columns.path ?? 'path', 'path');
  const labelCol = columns.label !== undefined ? need(columns.label, 'label') : table.column('label');
  const used = new Set([idCol, pathCol, labelCol, ...(bandCols ?? [])].filter((c) => c !== undefined).map((c) => c.name));
  const targetCols = columns.targets === undefined || columns.targets === 'auto'
    ? table.names.map((n) => table.column(n)!).filter((c) => !used.has(c.name) && c.kind === 'number' && table.rows > 0)
    : columns.targets.map((t) => need(t, 'target', 'number'));
  const where = Object.entries(columns.where ?? {}).map(([name, values]) => ({ column: need(name, 'row filter'), values: new Set(values) }));
  const base = dirname(table.file);
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  const ids = new Map<string, number>(); // id → the table row it was first seen at
  const items: DatasetItem[] = [];
  for (let k = 0; k < table.rows; k += 1) {
    if (!where.every((w) => w.values.has(w.column.text(k)))) continue;
    const row = table.rowNumber(k);
    const at = `${src} ${table.rowWord} ${row}`;
    // NOTE: without an id column the row index is the id, 0-based as pandas and astropy count rows.
    const id = idCol ? idCol.text(k) : String(k);
    if (id === '') throw new FeaturesError('features/bad-catalog', `${at}: empty id${idSource.detected ? ` (column '${idCol!.name}', taken as the id; name another with --id-col)` : ''}`);
    if (ids.has(id)) {
      throw new FeaturesError('features/bad-catalog', `${at}: id '${id}' appears twice${idSource.detected ? ` (column '${idCol!.name}', taken as the id; name another with --id-col)` : ''}`, {
        hint: repeatedIdHint(table, ids.get(id)!, k, idCol),
      });
    }
    ids.set(id, k);
    // NOTE: an empty path is not refused here: the item then fails alone when it is decoded, with its row.
    const path = (c: CatalogColumn): string => abs(c.text(k));
    const source: ItemSource = bandCols ? { kind: 'bands', paths: bandCols.map(path) } : { kind: 'file', path: path(pathCol!) };
    const label = labelCol?.text(k);
    const targets = targetCols.map((c) => c.number(k));
    items.push({ row, id, source, ...(label !== undefined && label !== '' ? { label } : {}), ...(targetCols.length > 0 ? { targets } : {}) });
  }
  if (items.length === 0 && where.length > 0 && table.rows > 0) {
    // NOTE: a row filter that keeps nothing is a typo far more often than an empty selection: name what is there
    const seen = where.map((w) => {
      const values = new Set<string>();
      for (let k = 0; k < table.rows && values.size <= 12; k += 1) values.add(w.column.text(k));
      const list = [...values].slice(0, 12).map((v) => `'${v}'`).join(', ');
      return `'${w.column.name}' holds ${list}${values.size > 12 ? ', …' : ''}`;
    });
    throw new FeaturesError('features/bad-catalog', `no row of ${src} matches the row filter ${where.map((w) => `${w.column.name}=${[...w.values].join(',')}`).join(' and ')} (${table.rows} rows)`, {
      hint: `${seen.join('; ')} (--where column=value[,value…])`,
    });
  }
  const classNames = [...new Set(items.map((it) => it.label).filter((l): l is string => l !== undefined))].sort();
  // NOTE: a FITS catalog's source names its HDU (cat.fits[SOURCES]): what loadDataset reads back the same table from
  return {
    kind: 'catalog', source: table.format === 'fits' ? table.source : table.file, items, classNames,
    targetNames: targetCols.map((c) => c.name), bandNames: bandNames ? [...bandNames] : [], idSource,
  };
}

/**
 * One line saying where the ids came from, for command output.
 *
 * @example
 * ```ts
 * describeIdSource(ds.idSource); // "ids from column 'objid' (found by name; --id-col names another)"
 * ```
 */
export function describeIdSource(s: IdSource | undefined): string | undefined {
  if (!s) return undefined;
  if (s.column === undefined) return `ids are row numbers (0-based): no id column named (--id-col) and none called ${ID_COLUMN_NAMES.join(', ')}`;
  return s.detected ? `ids from column '${s.column}' (found by name; --id-col names another)` : `ids from column '${s.column}'`;
}

/**
 * What to do about an id that repeats: where the catalog has a row per band or epoch (a column whose value
 * differs between the two rows, e.g. band = G and band = I), take one of them with --where, or give one row
 * per object with a path_<band> column per band.
 */
function repeatedIdHint(table: CatalogTable, first: number, k: number, idCol: CatalogColumn | undefined): string {
  const c = table.names
    .map((n) => table.column(n)!)
    .find((c) => c.kind === 'text' && c !== idCol && c.text(first) !== c.text(k) && /^(band|filter|filt|channel|epoch|mjd|visit|survey)$/i.test(c.name));
  const where = c ? `take one ${c.name} with --where ${c.name}=${c.text(first)}` : 'take one row per object with --where <column>=<value>';
  return `a catalog with a row per band or epoch: ${where}, or give one row per object with a path_<band> column per band (path_g, path_r, path_i) to stack them as channels`;
}
