/**
 * `kenobi features export <store> --format npy|hdf5|parquet|fits|csv --out <file>`: one file with the ids,
 * labels, targets and features of a feature store, for numpy, h5py, pandas and astropy.
 */
import { EXPORT_FORMATS, exportFeatures, type ExportFormat } from '@kenobi/features/node';
import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

const BY_EXTENSION: Readonly<Record<string, ExportFormat>> = Object.freeze({ npy: 'npy', h5: 'hdf5', hdf5: 'hdf5', parquet: 'parquet', pq: 'parquet', fits: 'fits', fit: 'fits', csv: 'csv' });

/**
 * The `features export` command.
 *
 * @example
 * ```sh
 * kenobi features export gz1-feats --format parquet --out gz1-features.parquet
 * ```
 */
export const featuresExportCommand: Command = {
  words: ['features', 'export'],
  summary: 'Write a feature store as one file (ids, labels, targets, features): .npy, HDF5, Parquet, FITS table or CSV',
  usage: 'kenobi features export <store> --format npy|hdf5|parquet|fits|csv --out <file> [--json]',
  details: `
  npy       a numpy structured array: fields id, label, label_index (with classes), one per target,
            features (dim,)                          np.load(f)['features'].shape == (rows, dim)
  hdf5      datasets features [rows, dim], ids, labels (-1 = none) and class_names, targets and
            target_names; the store's provenance as attributes          h5py.File(f)['features']
  parquet   columns id, label, the targets, feature_0 ... feature_<dim-1>  pandas.read_parquet(f)
  fits      one BINTABLE FEATURES: id, label, the targets, feature (a dim-element column)
                                                                        astropy Table.read(f)
  csv       as Parquet, in CSV
--format defaults to the extension of --out (.npy, .h5/.hdf5, .parquet, .fits, .csv).

Example: kenobi features export gz1-feats --format hdf5 --out gz1.h5`,
  options: { format: { type: 'string' }, out: { type: 'string', short: 'o' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const out = values.out;
    if (typeof out !== 'string' || out === '') throw new UsageError(`kenobi features export: --out <file> is required. Usage: ${featuresExportCommand.usage}`);
    const fmt = typeof values.format === 'string' ? values.format : BY_EXTENSION[out.split('.').pop()!.toLowerCase()];
    if (!fmt || !(EXPORT_FORMATS as readonly string[]).includes(fmt)) {
      throw new UsageError(`kenobi features export: --format must be one of ${EXPORT_FORMATS.join(', ')}${fmt ? `, got '${fmt}'` : ' (or --out must end in one of their extensions)'}`);
    }
    const r = await exportFeatures(positionals[0]!, out, fmt as ExportFormat);
    if (values.json) io.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else io.stdout.write(`wrote ${r.path} (${r.format}): ${r.rows} rows x ${r.dim} features; ${r.fields.join(', ')}\n`);
    return 0;
  },
};
