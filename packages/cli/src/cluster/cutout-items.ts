/**
 * Node-only. Finds the dataset item (where its pixels are) of each row of a feature store, from the dataset
 * the store was extracted from (`meta.dataset.source`), so the montages can show the cutouts.
 */
import { existsSync } from 'node:fs';
import type { CatalogTable, DatasetItem, FeatureStoreMeta } from '@kenobi/features';
import { imageFileKind } from '@kenobi/features';
import { catalogDataset, loadDataset, readCatalogTable, splitHduSuffix, type CatalogColumns } from '@kenobi/features/node';

/**
 * The items found, or why there are none.
 *
 * @example
 * ```ts
 * const c: CutoutItems = { items: new Map([['obj1', item]]), bandNames: [] };
 * ```
 */
export type CutoutItems = { readonly items: ReadonlyMap<string, DatasetItem>; readonly bandNames: readonly string[] } | { readonly reason: string };

/**
 * Loads the store's dataset and maps ids to items. A catalog's id and image columns are taken from
 * `columns` when given, else found from the data: the id column is the one holding the store's ids, the image
 * column the first whose cells are image files (several FITS columns: one per band).
 *
 * @example
 * ```ts
 * const c = await cutoutItems(meta, ids);
 * if ('reason' in c) console.warn(c.reason); else c.items.get(ids[0]);
 * ```
 */
export async function cutoutItems(meta: FeatureStoreMeta, ids: readonly string[], columns?: CatalogColumns): Promise<CutoutItems> {
  const source = meta.dataset.source;
  if (!source || !existsSync(splitHduSuffix(source).path)) return { reason: `the dataset the store was made from (${source || 'not recorded'}) is not there` };
  try {
    let ds;
    if (meta.dataset.kind === 'catalog') {
      // NOTE: any catalog format (CSV, FITS table, Parquet); a FITS source may name its HDU (cat.fits[SOURCES])
      const { path, hdu } = existsSync(source) ? { path: source, hdu: undefined } : splitHduSuffix(source);
      const table = await readCatalogTable(path, hdu === undefined ? {} : { hdu });
      const cols = columns ?? detectCatalogColumns(table, ids);
      if (typeof cols === 'string') return { reason: cols };
      ds = catalogDataset(table, { ...cols, targets: [] });
    } else if (meta.dataset.kind === 'class-folders' || meta.dataset.kind === 'image-folder' || meta.dataset.kind === 'fits-cube' || meta.dataset.kind === 'npy-stack') {
      ds = await loadDataset(source);
    } else {
      return { reason: `dataset kind '${meta.dataset.kind}' has no images to show` };
    }
    const wanted = new Set(ids);
    const items = new Map(ds.items.filter((it) => wanted.has(it.id)).map((it) => [it.id, it]));
    if (items.size === 0) return { reason: `none of the store's ids are in ${source}` };
    return { items, bandNames: ds.bandNames };
  } catch (e) {
    return { reason: `cannot read ${source}: ${(e as Error).message.split('\n')[0]}` };
  }
}

/**
 * Guesses a catalog's id and image columns from its first 200 rows; returns a reason string when it cannot.
 *
 * @example
 * ```ts
 * detectCatalogColumns(await readCatalogTable('gz1/labels.csv'), ['587722981742215240']); // { id: 'objid', path: 'file' }
 * ```
 */
export function detectCatalogColumns(table: CatalogTable, ids: readonly string[]): CatalogColumns | string {
  const path = table.source;
  const n = Math.min(200, table.rows);
  if (n === 0) return `${path} has no rows`;
  const cols = table.names.map((name) => table.column(name)!).filter((c) => c.kind !== 'other');
  const cells = cols.map((c) => Array.from({ length: n }, (_, r) => c.text(r)));
  const sample = new Set(ids.slice(0, 200));
  const idIndex = cells.findIndex((col) => col.some((v) => sample.has(v)));
  if (idIndex < 0) return `no column of ${path} holds the store's ids (pass --id-col)`;
  const imageCols = cells.map((_, j) => j).filter((j) => j !== idIndex && cells[j]!.every((v) => imageFileKind(v) !== undefined));
  if (imageCols.length === 0) return `no column of ${path} holds image paths (pass --path-col)`;
  const fitsCols = imageCols.filter((j) => imageFileKind(cells[j]![0]!) === 'fits');
  if (fitsCols.length > 1 && fitsCols.length === imageCols.length) return { id: cols[idIndex]!.name, bands: fitsCols.map((j) => cols[j]!.name) };
  return { id: cols[idIndex]!.name, path: cols[imageCols[0]!]!.name };
}
