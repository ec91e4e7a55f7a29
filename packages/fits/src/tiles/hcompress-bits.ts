/**
 * The bit and Huffman input of HCOMPRESS_1 streams (R. White's hcompress, as CFITSIO reads it): bits MSB
 * first, 4-bit nybbles, the fixed Huffman code of quadtree codes, big-endian header integers. Reading past
 * the end of a tile's bytes is `fits/corrupt-tile`, never a read of undefined memory.
 */
import { FitsError } from '../errors.js';

/** A cursor over one tile's compressed bytes. */
export class HcompressInput {
  readonly #bytes: Uint8Array;
  #next = 0;
  /** Bits waiting in `buffer` (its low `bitsToGo` bits). */
  #buffer = 0;
  #bitsToGo = 0;
  readonly #tile: number;

  constructor(bytes: Uint8Array, tile: number) {
    this.#bytes = bytes;
    this.#tile = tile;
  }

  /** The next byte of the stream. */
  byte(): number {
    if (this.#next >= this.#bytes.length) {
      throw new FitsError('fits/corrupt-tile', `HCOMPRESS_1 stream of tile ${this.#tile} ends after ${this.#bytes.length} bytes, in the middle of its data`);
    }
    return this.#bytes[this.#next++]!;
  }

  /** A big-endian 32-bit signed integer. */
  int32(): number {
    let a = 0;
    for (let i = 0; i < 4; i += 1) a = (a << 8) | this.byte();
    return a | 0;
  }

  /** A big-endian 64-bit signed integer, as a number (exact below 2^53; `fits/corrupt-tile` beyond). */
  int64(): number {
    let hi = 0;
    for (let i = 0; i < 4; i += 1) hi = hi * 256 + this.byte();
    let lo = 0;
    for (let i = 0; i < 4; i += 1) lo = lo * 256 + this.byte();
    const signed = hi >= 2 ** 31 ? hi - 2 ** 32 : hi;
    const v = signed * 2 ** 32 + lo;
    if (!Number.isSafeInteger(v)) throw new FitsError('fits/corrupt-tile', `HCOMPRESS_1 tile ${this.#tile}: its pixel sum does not fit 53 bits`);
    return v;
  }

  /** Restarts bit input (the buffer starts empty). */
  startBits(): void {
    this.#bitsToGo = 0;
  }

  /** One bit. */
  bit(): number {
    if (this.#bitsToGo === 0) {
      this.#buffer = this.byte();
      this.#bitsToGo = 8;
    }
    this.#bitsToGo -= 1;
    return (this.#buffer >> this.#bitsToGo) & 1;
  }

  /** `n` ≤ 8 bits. */
  bits(n: number): number {
    if (this.#bitsToGo < n) {
      this.#buffer = (this.#buffer << 8) | this.byte();
      this.#bitsToGo += 8;
    }
    this.#bitsToGo -= n;
    return (this.#buffer >> this.#bitsToGo) & ((1 << n) - 1);
  }

  /** 4 bits. */
  nybble(): number {
    return this.bits(4);
  }

  /** `n` nybbles into `out[0..n)`, as CFITSIO reads them (re-reading a buffered byte when 8 bits wait). */
  nybbles(n: number, out: Uint8Array): void {
    if (n === 1) {
      out[0] = this.nybble();
      return;
    }
    if (this.#bitsToGo === 8) {
      // NOTE: two whole nybbles wait in the buffer: step back one byte and read it again, as CFITSIO does.
      this.#next -= 1;
      this.#bitsToGo = 0;
    }
    const shift1 = this.#bitsToGo + 4;
    const shift2 = this.#bitsToGo;
    let k = 0;
    for (let i = 0; i < n >> 1; i += 1) {
      this.#buffer = (this.#buffer << 8) | this.byte();
      out[k] = (this.#buffer >> shift1) & 15;
      out[k + 1] = (this.#buffer >> shift2) & 15;
      k += 2;
    }
    if (n & 1) out[n - 1] = this.nybble();
  }

  /**
   * One quadtree code (0–15) of the fixed Huffman code: codes 3e 00 01 08 02 09 1a 1b 03 1c 0a 1d 0b 1e 3f 0c
   * (hex) of 6 3 3 4 3 4 5 5 3 5 4 5 4 5 6 4 bits for the values 0 … 15.
   */
  huffman(): number {
    let c = this.bits(3);
    if (c < 4) return 1 << c;
    c = this.bit() | (c << 1);
    if (c < 13) {
      switch (c) {
        case 8: return 3;
        case 9: return 5;
        case 10: return 10;
        case 11: return 12;
        case 12: return 15;
      }
    }
    c = this.bit() | (c << 1);
    if (c < 31) {
      switch (c) {
        case 26: return 6;
        case 27: return 7;
        case 28: return 9;
        case 29: return 11;
        case 30: return 13;
      }
    }
    c = this.bit() | (c << 1);
    return c === 62 ? 0 : 14;
  }
}
