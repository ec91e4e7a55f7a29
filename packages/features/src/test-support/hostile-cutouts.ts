/**
 * Test support: small good FITS cutouts and hostile files for the "one bad file never kills a job" tests
 * (issue #12 §4): a header that claims 10^9 × 10^9 pixels, a gzip bomb written streaming (GBs when inflated,
 * a few MB on disk), a tile-compressed (GZIP_1) image and its truncation, a PNG and a text file named
 * `.fits`, an empty file. Imported by tests only.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { writeFits } from '@kenobi/fits';

const CARD = 80;
const BLOCK = 2880;

function card(keyword: string, value: string | number | boolean): string {
  const v = typeof value === 'boolean' ? (value ? 'T' : 'F') : typeof value === 'number' ? String(value) : `'${value.padEnd(8)}'`;
  return `${keyword.padEnd(8)}= ${v.padStart(20)}`.padEnd(CARD);
}

/** Header cards (plus END) padded to whole 2880-byte blocks, as bytes. */
function headerBytes(cards: readonly string[]): Uint8Array {
  const text = [...cards, 'END'.padEnd(CARD)].join('');
  return new TextEncoder().encode(text.padEnd(Math.ceil(text.length / BLOCK) * BLOCK, ' '));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * A good `size` × `size` float32 cutout: a seeded blob on a gradient (different for each `seed`).
 *
 * @example
 * ```ts
 * writeFileSync('ok.fits', goodCutout(3));
 * ```
 */
export function goodCutout(seed: number, size = 20): Uint8Array {
  const data = new Float32Array(size * size);
  const cx = (seed * 7) % size, cy = (seed * 11) % size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) data[y * size + x] = 100 * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 + seed % 5)) + x * 0.3 + y * 0.1 * (seed % 3);
  }
  return writeFits([{ data, shape: [size, size] }]);
}

/**
 * A FITS file whose primary header claims `NAXIS1 = NAXIS2 = 10^9` float32 pixels (4 × 10^18 bytes), followed
 * by one block of data.
 *
 * @example
 * ```ts
 * writeFileSync('huge.fits', hugeHeaderFits());
 * ```
 */
export function hugeHeaderFits(): Uint8Array {
  const header = headerBytes([card('SIMPLE', true), card('BITPIX', -32), card('NAXIS', 2), card('NAXIS1', 1_000_000_000), card('NAXIS2', 1_000_000_000)]);
  return concat([header, new Uint8Array(BLOCK)]);
}

/**
 * Writes a `.fits.gz` gzip bomb: a valid gzip stream of a FITS file whose uint8 image holds `side × side`
 * zeros (default 46,000², 2.1 GB inflated), streamed to disk as it is made (about 2 MB), never holding the
 * inflated bytes. NOTE: deflate with a full flush after each chunk of zeros gives the same compressed bytes
 * for every chunk, so one chunk is compressed once and written many times; the CRC-32 is computed chunk by
 * chunk.
 *
 * @example
 * ```ts
 * const inflated = await writeGzipBomb('bomb.fits.gz'); // 2_116_002_880
 * ```
 */
export async function writeGzipBomb(path: string, side = 46_000): Promise<number> {
  const header = headerBytes([card('SIMPLE', true), card('BITPIX', 8), card('NAXIS', 2), card('NAXIS1', side), card('NAXIS2', side)]);
  const dataBytes = Math.ceil((side * side) / BLOCK) * BLOCK;
  const chunk = 1 << 20;
  const zeros = new Uint8Array(chunk);
  const full = Math.floor(dataBytes / chunk);
  const rest = dataBytes - full * chunk;
  const flush = { finishFlush: constants.Z_FULL_FLUSH, level: 9 };
  const out = createWriteStream(path);
  const write = async (b: Uint8Array): Promise<void> => {
    if (!out.write(b)) await once(out, 'drain');
  };
  // gzip header: magic, deflate, no flags, mtime 0, xfl 2 (max compression), OS 255.
  await write(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255));
  await write(deflateRawSync(header, flush));
  let crc = crc32(header);
  const zChunk = deflateRawSync(zeros, flush);
  const crcChunk = (c: number): number => crc32(zeros, c);
  for (let k = 0; k < full; k++) {
    await write(zChunk);
    crc = crcChunk(crc);
  }
  const tail = zeros.subarray(0, rest);
  await write(deflateRawSync(tail, { finishFlush: constants.Z_FINISH, level: 9 }));
  crc = crc32(tail, crc);
  const total = header.length + dataBytes;
  const trailer = new Uint8Array(8);
  const view = new DataView(trailer.buffer);
  view.setUint32(0, crc >>> 0, true);
  view.setUint32(4, total % 2 ** 32, true);
  await write(trailer);
  out.end();
  await once(out, 'close');
  return total;
}

/**
 * A tile-compressed (GZIP_1, one tile per row) 16-bit image of `height` × `width`, as CFITSIO writes it: an
 * empty primary HDU and a BINTABLE with `ZIMAGE = T`. Truncate it (`.subarray(0, n)`) for a broken tile.
 *
 * @example
 * ```ts
 * const bytes = tileCompressedFits(Int16Array.from({ length: 400 }, (_, i) => i), 20, 20);
 * writeFileSync('tile.fits', bytes.subarray(0, bytes.length - 3000)); // truncated in the heap
 * ```
 */
export function tileCompressedFits(values: Int16Array, height: number, width: number): Uint8Array {
  const tiles: Uint8Array[] = [];
  for (let y = 0; y < height; y++) {
    const row = new Uint8Array(width * 2);
    const view = new DataView(row.buffer);
    for (let x = 0; x < width; x++) view.setInt16(x * 2, values[y * width + x]!, false);
    tiles.push(gzipSync(row, { level: 1 }));
  }
  const heap = concat(tiles);
  const table = new Uint8Array(height * 8);
  const tview = new DataView(table.buffer);
  let offset = 0;
  tiles.forEach((t, k) => {
    tview.setInt32(k * 8, t.length, false);
    tview.setInt32(k * 8 + 4, offset, false);
    offset += t.length;
  });
  const maxLen = Math.max(...tiles.map((t) => t.length));
  const primary = headerBytes([card('SIMPLE', true), card('BITPIX', 8), card('NAXIS', 0), card('EXTEND', true)]);
  const ext = headerBytes([
    card('XTENSION', 'BINTABLE'), card('BITPIX', 8), card('NAXIS', 2), card('NAXIS1', 8), card('NAXIS2', height),
    card('PCOUNT', heap.length), card('GCOUNT', 1), card('TFIELDS', 1), card('TTYPE1', 'COMPRESSED_DATA'), card('TFORM1', `1PB(${maxLen})`),
    card('ZIMAGE', true), card('ZBITPIX', 16), card('ZNAXIS', 2), card('ZNAXIS1', width), card('ZNAXIS2', height),
    card('ZTILE1', width), card('ZTILE2', 1), card('ZCMPTYPE', 'GZIP_1'),
  ]);
  const dataLength = table.length + heap.length;
  const pad = new Uint8Array(Math.ceil(dataLength / BLOCK) * BLOCK - dataLength);
  return concat([primary, ext, table, heap, pad]);
}

/**
 * A text file's bytes (what a mis-named `.fits` often is).
 *
 * @example
 * ```ts
 * writeFileSync('readme.fits', textNotFits());
 * ```
 */
export function textNotFits(): Uint8Array {
  return new TextEncoder().encode('This is not a FITS file.\nIt is a note someone saved with the wrong name.\n');
}
