/**
 * Test support: an independent Parquet implementation for checking Kenobi's Parquet files both ways, arrow-rs
 * compiled to WebAssembly (`parquet-wasm`, a root dev dependency). Reading goes through the Arrow C data
 * interface: the structs arrow-rs exports are read straight out of the WebAssembly memory (wasm32: 4-byte
 * pointers), for the column types Kenobi writes (utf8, float32/64, int32/64, bool; nulls). Writing re-encodes
 * a table with arrow-rs's own writer (dictionary pages, GZIP/Snappy/uncompressed, data page v2, small row
 * groups), so Kenobi's reader meets pages it did not write.
 */
import * as pw from 'parquet-wasm';

/** Columns read by arrow-rs: name → values (null for a null; bigint for int64). */
export interface ArrowColumns {
  readonly rows: number;
  readonly names: readonly string[];
  readonly columns: ReadonlyMap<string, readonly unknown[]>;
  /** Arrow format strings per column (`'u'` utf8, `'f'` float32, `'g'` float64, `'i'`, `'l'`, `'b'`). */
  readonly formats: ReadonlyMap<string, string>;
}

function cString(mem: Uint8Array, ptr: number): string {
  if (ptr === 0) return '';
  let end = ptr;
  while (mem[end] !== 0) end += 1;
  return new TextDecoder().decode(mem.subarray(ptr, end));
}

function valid(mem: Uint8Array, bitmap: number, i: number): boolean {
  return bitmap === 0 || ((mem[bitmap + (i >> 3)]! >> (i & 7)) & 1) === 1;
}

/** Values of one primitive or utf8 ArrowArray (with its offset) of the given format. */
function arrayValues(memory: WebAssembly.Memory, format: string, array: number): unknown[] {
  const buf = memory.buffer;
  const mem = new Uint8Array(buf);
  const dv = new DataView(buf);
  const length = Number(dv.getBigInt64(array, true));
  const offset = Number(dv.getBigInt64(array + 16, true));
  const buffers = dv.getUint32(array + 40, true);
  const b = (k: number): number => dv.getUint32(buffers + 4 * k, true);
  const out: unknown[] = new Array(length);
  const validity = b(0);
  for (let i = 0; i < length; i += 1) {
    const j = i + offset;
    if (!valid(mem, validity, j)) { out[i] = null; continue; }
    switch (format) {
      case 'u': {
        const offs = b(1), data = b(2);
        const from = dv.getInt32(offs + 4 * j, true), to = dv.getInt32(offs + 4 * (j + 1), true);
        out[i] = new TextDecoder().decode(mem.subarray(data + from, data + to));
        break;
      }
      case 'f': out[i] = dv.getFloat32(b(1) + 4 * j, true); break;
      case 'g': out[i] = dv.getFloat64(b(1) + 8 * j, true); break;
      case 'i': out[i] = dv.getInt32(b(1) + 4 * j, true); break;
      case 'l': out[i] = dv.getBigInt64(b(1) + 8 * j, true); break;
      case 'b': out[i] = ((mem[b(1) + (j >> 3)]! >> (j & 7)) & 1) === 1; break;
      default: throw new Error(`arrow format '${format}' is not read by this test support`);
    }
  }
  return out;
}

/**
 * Reads Parquet bytes with arrow-rs (parquet-wasm) into plain columns.
 *
 * @example
 * ```ts
 * const a = readParquetWithArrow(bytes);
 * a.columns.get('id'); // ['a', 'b']
 * ```
 */
export function readParquetWithArrow(bytes: Uint8Array): ArrowColumns {
  const stream = pw.readParquet(bytes).intoFFI();
  try {
    const memory = pw.wasmMemory();
    const dv = (): DataView => new DataView(memory.buffer);
    const schema = stream.schemaAddr();
    const nChildren = Number(dv().getBigInt64(schema + 24, true));
    const children = dv().getUint32(schema + 32, true);
    const names: string[] = [];
    const formats = new Map<string, string>();
    for (let c = 0; c < nChildren; c += 1) {
      const child = dv().getUint32(children + 4 * c, true);
      const mem = new Uint8Array(memory.buffer);
      const name = cString(mem, dv().getUint32(child + 4, true));
      names.push(name);
      formats.set(name, cString(mem, dv().getUint32(child, true)));
    }
    const columns = new Map<string, unknown[]>(names.map((n) => [n, []]));
    let rows = 0;
    for (let k = 0; k < stream.numArrays(); k += 1) {
      const struct = stream.arrayAddr(k);
      rows += Number(dv().getBigInt64(struct, true));
      const arrays = dv().getUint32(struct + 44, true);
      names.forEach((n, c) => {
        const values = arrayValues(memory, formats.get(n)!, dv().getUint32(arrays + 4 * c, true));
        const col = columns.get(n)!;
        for (const v of values) col.push(v);
      });
    }
    return { rows, names, columns, formats };
  } finally {
    stream.free();
  }
}

/** How arrow-rs re-encodes a file. */
export interface ArrowWriteOptions {
  readonly compression?: 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'BROTLI' | 'ZSTD' | 'LZ4_RAW';
  readonly dictionary?: boolean;
  readonly v2?: boolean;
  readonly maxRowGroupSize?: number;
}

/**
 * Parquet bytes re-written by arrow-rs: the values of `bytes`, decoded to Arrow and encoded anew.
 *
 * @example
 * ```ts
 * const arrowBytes = rewriteParquetWithArrow(kenobiBytes, { compression: 'GZIP', dictionary: true, v2: true, maxRowGroupSize: 3 });
 * ```
 */
export function rewriteParquetWithArrow(bytes: Uint8Array, o: ArrowWriteOptions = {}): Uint8Array {
  let builder = new pw.WriterPropertiesBuilder()
    .setCompression(pw.Compression[o.compression ?? 'SNAPPY'])
    .setDictionaryEnabled(o.dictionary ?? true)
    .setWriterVersion(o.v2 ? pw.WriterVersion.V2 : pw.WriterVersion.V1)
    .setCreatedBy('parquet-wasm (arrow-rs), Kenobi test');
  if (o.maxRowGroupSize !== undefined) builder = builder.setMaxRowGroupSize(o.maxRowGroupSize);
  return pw.writeParquet(pw.readParquet(bytes), builder.build());
}
