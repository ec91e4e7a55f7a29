/**
 * Node-only. HDF5 files through h5wasm (the HDF5 C library compiled to WebAssembly, reading and writing host
 * files directly): the datasets a file holds, one dataset's values, and writing a file of datasets with
 * attributes. Errors are typed and name the file and the dataset; nothing is handed to the HDF5 library that
 * would make it print its own error stack (missing files, non-HDF5 files and missing datasets are caught first).
 */
import { existsSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import h5wasm from 'h5wasm/node';
import type { Dataset as H5Dataset, File as H5File } from 'h5wasm/node';
import { FeaturesError } from '../features-error.js';

/** A dataset of an HDF5 file, as listed. */
export interface Hdf5DatasetInfo {
  /** Full path inside the file, e.g. `/predictions`. */
  readonly path: string;
  readonly shape: readonly number[];
  /** h5wasm's dtype text: `<f`, `<d`, `<i`, `<q`, `S` (strings)... */
  readonly dtype: string;
  /** True for string datasets. */
  readonly text: boolean;
}

/** A dataset's values: numbers (typed array, C order) or strings. */
export type Hdf5Values = { readonly kind: 'numbers'; readonly shape: readonly number[]; readonly values: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array | BigUint64Array } | { readonly kind: 'strings'; readonly shape: readonly number[]; readonly values: readonly string[] };

let ready: Promise<unknown> | undefined;
async function module(): Promise<typeof h5wasm> {
  ready ??= h5wasm.ready;
  await ready;
  return h5wasm;
}

/** HDF5's signature, at offset 0 or a user block of 512 × 2^k bytes. */
function isHdf5(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const sig = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
    const buf = new Uint8Array(8);
    for (let at = 0; at <= 1 << 20; at = at === 0 ? 512 : at * 2) {
      if (readSync(fd, buf, 0, 8, at) < 8) return false;
      if (sig.every((b, i) => buf[i] === b)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Opens an HDF5 file for reading, after checking it exists and is HDF5 (`features/bad-option` otherwise). */
async function openForReading(path: string): Promise<H5File> {
  const file = resolve(path);
  if (!existsSync(file)) throw new FeaturesError('features/bad-option', `${file} does not exist`);
  if (!isHdf5(file)) throw new FeaturesError('features/bad-option', `${file} is not an HDF5 file (no HDF5 signature)`);
  const h5 = await module();
  return new h5.File(file, 'r');
}

function isDataset(e: unknown): e is H5Dataset {
  return typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 'Dataset';
}

/**
 * Every dataset of an HDF5 file with its shape and type.
 *
 * @example
 * ```ts
 * await listHdf5Datasets('representations.hdf5');
 * // [{ path: '/id_str', shape: [1000], dtype: 'S', text: true }, { path: '/predictions', shape: [1000, 1280, 1], dtype: '<f', text: false }, ...]
 * ```
 */
export async function listHdf5Datasets(path: string): Promise<Hdf5DatasetInfo[]> {
  const f = await openForReading(path);
  try {
    const out: Hdf5DatasetInfo[] = [];
    for (const p of f.paths()) {
      const e = f.get(p);
      if (!isDataset(e)) continue;
      const meta = e.metadata as { type: number; vlen?: boolean };
      out.push({ path: p.startsWith('/') ? p : `/${p}`, shape: e.shape ?? [], dtype: String(e.dtype), text: meta.type === 3 });
    }
    return out;
  } finally {
    f.close();
  }
}

/**
 * The values of one dataset (`name` with or without the leading `/`). Throws `features/missing-column`
 * naming the file, the dataset and the datasets there are.
 *
 * @example
 * ```ts
 * const x = await readHdf5Dataset('representations.hdf5', 'predictions'); // { kind: 'numbers', shape: [1000, 1280, 1], values: Float32Array }
 * ```
 */
export async function readHdf5Dataset(path: string, name: string): Promise<Hdf5Values> {
  const want = name.startsWith('/') ? name : `/${name}`;
  const listing = await listHdf5Datasets(path);
  const info = listing.find((d) => d.path === want);
  if (!info) {
    throw new FeaturesError('features/missing-column', `${resolve(path)} has no dataset '${want}'`, {
      hint: `its datasets are: ${listing.map((d) => `${d.path} [${d.shape.join(', ')}]`).join(', ') || 'none'}`,
      details: { file: resolve(path), dataset: want },
    });
  }
  const f = await openForReading(path);
  try {
    const d = f.get(want) as H5Dataset;
    const value = d.value as unknown;
    if (info.text || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      return { kind: 'strings', shape: info.shape, values: (Array.isArray(value) ? value : [value]).map(String) };
    }
    if (ArrayBuffer.isView(value)) return { kind: 'numbers', shape: info.shape, values: value as Float32Array };
    throw new FeaturesError('features/bad-option', `${resolve(path)}: dataset '${want}' holds ${String(info.dtype)} values, neither numbers nor strings`);
  } finally {
    f.close();
  }
}

/** One dataset to write: numbers with a shape, or strings (variable-length UTF-8, as h5py's string_dtype). */
export type Hdf5WriteDataset =
  | { readonly name: string; readonly values: Float32Array | Int32Array; readonly shape: readonly number[] }
  | { readonly name: string; readonly values: readonly string[] };

/**
 * Writes an HDF5 file (replacing any) with these datasets and string attributes on the root group.
 *
 * @example
 * ```ts
 * await writeHdf5File('feats.h5', [{ name: 'features', values: X, shape: [rows, dim] }, { name: 'ids', values: ids }], { kenobi: '{...}' });
 * // h5py: f['features'][:].shape -> (rows, dim); f['ids'].asstr()[:]
 * ```
 */
export async function writeHdf5File(path: string, datasets: readonly Hdf5WriteDataset[], attributes: Readonly<Record<string, string>> = {}): Promise<void> {
  const file = resolve(path);
  const h5 = await module();
  rmSync(file, { force: true });
  const f = new h5.File(file, 'w');
  try {
    for (const d of datasets) {
      if ('shape' in d) {
        f.create_dataset({ name: d.name, data: d.values, shape: [...d.shape], dtype: d.values instanceof Float32Array ? '<f' : '<i' });
      } else {
        f.create_dataset({ name: d.name, data: [...d.values] });
      }
    }
    for (const [k, v] of Object.entries(attributes)) f.create_attribute(k, v);
  } finally {
    f.close();
  }
}
