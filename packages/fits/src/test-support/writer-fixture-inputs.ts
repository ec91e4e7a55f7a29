/**
 * Test support: the HDUs that `scripts/fixtures/fits/write-kenobi-fixture.ts` writes to
 * `packages/fits/fixtures/written-by-kenobi.fits`, which `make_fits_fixtures.py` then reads with astropy.
 * The writer test regenerates the bytes from these inputs and checks they are unchanged.
 */
import type { FitsWriteHdu } from '../writer.js';

/**
 * The fixture's HDUs: every storage type, scaling, BLANK, unsigned 16-bit, a cube and header oddities.
 *
 * @example
 * ```ts
 * const bytes = writeFits(writerFixtureHdus());
 * ```
 */
export function writerFixtureHdus(): FitsWriteHdu[] {
  const long = "A long string value that needs the CONTINUE convention because it is longer than sixty-eight characters, it's true";
  return [
    {
      data: Float32Array.of(1.5, -2.25, NaN, 3e-8, 1e30, 0, -0, 7, 8, 9, 10, 11),
      shape: [3, 4],
      header: [
        { keyword: 'OBJECT', value: "M51 'core'", comment: 'target' },
        { keyword: 'EXPTIME', value: 300.5, comment: 'seconds' },
        { keyword: 'NCOMBINE', value: 12 },
        { keyword: 'FLAG', value: false },
        { keyword: 'LONGSTR', value: long, comment: 'long' },
        { keyword: 'ESO DET CHIP', value: 'CCD1', comment: 'a HIERARCH keyword' },
        { keyword: 'COMMENT', value: 'written by @kenobi/fits' },
        { keyword: 'HISTORY', value: 'fixture for astropy read-back' },
      ],
    },
    { data: Float64Array.of(Math.PI, -1e-300, 1e300, NaN, 0.1, 2), shape: [2, 3], extname: 'F64' },
    { data: Float32Array.of(100, 100.5, NaN, -50, 16483.5, 0), shape: [2, 3], type: 'int16', bscale: 0.5, bzero: 100, extname: 'I16S' },
    { data: Uint16Array.of(0, 65535, 1234, 32768), shape: [2, 2], type: 'int16', bzero: 32768, extname: 'U16' },
    { data: Int32Array.of(-2147483647, 2147483647, 0, 1, 2, 3, 4, 5), shape: [2, 2, 2], extname: 'I32' },
    { data: Uint8Array.of(1, 255, 17, 3), shape: [2, 2], bscale: 2, bzero: 1, type: 'uint8', extname: 'U8' },
  ];
}
