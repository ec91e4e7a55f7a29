/**
 * An opened FITS file: its HDUs (found by reading headers only) and on-demand image decoding, from bytes.
 * Pure TypeScript: runs the same in Node and the browser.
 */
import { FitsError } from './errors.js';
import { scanHdus } from './hdu.js';
import type { FitsHdu } from './hdu.js';
import { unwrapContainer } from './container/containers.js';
import type { ContainerDecoders, FitsContainer } from './container/containers.js';
import { decodeBigEndian } from './data/big-endian.js';
import { ndArray, selectPlane, sizeOf } from './data/nd-array.js';
import type { NdArray } from './data/nd-array.js';
import { scaleValues, unsignedConvention } from './data/scaling.js';
import { decodeScaledFloat32 } from './data/scaled-decode.js';
import type { BlankPolicy } from './data/scaling.js';
import { decodeCompressedImage } from './tiles/compressed-image.js';
import { DEFAULT_MAX_BYTES } from './limits.js';
import { FitsTable } from './table/fits-table.js';

/** Picks an HDU: its index, its EXTNAME (case-insensitive, first match), or EXTNAME with EXTVER. */
export type HduSelector = number | string | { readonly extname: string; readonly extver?: number };

/** Options for {@link openFits}. */
export interface OpenFitsOptions {
  /** Decoders for containers the core does not carry (bzip2). The Node entry passes one. */
  readonly decoders?: ContainerDecoders;
  /**
   * The most bytes a compressed container may decompress to, and a tile-compressed image decode to; default
   * {@link DEFAULT_MAX_BYTES} (2 GiB). Beyond it: `fits/too-large` (see README, "Limits").
   */
  readonly maxBytes?: number;
}

/** Options for {@link FitsFile.readImage}. */
export interface ReadImageOptions {
  /** How BLANK pixels are treated; default `'standard'` (see README, "BLANK policy"). */
  readonly blank?: BlankPolicy;
  /** For cubes: the plane to read (flat index over the axes beyond NAXIS2, or one index per axis). */
  readonly plane?: number | readonly number[];
}

/** A decoded image: physical values with their shape, and the scaling that produced them. */
export interface FitsImage {
  readonly hdu: FitsHdu;
  /** Physical values in C order (`shape` = `[NAXISn, ..., NAXIS1]`), or one plane of a cube. */
  readonly data: NdArray;
  /** How many pixels were BLANK (now NaN). */
  readonly blankCount: number;
  readonly bscale: number;
  readonly bzero: number;
  readonly blank: number | bigint | undefined;
}

function blankOf(hdu: FitsHdu): number | bigint | undefined {
  const h = hdu.header;
  const v = hdu.kind === 'compimage' && h.has('ZBLANK') ? h.get('ZBLANK') : h.get('BLANK');
  return typeof v === 'number' || typeof v === 'bigint' ? v : undefined;
}

/**
 * A FITS file held in memory. Create it with {@link openFits}.
 *
 * @example
 * ```ts
 * const fits = openFits(bytes);
 * fits.hdus.map((h) => [h.kind, h.shape]); // [['primary', []], ['compimage', [300, 300]]]
 * const img = fits.readImage('COMPRESSED_IMAGE');
 * img.data.shape; // [300, 300]
 * ```
 */
export class FitsFile {
  /** The FITS bytes (after removing any gzip / bzip2 / .Z container). */
  readonly bytes: Uint8Array;
  readonly container: FitsContainer;
  readonly hdus: readonly FitsHdu[];
  /** The most bytes one decoded compressed image may take (`OpenFitsOptions.maxBytes`). */
  readonly maxBytes: number;

  constructor(bytes: Uint8Array, container: FitsContainer, maxBytes = DEFAULT_MAX_BYTES) {
    this.bytes = bytes;
    this.container = container;
    this.maxBytes = maxBytes;
    this.hdus = Object.freeze(scanHdus(bytes));
  }

  /** The HDUs that hold image data (primary or IMAGE with pixels, and tile-compressed images). */
  imageHdus(): FitsHdu[] {
    return this.hdus.filter((h) => hasImage(h));
  }

  /**
   * Finds one HDU.
   *
   * @example
   * ```ts
   * fits.hdu(1); fits.hdu('SCI'); fits.hdu({ extname: 'SCI', extver: 2 });
   * ```
   */
  hdu(selector: HduSelector): FitsHdu {
    if (typeof selector === 'number') {
      const h = this.hdus[selector];
      if (!h) throw new FitsError('fits/hdu-not-found', `HDU ${selector} does not exist; the file has ${this.hdus.length} (0..${this.hdus.length - 1})`);
      return h;
    }
    const name = (typeof selector === 'string' ? selector : selector.extname).toUpperCase();
    const ver = typeof selector === 'string' ? undefined : selector.extver;
    const h = this.hdus.find((x) => x.extname?.toUpperCase() === name && (ver === undefined || x.extver === ver));
    if (!h) {
      const names = this.hdus.map((x) => x.extname ?? '-').join(', ');
      throw new FitsError('fits/hdu-not-found', `no HDU with EXTNAME '${name}'${ver === undefined ? '' : ` and EXTVER ${ver}`} (EXTNAMEs: ${names})`);
    }
    return h;
  }

  /** The HDU a selector names, or the first one holding an image when none is given. */
  private imageHdu(selector: HduSelector | undefined): FitsHdu {
    if (selector !== undefined) return this.hdu(selector);
    const h = this.hdus.find((x) => hasImage(x));
    if (!h) throw new FitsError('fits/not-image', `none of the ${this.hdus.length} HDUs holds an image`);
    return h;
  }

  /**
   * The stored values of an image HDU, before BSCALE/BZERO/BLANK (for a quantised compressed float image:
   * the quantised integers).
   *
   * @example
   * ```ts
   * fits.readRaw(0).data; // Int16Array, as stored
   * ```
   */
  readRaw(selector?: HduSelector, options: Pick<ReadImageOptions, 'plane'> = {}): NdArray {
    const hdu = this.imageHdu(selector);
    if (hdu.kind === 'compimage') {
      const tiles = decodeCompressedImage(this.bytes, hdu, { keepQuantized: true, maxBytes: this.maxBytes });
      const full = ndArray(tiles.quantized ?? tiles.values, hdu.shape);
      return options.plane === undefined ? full : selectPlane(full, options.plane);
    }
    const { values, shape } = this.readStored(hdu, options.plane);
    return ndArray(values, shape);
  }

  /**
   * Decodes an image HDU to physical values (BSCALE/BZERO applied, unsigned conventions honoured, BLANK per
   * `options.blank`). With no selector, the first HDU that holds an image.
   *
   * @example
   * ```ts
   * const { data } = fits.readImage(0, { plane: 10 }); // one plane of a cube
   * data.shape; // [105, 105]
   * ```
   */
  readImage(selector?: HduSelector, options: ReadImageOptions = {}): FitsImage {
    const hdu = this.imageHdu(selector);
    const policy = options.blank ?? 'standard';
    const h = hdu.header;
    const bscale = h.number('BSCALE', 1)!;
    const bzero = h.number('BZERO', 0)!;
    const blank = blankOf(hdu);
    if (hdu.kind === 'compimage') {
      const tiles = decodeCompressedImage(this.bytes, hdu, { maxBytes: this.maxBytes });
      const scaled = hdu.bitpix < 0 ? { values: tiles.values, blankCount: 0 } : scaleValues(tiles.values, { bitpix: hdu.bitpix, bscale, bzero, blank, policy, compressed: true });
      const full = ndArray(scaled.values, hdu.shape);
      const data = options.plane === undefined ? full : selectPlane(full, options.plane);
      return { hdu, data, blankCount: scaled.blankCount, bscale, bzero, blank };
    }
    const bitpix = hdu.bitpix;
    if ((bitpix === 8 || bitpix === 16) && !(bscale === 1 && bzero === 0) && !unsignedConvention(bitpix, bscale, bzero)) {
      // Scaled 8/16-bit data: one fused pass from the file's bytes to float32.
      const { start, count, shape } = this.storedRange(hdu, options.plane);
      // astropy tests `if self._blank:` on plain HDUs, so BLANK = 0 never marks a pixel there.
      const active = blank === undefined || (policy === 'astropy' && Number(blank) === 0) ? undefined : Number(blank);
      const scaled = decodeScaledFloat32(this.bytes, start, count, bitpix, bscale, bzero, active);
      return { hdu, data: ndArray(scaled.values, shape), blankCount: scaled.blankCount, bscale, bzero, blank };
    }
    const { values, shape } = this.readStored(hdu, options.plane);
    const scaled = scaleValues(values, { bitpix, bscale, bzero, blank, policy, compressed: false });
    return { hdu, data: ndArray(scaled.values, shape), blankCount: scaled.blankCount, bscale, bzero, blank };
  }

  /**
   * Opens a table HDU (BINTABLE or ASCII TABLE) for reading its columns; with no selector, the first table.
   * Throws `fits/not-table` when the HDU is not a table (or the file has none).
   *
   * @example
   * ```ts
   * const t = fits.readTable('CATALOG');  // or readTable(1)
   * t.column('RA').data;                  // Float64Array
   * ```
   */
  readTable(selector?: HduSelector): FitsTable {
    if (selector !== undefined) return new FitsTable(this.bytes, this.hdu(selector));
    const h = this.hdus.find((x) => x.kind === 'bintable' || x.kind === 'table');
    if (!h) throw new FitsError('fits/not-table', `none of the ${this.hdus.length} HDUs is a table (kinds: ${this.hdus.map((x) => x.kind).join(', ')})`);
    return new FitsTable(this.bytes, h);
  }

  /** Decodes the stored values of a plain image HDU (all of it, or one plane). */
  private readStored(hdu: FitsHdu, plane: number | readonly number[] | undefined): { values: ReturnType<typeof decodeBigEndian>; shape: readonly number[] } {
    const { start, count, shape } = this.storedRange(hdu, plane);
    return { values: decodeBigEndian(this.bytes, start, count, hdu.bitpix), shape };
  }

  /** Where the stored values of a plain image HDU (all of it, or one plane) lie in the file's bytes. */
  private storedRange(hdu: FitsHdu, plane: number | readonly number[] | undefined): { start: number; count: number; shape: readonly number[] } {
    if (hdu.kind === 'groups') {
      const naxis = hdu.header.number('NAXIS', 0)!;
      if (naxis < 2) throw new FitsError('fits/invalid-header', `HDU ${hdu.index}: random-groups header with NAXIS = ${naxis} has no group axes`);
      throw new FitsError('fits/unsupported', `HDU ${hdu.index}: random-groups data are recognised but not decoded`);
    }
    if (!hasImage(hdu)) throw new FitsError('fits/not-image', `HDU ${hdu.index} (${hdu.kind}) holds no image data`);
    const width = Math.abs(hdu.bitpix) / 8;
    let shape = hdu.shape;
    let first = 0;
    let count = sizeOf(shape);
    if (plane !== undefined) {
      // Decode only the plane's bytes: a view over an index array gives its offset.
      const probe = selectPlane({ data: new Uint8Array(0), dtype: 'uint8', shape, stride: strides(shape), offset: 0 }, plane);
      first = probe.offset;
      shape = probe.shape;
      count = sizeOf(shape);
    }
    const start = hdu.dataOffset + first * width;
    const end = start + count * width;
    if (end > this.bytes.length) {
      throw new FitsError('fits/truncated', `HDU ${hdu.index}: the data need bytes ${start}..${end} but the file has ${this.bytes.length}`, {
        details: { hdu: hdu.index, needed: hdu.dataOffset + hdu.dataBytes, size: this.bytes.length },
      });
    }
    return { start, count, shape };
  }
}

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i -= 1) {
    out[i] = s;
    s *= shape[i]!;
  }
  return out;
}

function hasImage(h: FitsHdu): boolean {
  if (h.kind === 'compimage') return true;
  return (h.kind === 'primary' || h.kind === 'image') && h.axes.length > 0 && h.axes.every((n) => n > 0);
}

/**
 * Opens FITS bytes (plain, or in a gzip / .Z / bzip2 container) and lists the HDUs. Throws a typed
 * {@link FitsError}: `fits/not-fits`, `fits/truncated`, `fits/invalid-header`, `fits/unsupported-container`.
 *
 * @example
 * ```ts
 * import { openFits } from '@kenobi/fits';
 * const fits = openFits(new Uint8Array(await (await fetch('m51.fits.gz')).arrayBuffer()));
 * fits.container;              // 'gzip'
 * fits.readImage().data.shape; // [512, 512]
 * ```
 */
export function openFits(input: Uint8Array, options: OpenFitsOptions = {}): FitsFile {
  const { bytes, container } = unwrapContainer(input, options.decoders, options.maxBytes);
  return new FitsFile(bytes, container, options.maxBytes);
}

/**
 * Reads a whole stream (a web `ReadableStream` or any async iterable of byte chunks) and opens it.
 *
 * @example
 * ```ts
 * const fits = await readFitsStream((await fetch(url)).body!);
 * ```
 */
export async function readFitsStream(stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, options: OpenFitsOptions = {}): Promise<FitsFile> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const iterable: AsyncIterable<Uint8Array> =
    Symbol.asyncIterator in stream ? (stream as AsyncIterable<Uint8Array>) : readerIterable(stream as ReadableStream<Uint8Array>);
  for await (const chunk of iterable) {
    chunks.push(chunk);
    total += chunk.length;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return openFits(bytes, options);
}

async function* readerIterable(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
