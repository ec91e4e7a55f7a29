/**
 * Where a container's decompressed bytes go: a growing buffer that reads the FITS headers as they come out and
 * refuses (`fits/too-large`) output that goes beyond what those headers declare, a header that never ends, or
 * more than `maxBytes`, before the excess is decompressed. This is what stops a gzip, bzip2 or .Z
 * decompression bomb (see the package README, "Limits").
 */
import { FitsError } from '../errors.js';
import { readHdu } from '../hdu.js';
import { BLOCK_SIZE } from '../header/header.js';
import { MAX_HEADER_BYTES, MAX_TRAILING_BYTES } from '../limits.js';

/**
 * Thrown by {@link BoundedOutput.write} when the output so far already ends in a header the reader will
 * reject: the rest is not needed, and the caller stops decompressing and keeps what it has.
 *
 * @example
 * ```ts
 * try { inflateStream(gz, write); } catch (e) { if (!(e instanceof OutputComplete)) throw e; }
 * ```
 */
export class OutputComplete extends Error {
  override readonly name = 'OutputComplete';
}

/**
 * A decompressed FITS file, checked as it grows.
 *
 * @example
 * ```ts
 * const out = new BoundedOutput('gzip', 2 ** 31);
 * inflateStream(gz, (chunk) => out.write(chunk));
 * const fits = out.bytes();
 * ```
 */
export class BoundedOutput {
  private readonly chunks: Uint8Array[] = [];
  private readonly starts: number[] = [];
  private length = 0;
  private state: 'header' | 'data' | 'trailing' = 'header';
  /** Where the HDU being read starts, and how many of its header blocks hold no END. */
  private hduStart = 0;
  private hduIndex = 0;
  private headerBlocks = 0;
  /** The end (padded) of the current HDU's data, in state 'data'. */
  private dataEnd = 0;

  constructor(
    private readonly container: string,
    private readonly maxBytes: number,
  ) {}

  /** Bytes written so far. */
  get size(): number {
    return this.length;
  }

  /** Appends decompressed bytes (kept, not copied), or throws before going beyond what is allowed. */
  write(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      const room = this.limit() - this.length;
      if (room <= 0) throw this.tooLarge();
      const take = Math.min(room, chunk.length - at);
      this.starts.push(this.length);
      this.chunks.push(at === 0 && take === chunk.length ? chunk : chunk.subarray(at, at + take));
      this.length += take;
      at += take;
    }
  }

  /** Everything written, as one array. */
  bytes(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0]!;
    return this.range(0, this.length);
  }

  /** How far the output may grow given what it holds: advances through the headers it can read. */
  private limit(): number {
    for (;;) {
      if (this.state === 'trailing') return Math.min(this.maxBytes, this.hduStart + MAX_TRAILING_BYTES);
      if (this.state === 'data') {
        if (this.length < this.dataEnd) return Math.min(this.maxBytes, this.dataEnd);
        this.state = 'header';
        this.hduStart = this.dataEnd;
        this.hduIndex += 1;
        this.headerBlocks = 0;
      }
      const blockEnd = this.hduStart + (this.headerBlocks + 1) * BLOCK_SIZE;
      if (this.length < blockEnd) return Math.min(this.maxBytes, blockEnd);
      const block = this.range(blockEnd - BLOCK_SIZE, blockEnd);
      if (this.headerBlocks === 0) {
        const start = String.fromCharCode(...block.subarray(0, 30));
        if (this.hduIndex === 0 && !/^SIMPLE  = +T/.test(start)) {
          throw new FitsError('fits/not-fits', `the ${this.container} container does not hold FITS (no "SIMPLE = T" card)`, {
            details: { container: this.container, start: start.replace(/[^\x20-\x7e]/g, '.') },
          });
        }
        if (this.hduIndex > 0 && !start.startsWith('XTENSION=')) {
          // Not an extension: padding or junk after the last HDU, which the reader ignores (up to a point).
          this.state = 'trailing';
          continue;
        }
      }
      if (!hasEndCard(block)) {
        this.headerBlocks += 1;
        if (this.headerBlocks * BLOCK_SIZE >= MAX_HEADER_BYTES) {
          throw new FitsError('fits/too-large', `the ${this.container} container holds a header of more than ${MAX_HEADER_BYTES} bytes with no END card (a decompression bomb?)`, {
            details: { container: this.container, hdu: this.hduIndex, decompressed: this.length },
          });
        }
        continue;
      }
      let dataBytes: number;
      try {
        const header = this.range(this.hduStart, blockEnd);
        dataBytes = readHdu(header, 0, this.hduIndex).dataBytes;
      } catch (e) {
        // The reader will reject this header whatever follows it.
        if (e instanceof FitsError) throw new OutputComplete();
        throw e;
      }
      this.state = 'data';
      this.dataEnd = blockEnd + Math.ceil(dataBytes / BLOCK_SIZE) * BLOCK_SIZE;
    }
  }

  private tooLarge(): FitsError {
    const declared = this.state === 'trailing' ? `the ${this.hduStart} bytes its FITS headers declare (+ ${MAX_TRAILING_BYTES} of padding)` : undefined;
    const what = this.length >= this.maxBytes ? `maxBytes = ${this.maxBytes}` : declared ?? `what its headers declare`;
    return new FitsError('fits/too-large', `the ${this.container} container decompresses beyond ${what} (a decompression bomb?)`, {
      hint: this.length >= this.maxBytes ? 'pass a larger maxBytes to openFits if the file is genuine' : undefined,
      details: { container: this.container, decompressed: this.length, maxBytes: this.maxBytes },
    });
  }

  /** A copy of bytes [from, to) of the output. */
  private range(from: number, to: number): Uint8Array {
    const out = new Uint8Array(to - from);
    // The last chunk starting at or before `from`.
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= from) lo = mid;
      else hi = mid - 1;
    }
    for (let i = lo; i < this.chunks.length && this.starts[i]! < to; i += 1) {
      const c = this.chunks[i]!;
      const s = this.starts[i]!;
      const a = Math.max(from, s);
      const b = Math.min(to, s + c.length);
      if (b > a) out.set(c.subarray(a - s, b - s), a - from);
    }
    return out;
  }
}

/** True when one of the block's 36 cards is END (as `parseHeader` reads it). */
function hasEndCard(block: Uint8Array): boolean {
  for (let at = 0; at < block.length; at += 80) {
    if (block[at] !== 0x45 || block[at + 1] !== 0x4e || block[at + 2] !== 0x44) continue; // 'END'
    const card = String.fromCharCode(...block.subarray(at, at + 80));
    if (card.slice(0, 8).trimEnd() === 'END' && card.slice(8).trim() === '') return true;
  }
  return false;
}
