/**
 * A RICE_1 encoder (CFITSIO's `fits_rcomp`, `_short` and `_byte` in one), for building tile-compressed seed
 * files in the fuzz tests and regression tests. Not part of the package's API: the reader only decodes.
 */

/** Appends bits, most significant first, to a growing byte array. */
class BitWriter {
  private readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;

  /** Writes the low `nbits` bits of `value` (at most 32). */
  write(value: number, nbits: number): void {
    for (let i = nbits - 1; i >= 0; i -= 1) this.bit((value >>> i) & 1);
  }

  bit(b: number): void {
    this.acc = (this.acc << 1) | b;
    this.n += 1;
    if (this.n === 8) {
      this.bytes.push(this.acc);
      this.acc = 0;
      this.n = 0;
    }
  }

  finish(): Uint8Array {
    if (this.n > 0) this.bytes.push(this.acc << (8 - this.n));
    return Uint8Array.from(this.bytes);
  }
}

/**
 * RICE_1-compresses integers stored in `bytepix` bytes (1, 2 or 4), in blocks of `blockSize` values: the
 * first value raw, then per block a code for the number of low bits `fs` and the zig-zagged differences.
 *
 * @example
 * ```ts
 * const tile = riceEncode(Int32Array.of(5, 6, 7, 7), 4);
 * const back = new Int32Array(4);
 * riceDecode(tile, back, 4, 32, 4); // back = [5, 6, 7, 7]
 * ```
 */
export function riceEncode(values: ArrayLike<number>, bytepix: 1 | 2 | 4, blockSize = 32): Uint8Array {
  const fsbits = bytepix === 4 ? 5 : bytepix === 2 ? 4 : 3;
  const fsmax = bytepix === 4 ? 25 : bytepix === 2 ? 14 : 6;
  const bbits = 8 * bytepix;
  const shift = 32 - bbits;
  const out = new BitWriter();
  const wrap = (v: number): number => (shift === 0 ? v | 0 : (v << shift) >> shift);
  let lastpix = values.length > 0 ? wrap(values[0]!) : 0;
  out.write(lastpix >>> 0, bbits);
  const diff = new Array<number>(blockSize);
  for (let i = 0; i < values.length; i += blockSize) {
    const n = Math.min(blockSize, values.length - i);
    let sum = 0;
    for (let j = 0; j < n; j += 1) {
      const next = wrap(values[i + j]!);
      const d = wrap(next - lastpix);
      diff[j] = (d < 0 ? ~(d << 1) : d << 1) >>> 0;
      if (shift > 0) diff[j] = diff[j]! & ((1 << bbits) - 1);
      sum += diff[j]!;
      lastpix = next;
    }
    let psum = Math.floor(Math.max(0, (sum - n / 2 - 1) / n)) / 2;
    let fs = 0;
    while (psum >= 1) {
      psum /= 2;
      fs += 1;
    }
    if (fs >= fsmax) {
      out.write(fsmax + 1, fsbits);
      for (let j = 0; j < n; j += 1) out.write(diff[j]!, bbits);
    } else if (sum === 0) {
      out.write(0, fsbits);
    } else {
      out.write(fs + 1, fsbits);
      for (let j = 0; j < n; j += 1) {
        const v = diff[j]!;
        const top = Math.floor(v / 2 ** fs);
        for (let z = 0; z < top; z += 1) out.bit(0);
        out.bit(1);
        if (fs > 0) out.write(v % 2 ** fs, fs);
      }
    }
  }
  return out.finish();
}
