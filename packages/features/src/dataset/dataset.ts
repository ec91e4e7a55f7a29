/**
 * What a dataset is once loaded: an ordered list of items (an id, where the pixels are, a label, regression
 * targets) and the names of its classes and targets. Pure data, no I/O: the pixels are read later, in the
 * pipeline's workers, one batch at a time.
 */

/**
 * Where one item's pixels are.
 * - `file`: a PNG, JPEG, FITS or `.npy` image file.
 * - `bands`: one single-band file per band (FITS usually), in `bandNames` order.
 * - `stack`: plane `index` of a FITS cube or an `.npy` stack `[N, H, W]`, `[N, H, W, C]` or `[N, C, H, W]`.
 *
 * @example
 * ```ts
 * const s: ItemSource = { kind: 'bands', paths: ['g/1.fits', 'r/1.fits', 'i/1.fits'] };
 * ```
 */
export type ItemSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'bands'; readonly paths: readonly string[] }
  | { readonly kind: 'stack'; readonly path: string; readonly index: number; readonly layout: StackLayout };

/**
 * How an `.npy` stack is laid out (FITS cubes are always `NHW`: one plane per image).
 *
 * @example
 * ```ts
 * STACK_LAYOUTS; // ['NHW', 'NHWC', 'NCHW']
 * ```
 */
export const STACK_LAYOUTS = Object.freeze(['NHW', 'NHWC', 'NCHW'] as const);
/** One of {@link STACK_LAYOUTS}. @example `const l: StackLayout = 'NHWC';` */
export type StackLayout = (typeof STACK_LAYOUTS)[number];

/**
 * One item of a dataset.
 *
 * @example
 * ```ts
 * const item: DatasetItem = { row: 2, id: '5877', source: { kind: 'file', path: '/d/5877.jpeg' }, label: 'spiral', targets: [0.7] };
 * ```
 */
export interface DatasetItem {
  /** Where the item came from, for error reports: the 1-based CSV line (header = line 1), or the position. */
  readonly row: number;
  readonly id: string;
  readonly source: ItemSource;
  /** The class name, when the dataset has labels. */
  readonly label?: string;
  /** Regression targets, in `Dataset.targetNames` order (NaN where the catalog cell is empty). */
  readonly targets?: readonly number[];
}

/**
 * The dataset layouts `loadDataset` reads.
 *
 * @example
 * ```ts
 * DATASET_KINDS; // ['class-folders', 'image-folder', 'catalog', 'fits-cube', 'npy-stack']
 * ```
 */
export const DATASET_KINDS = Object.freeze(['class-folders', 'image-folder', 'catalog', 'fits-cube', 'npy-stack'] as const);
/** One of {@link DATASET_KINDS}. @example `const k: DatasetKind = 'catalog';` */
export type DatasetKind = (typeof DATASET_KINDS)[number];

/**
 * A loaded dataset: ordered items, the class names (sorted) and target names.
 *
 * @example
 * ```ts
 * const ds = await loadDataset('gz1_sdss/labels.csv', { columns: { id: 'objid', path: 'file', label: 'gz1_class_name' } });
 * ds.items.length;  // 1221
 * ds.classNames;    // ['dont_know_star_or_artifact', 'edge_on_disk', 'elliptical', 'merger', ...]
 * ```
 */
export interface Dataset {
  readonly kind: DatasetKind;
  /** The path that was loaded (absolute). */
  readonly source: string;
  readonly items: readonly DatasetItem[];
  /** Sorted distinct labels; empty when the dataset has none. */
  readonly classNames: readonly string[];
  readonly targetNames: readonly string[];
  /** Band names of `bands` items (e.g. ['g', 'r', 'i']), else empty. */
  readonly bandNames: readonly string[];
  /** For catalogs: which column the ids came from (commands report it). */
  readonly idSource?: IdSource;
}

/**
 * Where a catalog's ids came from: the column named with `--id-col`, a column found by its name
 * (`detected`), or none (`column` undefined: the 0-based row index is the id).
 *
 * @example
 * ```ts
 * const s: IdSource = { column: 'objectId', detected: true };
 * ```
 */
export interface IdSource {
  readonly column: string | undefined;
  readonly detected: boolean;
}

/**
 * The label of each item as an index into `classNames` (-1 for none).
 *
 * @example
 * ```ts
 * labelIndices(ds); // Int32Array [2, 2, 0, ...]
 * ```
 */
export function labelIndices(dataset: Pick<Dataset, 'items' | 'classNames'>, items: readonly DatasetItem[] = dataset.items): Int32Array {
  const index = new Map(dataset.classNames.map((c, i) => [c, i]));
  return Int32Array.from(items, (it) => (it.label === undefined ? -1 : (index.get(it.label) ?? -1)));
}

/**
 * A dataset restricted to some items (in the order given), keeping its class and target names.
 *
 * @example
 * ```ts
 * const train = subsetDataset(ds, split.train);
 * ```
 */
export function subsetDataset(dataset: Dataset, indices: readonly number[]): Dataset {
  return { ...dataset, items: indices.map((i) => dataset.items[i]!) };
}
