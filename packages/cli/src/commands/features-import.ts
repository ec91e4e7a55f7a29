/**
 * `kenobi features import`: a feature store from features made elsewhere (numpy, Zoobot's representations.hdf5,
 * any HDF5 dataset, a CSV / Parquet / FITS table), for kenobi train, evaluate and cluster.
 */
import { importFeatures } from '@kenobi/features/node';
import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';
import { commaList } from './comma-list.js';

/**
 * The `features import` command.
 *
 * @example
 * ```sh
 * kenobi features import --x representations.hdf5 --labels gz2.csv --label-col smooth --out zoobot-feats
 * ```
 */
export const featuresImportCommand: Command = {
  words: ['features', 'import'],
  summary: 'Build a feature store from features made elsewhere (.npy, HDF5 incl. Zoobot representations, CSV/Parquet/FITS tables)',
  usage: 'kenobi features import --x X.npy|X.csv|X.parquet|reps.hdf5[:dataset] [--ids ids.npy|ids.txt] [--id-col C] [--labels labels.csv|.npy --label-col C] [--targets targets.npy|.csv] [--target-cols a,b] --out <dir> [--overwrite] [--json]',
  details: `
Writes a feature store (the layout kenobi extract writes) from features computed elsewhere, so kenobi train,
evaluate and cluster run on it as on extracted features.

  --x            the features, one row per object:
                   X.npy                 [rows, features], any numeric dtype, C or Fortran order
                   reps.hdf5[:dataset]   an HDF5 dataset [rows, features] (or [rows, features, passes],
                                         passes averaged); Zoobot's representations.hdf5 is found by itself
                                         ('predictions', with ids from 'id_str')
                   X.csv|.parquet|.fits  a table: its numeric columns (but the id, label and target ones)
  --ids          ids, one per row: .npy (strings or integers), .txt (one per line), file.hdf5:dataset, or a
                 table column (--id-col); default the ids beside X (Zoobot's id_str, the table's id
                 column), else the row index
  --id-col       the id column of tables (default: one named id, objid, object_id, source_id or name)
  --labels       class labels: .npy, .txt, file.hdf5:dataset, or a table (column --label-col, default label);
                 a table with an id column is matched by id (rows it lacks stay unlabelled), else by row
  --label-col    the label column (of --labels, or of X's own table)
  --targets      regression targets: .npy ([rows] or [rows, T]) or a table (columns --target-cols)
  --target-cols  target column names (of --targets or of X's own table; names for an .npy's columns)
  --out          the store folder (--overwrite replaces one)

A dataset of the wrong rank, a missing column or ids that do not fit the rows stop with a typed error naming
the file and the dataset or column.

Example: kenobi features import --x representations.hdf5 --labels gz2.csv --id-col id_str --label-col smooth --out zoobot-feats`,
  options: {
    x: { type: 'string' }, ids: { type: 'string' }, 'id-col': { type: 'string' }, labels: { type: 'string' }, 'label-col': { type: 'string' },
    targets: { type: 'string' }, 'target-cols': { type: 'string' }, out: { type: 'string', short: 'o' }, overwrite: { type: 'boolean' }, json: { type: 'boolean' },
    'rows-per-part': { type: 'string' },
  },
  async run({ values }, io) {
    const x = values.x, out = values.out;
    if (typeof x !== 'string' || x === '') throw new UsageError(`kenobi features import: --x is required. Usage: ${featuresImportCommand.usage}`);
    if (typeof out !== 'string' || out === '') throw new UsageError(`kenobi features import: --out <dir> is required. Usage: ${featuresImportCommand.usage}`);
    const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
    const rowsPerPart = str('rows-per-part') === undefined ? undefined : Number(str('rows-per-part'));
    if (rowsPerPart !== undefined && !(Number.isInteger(rowsPerPart) && rowsPerPart > 0)) throw new UsageError(`kenobi features import: --rows-per-part must be a positive integer, got '${str('rows-per-part')}'`);
    const targetCols = commaList(values['target-cols']);
    const r = await importFeatures({
      x, out,
      ...(str('ids') ? { ids: str('ids')! } : {}), ...(str('id-col') ? { idCol: str('id-col')! } : {}),
      ...(str('labels') ? { labels: str('labels')! } : {}), ...(str('label-col') ? { labelCol: str('label-col')! } : {}),
      ...(str('targets') ? { targets: str('targets')! } : {}), ...(targetCols ? { targetCols } : {}),
      ...(values.overwrite ? { overwrite: true } : {}), ...(rowsPerPart ? { rowsPerPart } : {}),
    });
    const m = r.meta;
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ out, rows: m.rows, dim: m.dim, source: r.source, ids: r.idsFrom, labels: r.labelsFrom ?? null, targets: r.targetsFrom ?? null, classNames: m.dataset.classNames, targetNames: m.dataset.targetNames, notes: r.notes }, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `imported ${m.rows} rows x ${m.dim} features from ${r.source} -> ${out}`,
      `ids from ${r.idsFrom}`,
      ...(r.labelsFrom ? [`labels from ${r.labelsFrom}: ${m.dataset.classNames.length} classes (${m.dataset.classNames.join(', ')})`] : []),
      ...(r.targetsFrom ? [`targets ${m.dataset.targetNames.join(', ')} from ${r.targetsFrom}`] : []),
      ...r.notes.map((n) => `note: ${n}`),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
