/**
 * The seed files the FITS fuzzer mutates, made here with the package's own writer and the HDU builder (no
 * ../shared needed): plain images of every BITPIX, scaled and BLANK images, a cube, a multi-extension file,
 * binary and ASCII tables, random groups, tile-compressed images (RICE_1, GZIP_1, GZIP_2, NOCOMPRESS,
 * quantised and dithered floats) and gzip- and bzip2-wrapped files. Not part of the package's API.
 */
import { gzipSync } from 'fflate';
import { base64Bytes } from '@kenobi/core';
import { writeFits } from '../writer.js';
import { encodeBigEndian } from '../data/big-endian.js';
import { compressedImageHdu, concatBytes, hduBytes } from './fits-builder.js';
import type { BuilderCard } from './fits-builder.js';

/** One seed: the file's bytes, and for a gzip-wrapped seed the plain FITS inside (so that mutations can reach it). */
export interface FitsSeed {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The FITS bytes inside a container, and how to wrap mutated ones again. */
  readonly inner?: { readonly bytes: Uint8Array; readonly wrap: (fits: Uint8Array) => Uint8Array };
}

/**
 * bzip2 (Python's `bz2.compress(..., 9)`) of `writeFits([{ data: Int16Array 8×8 of i * 37 − 1000, shape: [8, 8],
 * extname: 'BZ2' }])`: no bzip2 compressor is a dependency, so this 404-byte seed is stored here.
 */
const BZIP2_SEED =
  'QlpoOTFBWSZTWStubmEAAI9///5J8E1kk/lCfyfeUD9r/vAAkkkkgASSSSUAJJJJIAEvsADs1YiUBP9UAAAAAAAAI0wQwAAA0NA0yhFNU8k96pkMI0amDSbRpNDIwAEZBkZMJ6E0Yg00YAaIkeqPQmmQMmg9J6mRtRgTE00AyDJiDaJowRpoNNHoCA4PgQgHMYn3kRbTwEAtM1byfzPvWdmD2hg1ce7eHWy7SvD6Xa18PfW+2ozUBgi/cqP4yIFR5SHr4+Q6BwEB15hVjIFYNelUSCDsy6rEtSxBzc7G1kXwdE7r3SbUQHPxzwkbTCATGb0tops6qAaBS67IBZfRS+1ky61UUQXKwM4eQjPmxfuuIyzRNYSyB/vkSwhEbku+pxTlwAcUXUwzS5QLzhR3FmY6mXTQh39689213bhAnhOeaspJUpg08DjiAk6IB8MxL5MBpDO4wRgvVVXjtNA8RERERETBERQiIiIowICggA010T5RflUbwKYF+DDuvbv5MNcNPVYz2ad/i7kinChIFbc3MIA=';

/**
 * The plain FITS file inside {@link BZIP2_SEED}.
 *
 * @example
 * ```ts
 * expect(nodeDecoders.bzip2!(bzip2SeedBytes())).to.deep.equal(bzip2SeedFits());
 * ```
 */
export function bzip2SeedFits(): Uint8Array {
  return writeFits([{ data: new Int16Array(64).map((_, i) => i * 37 - 1000), shape: [8, 8], extname: 'BZ2' }]);
}

/**
 * The bzip2-compressed seed (see {@link bzip2SeedFits}).
 *
 * @example
 * ```ts
 * openFits(bzip2SeedBytes(), { decoders: nodeDecoders }).container; // 'bzip2'
 * ```
 */
export function bzip2SeedBytes(): Uint8Array {
  return base64Bytes(BZIP2_SEED);
}

function ramp(n: number, f: (i: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

const EMPTY_PRIMARY: BuilderCard[] = [['SIMPLE', true], ['BITPIX', 8], ['NAXIS', 0], ['EXTEND', true]];

function binaryTable(): Uint8Array {
  // Columns: 1J ID, 2E XY, 8A NAME, 1L FLAG, 3X BITS, 1K BIG, 1PD(3) VLA (a heap array per row), 1D VAL.
  const rows = 5;
  const rowBytes = 4 + 8 + 8 + 1 + 1 + 8 + 8 + 8;
  const table = new Uint8Array(rows * rowBytes);
  const view = new DataView(table.buffer);
  const heap: number[] = [];
  for (let r = 0; r < rows; r += 1) {
    let at = r * rowBytes;
    view.setInt32(at, r * 1000 - 7); at += 4;
    view.setFloat32(at, r * 0.5); view.setFloat32(at + 4, -r); at += 8;
    for (const [k, ch] of [...`row${r}`].entries()) table[at + k] = ch.charCodeAt(0);
    at += 8;
    table[at] = r % 2 === 0 ? 84 : 70; at += 1;
    table[at] = 0b10100000; at += 1;
    view.setBigInt64(at, BigInt(r) * 10_000_000_000n); at += 8;
    const n = r % 4;
    view.setInt32(at, n); view.setInt32(at + 4, heap.length); at += 8;
    const cell = new DataView(new ArrayBuffer(8 * n));
    for (let k = 0; k < n; k += 1) cell.setFloat64(8 * k, r + k / 10);
    heap.push(...new Uint8Array(cell.buffer));
    view.setFloat64(at, Math.PI * r);
  }
  const cards: BuilderCard[] = [
    ['XTENSION', 'BINTABLE'], ['BITPIX', 8], ['NAXIS', 2], ['NAXIS1', rowBytes], ['NAXIS2', rows],
    ['PCOUNT', heap.length], ['GCOUNT', 1], ['TFIELDS', 8],
    ['TTYPE1', 'ID'], ['TFORM1', '1J'], ['TTYPE2', 'XY'], ['TFORM2', '2E'], ['TTYPE3', 'NAME'], ['TFORM3', '8A'],
    ['TTYPE4', 'FLAG'], ['TFORM4', '1L'], ['TTYPE5', 'BITS'], ['TFORM5', '3X'], ['TTYPE6', 'BIG'], ['TFORM6', '1K'],
    ['TTYPE7', 'VLA'], ['TFORM7', '1PD(3)'], ['TTYPE8', 'VAL'], ['TFORM8', '1D'], ['TSCAL8', 2], ['TZERO8', 1],
    ['THEAP', rows * rowBytes], ['EXTNAME', 'EVENTS'],
  ];
  return hduBytes(cards, concatBytes([table, Uint8Array.from(heap)]));
}

function asciiTable(): Uint8Array {
  const rows = ramp(4, (r) => r).map((r) => `${String(r * 11 - 5).padStart(6)} ${(r * 1.25).toFixed(3).padStart(10)} ${`s${r}`.padEnd(8)}`);
  const text = rows.join('');
  const cards: BuilderCard[] = [
    ['XTENSION', 'TABLE'], ['BITPIX', 8], ['NAXIS', 2], ['NAXIS1', rows[0]!.length], ['NAXIS2', rows.length],
    ['PCOUNT', 0], ['GCOUNT', 1], ['TFIELDS', 3],
    ['TTYPE1', 'N'], ['TBCOL1', 1], ['TFORM1', 'I6'], ['TTYPE2', 'X'], ['TBCOL2', 8], ['TFORM2', 'F10.3'],
    ['TTYPE3', 'S'], ['TBCOL3', 19], ['TFORM3', 'A8'], ['EXTNAME', 'ASCII'],
  ];
  return hduBytes(cards, Uint8Array.from(text, (c) => c.charCodeAt(0)), 32);
}

function randomGroups(): Uint8Array {
  // 4 groups of 2 parameters and a 3 × 1 float32 array each.
  const values = new Float32Array(4 * (2 + 3)).map((_, i) => i / 4);
  const cards: BuilderCard[] = [
    ['SIMPLE', true], ['BITPIX', -32], ['NAXIS', 3], ['NAXIS1', 0], ['NAXIS2', 3], ['NAXIS3', 1],
    ['GROUPS', true], ['PCOUNT', 2], ['GCOUNT', 4], ['PTYPE1', 'U'], ['PTYPE2', 'V'],
  ];
  return hduBytes(cards, encodeBigEndian(values));
}

function int64Image(): Uint8Array {
  const v = BigInt64Array.from({ length: 12 }, (_, i) => BigInt(i) * 3_000_000_000n - 7n);
  const cards: BuilderCard[] = [['SIMPLE', true], ['BITPIX', 64], ['NAXIS', 2], ['NAXIS1', 4], ['NAXIS2', 3], ['BLANK', -7]];
  return hduBytes(cards, encodeBigEndian(v));
}

function gzipped(name: string, fits: Uint8Array): FitsSeed {
  const wrap = (b: Uint8Array): Uint8Array => gzipSync(b, { level: 6, mtime: 0 });
  return { name, bytes: wrap(fits), inner: { bytes: fits, wrap } };
}

/**
 * Every seed, small (a few kB each) so that thousands of mutated cases run in seconds.
 *
 * @example
 * ```ts
 * fitsSeeds().map((s) => s.name); // ['u8', 'i16-blank', ..., 'mef.gz', 'bz2']
 * ```
 */
export function fitsSeeds(): FitsSeed[] {
  const f32 = Float32Array.from(ramp(12 * 10, (i) => Math.sin(i / 7) * 100));
  f32[17] = NaN;
  const u8 = writeFits([{ data: Uint8Array.from(ramp(6 * 5, (i) => (i * 9) % 256)), shape: [6, 5] }]);
  const i16 = writeFits([{ data: Float32Array.from(ramp(10 * 8, (i) => (i % 11 === 0 ? NaN : i * 3.5 - 40))), shape: [10, 8], type: 'int16', bscale: 0.5, bzero: 7 }]);
  const u16 = writeFits([{ data: Uint16Array.from(ramp(7 * 6, (i) => i * 1500)), shape: [7, 6], type: 'int16', bzero: 32768 }]);
  const i32 = writeFits([{ data: Int32Array.from(ramp(5 * 9, (i) => (i - 20) * 100_003)), shape: [5, 9], blank: -1 }]);
  const f32img = writeFits([{ data: f32, shape: [12, 10] }]);
  const f64cube = writeFits([{ data: Float64Array.from(ramp(3 * 4 * 5, (i) => i / 3)), shape: [3, 4, 5] }]);
  const u8scaled = writeFits([{ data: Float32Array.from(ramp(8 * 8, (i) => i * 2 + 1)), shape: [8, 8], type: 'uint8', bscale: 2, bzero: 1 }]);
  const mef = writeFits([
    { data: Float32Array.of(1, 2, 3, NaN), shape: [2, 2], header: [{ keyword: 'OBJECT', value: 'M13' }] },
    { data: Int16Array.from(ramp(6 * 4, (i) => i - 12)), shape: [6, 4], extname: 'SCI', header: [{ keyword: 'EXTVER', value: 2 }] },
    { data: Float32Array.from(ramp(2 * 3 * 4, (i) => i)), shape: [2, 3, 4], extname: 'CUBE' },
    { data: Uint8Array.of(1, 255, 17, 3), shape: [2, 2], extname: 'MASK' },
  ]);
  const primary = hduBytes(EMPTY_PRIMARY, new Uint8Array(0));
  const i16img = Int16Array.from(ramp(16 * 20, (i) => ((i * 37) % 701) - 300));
  const i32img = Int32Array.from(ramp(12 * 13, (i) => (i % 13) * 1_000_003 - 6_000_000));
  const u8img = Uint8Array.from(ramp(9 * 11, (i) => (i * 5) % 256));
  const fimg = Float32Array.from(ramp(16 * 20, (i) => 50 + 5 * Math.sin(i / 3)));
  fimg[45] = NaN;
  const tiles = concatBytes([
    primary,
    compressedImageHdu({ data: i16img, shape: [16, 20], algorithm: 'RICE_1', tile: [8, 4], extname: 'RICE16' }),
    compressedImageHdu({ data: i32img, shape: [12, 13], algorithm: 'RICE_1', extname: 'RICE32' }),
    compressedImageHdu({ data: u8img, shape: [9, 11], algorithm: 'RICE_1', tile: [11, 3], extname: 'RICE8' }),
  ]);
  const gzipTiles = concatBytes([
    primary,
    compressedImageHdu({ data: i16img, shape: [16, 20], algorithm: 'GZIP_1', tile: [5, 5], extname: 'GZIP1' }),
    compressedImageHdu({ data: f32, shape: [12, 10], algorithm: 'GZIP_2', tile: [10, 4], extname: 'GZIP2F' }),
    compressedImageHdu({ data: i32img, shape: [12, 13], algorithm: 'NOCOMPRESS', tile: [13, 5], extname: 'NOCOMP' }),
  ]);
  const quantized = concatBytes([
    primary,
    compressedImageHdu({ data: fimg, shape: [16, 20], algorithm: 'RICE_1', quantize: { scale: 0.01, method: 'SUBTRACTIVE_DITHER_1', ditherSeed: 17 }, extname: 'RICEQ' }),
    compressedImageHdu({ data: fimg, shape: [16, 20], algorithm: 'GZIP_1', tile: [5, 8], quantize: { scale: 0.05, method: 'NO_DITHER' }, extname: 'GZIPQ' }),
  ]);
  const tables = concatBytes([primary, binaryTable(), asciiTable()]);
  return [
    { name: 'u8', bytes: u8 },
    { name: 'i16-scaled-blank', bytes: i16 },
    { name: 'u16', bytes: u16 },
    { name: 'i32-blank', bytes: i32 },
    { name: 'i64', bytes: int64Image() },
    { name: 'f32-nan', bytes: f32img },
    { name: 'f64-cube', bytes: f64cube },
    { name: 'u8-scaled', bytes: u8scaled },
    { name: 'mef', bytes: mef },
    { name: 'tables', bytes: tables },
    { name: 'groups', bytes: randomGroups() },
    { name: 'rice', bytes: tiles },
    { name: 'gzip-tiles', bytes: gzipTiles },
    { name: 'quantized', bytes: quantized },
    gzipped('mef.gz', mef),
    gzipped('rice.gz', tiles),
    gzipped('tables.gz', tables),
    { name: 'bz2', bytes: bzip2SeedBytes() },
  ];
}
