/**
 * Node-only. Finds the dataset item (where its pixels are) of each row of a feature store, from the dataset
 * the store was extracted from (`meta.dataset.source`), so the montages can show the cutouts.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { DatasetItem, FeatureStoreMeta } from '@kenobi/features';
import { imageFileKind } from '@kenobi/features';
import { loadCatalogCsv, loadDataset, type CatalogColumns } from '@kenobi/features/node';

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
  if (!source || !existsSync(source)) return { reason: `the dataset the store was made from (${source || 'not recorded'}) is not there` };
  try {
    let ds;
    if (meta.dataset.kind === 'catalog') {
      const cols = columns ?? detectCatalogColumns(source, ids);
      if (typeof cols === 'string') return { reason: cols };
      ds = await loadCatalogCsv(source, { ...cols, targets: [] });
    } else if (meta.dataset.kind === 'class-folders' || meta.dataset.kind === 'fits-cube' || meta.dataset.kind === 'npy-stack') {
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
 * Guesses a catalog's id and image columns from its first 200 lines (simple comma splitting is enough for
 * that); returns a reason string when it cannot.
 *
 * @example
 * ```ts
 * detectCatalogColumns('gz1/labels.csv', ['587722981742215240']); // { id: 'objid', path: 'file' }
 * ```
 */
export function detectCatalogColumns(path: string, ids: readonly string[]): CatalogColumns | string {
  const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 200);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  const body = lines.slice(1).map((l) => l.split(',').map((c) => c.trim().replace(/^"|"$/g, '')));
  if (body.length === 0) return `${path} has no rows`;
  const sample = new Set(ids.slice(0, 200));
  const idIndex = header.findIndex((_, j) => body.some((r) => sample.has(r[j] ?? '')));
  if (idIndex < 0) return `no column of ${path} holds the store's ids (pass --id-col)`;
  const imageCols = header.map((_, j) => j).filter((j) => j !== idIndex && body.every((r) => imageFileKind(r[j] ?? '') !== undefined));
  if (imageCols.length === 0) return `no column of ${path} holds image paths (pass --path-col)`;
  const fitsCols = imageCols.filter((j) => imageFileKind(body[0]![j]!) === 'fits');
  if (fitsCols.length > 1 && fitsCols.length === imageCols.length) return { id: header[idIndex]!, bands: fitsCols.map((j) => header[j]!) };
  return { id: header[idIndex]!, path: header[imageCols[0]!]! };
}
