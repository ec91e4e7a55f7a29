/**
 * Node-only. Reads a Parquet file column by column with hyparquet (pages in Snappy, GZIP or Brotli, or
 * uncompressed; GZIP and Brotli through node:zlib). Columns come back as plain arrays: numbers, bigints (INT64),
 * strings, booleans, or null for a null.
 */
import { decompressLz4, decompressLz4Raw, decompressZstd } from 'hyparquet-compressors';
import { readFile } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import type { FileMetaData } from 'hyparquet';
import { FeaturesError } from '../features-error.js';

/** A Parquet file's columns. */
export interface ParquetColumns {
  readonly source: string;
  readonly rows: number;
  /** Top-level column names, in schema order. */
  readonly names: readonly string[];
  /** Values of the columns that were read (top-level primitive columns only). */
  readonly columns: ReadonlyMap<string, ArrayLike<unknown>>;
  /** Parquet physical type of each top-level column (`'GROUP'` for nested ones: lists, structs). */
  readonly types: ReadonlyMap<string, string>;
  /** The file's key-value metadata. */
  readonly metadata: Readonly<Record<string, string>>;
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // 'PAR1'

/**
 * True when `bytes` start (and, when all there, end) with Parquet's `PAR1` magic.
 *
 * @example
 * ```ts
 * isParquet(readFileSync('objects.parquet')); // true
 * ```
 */
export function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && MAGIC.every((b, i) => bytes[i] === b);
}

// NOTE: GZIP and Brotli through Node's zlib (native); ZSTD and LZ4 through hyparquet-compressors (hyparquet's
// own companion: fzstd in pure JS, LZ4 in JS), since Node 20's zlib has no zstd. Snappy is hyparquet's built-in.
const compressors = {
  GZIP: (input: Uint8Array): Uint8Array => new Uint8Array(gunzipSync(input)),
  BROTLI: (input: Uint8Array): Uint8Array => new Uint8Array(brotliDecompressSync(input)),
  ZSTD: (input: Uint8Array): Uint8Array => decompressZstd(input),
  LZ4: decompressLz4,
  LZ4_RAW: decompressLz4Raw,
};

/**
 * Reads a Parquet file (all top-level primitive columns, or the named ones). Throws `features/bad-dataset`
 * naming the file when it is not Parquet or uses a codec not read here (LZO), and
 * `features/missing-column` naming the file and the column when a named column is not there.
 *
 * @example
 * ```ts
 * const p = await readParquetColumns('objects.parquet', ['objectId', 'ra']);
 * p.rows; p.columns.get('objectId'); // 1000, [1234n, ...]
 * ```
 */
export async function readParquetColumns(path: string, only?: readonly string[]): Promise<ParquetColumns> {
  const bytes = await readFile(path).catch((e: unknown) => {
    throw new FeaturesError('features/bad-dataset', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  });
  if (!isParquet(bytes) || !MAGIC.every((b, i) => bytes[bytes.length - 4 + i] === b)) {
    throw new FeaturesError('features/bad-dataset', `${path} is not a Parquet file (no PAR1 magic at both ends)`);
  }
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(file);
  } catch (e) {
    throw new FeaturesError('features/bad-dataset', `${path}: the Parquet footer cannot be read (${(e as Error).message})`, { cause: e });
  }
  const tree = parquetSchema(metadata);
  const names = tree.children.map((c) => c.element.name);
  const types = new Map(tree.children.map((c) => [c.element.name, c.children.length > 0 ? 'GROUP' : String(c.element.type)]));
  for (const name of only ?? []) {
    if (!types.has(name)) {
      throw new FeaturesError('features/missing-column', `${path} has no column '${name}'`, { hint: `its columns are: ${names.join(', ')}`, details: { file: path, column: name, columns: names } });
    }
  }
  const wanted = (only ?? names).filter((n) => types.get(n) !== 'GROUP');
  const rows = Number(metadata.num_rows);
  const columns = new Map<string, unknown[]>(wanted.map((n) => [n, new Array<unknown>(rows)]));
  try {
    await parquetRead({
      file, metadata, columns: wanted, compressors,
      onChunk: (chunk) => {
        const out = columns.get(chunk.columnName);
        if (!out) return;
        const data = chunk.columnData as ArrayLike<unknown>;
        for (let i = 0; i < data.length && chunk.rowStart + i < rows; i += 1) out[chunk.rowStart + i] = data[i];
      },
    });
  } catch (e) {
    const message = (e as Error).message;
    const codec = /unsupported compression codec: (\w+)/.exec(message)?.[1];
    throw new FeaturesError('features/bad-dataset', codec ? `${path}: Parquet pages compressed with ${codec} cannot be read here` : `${path}: Parquet data cannot be read (${message})`, {
      cause: e,
      ...(codec ? { hint: 'rewrite it with Snappy, GZIP, Brotli or no compression (pandas: df.to_parquet(path, compression="snappy"))' } : {}),
    });
  }
  const kv = Object.fromEntries((metadata.key_value_metadata ?? []).map((k) => [k.key, k.value ?? '']));
  return { source: path, rows, names, columns, types, metadata: kv };
}
