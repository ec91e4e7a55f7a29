/**
 * `@kenobi/fits/node`: the Node-only entry. Reads FITS files from disk and adds bzip2 containers (through
 * seek-bzip, which needs Node's Buffer). Never imported by browser code.
 */
import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import Bunzip from 'seek-bzip';
import { openFits, readFitsStream } from './fits-file.js';
import type { FitsFile, OpenFitsOptions } from './fits-file.js';
import type { ContainerDecoders } from './container/containers.js';

/** Output bytes per piece handed on by the bzip2 decoder. */
const PIECE = 1 << 16;

/**
 * bzip2 through seek-bzip (every stream of a multi-stream file), streaming: the output goes to `write` in
 * 64 kB pieces as it is made, so that a decompression bomb stops early.
 */
function bunzip2(bytes: Uint8Array, write: (chunk: Uint8Array) => void): void {
  let piece = new Uint8Array(PIECE);
  let n = 0;
  const output = {
    writeByte(b: number): void {
      if (n === PIECE) {
        write(piece);
        piece = new Uint8Array(PIECE);
        n = 0;
      }
      piece[n++] = b;
    },
  };
  Bunzip.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), output, true);
  if (n > 0) write(piece.subarray(0, n));
}

/**
 * The container decoders available in Node: bzip2 through seek-bzip.
 *
 * @example
 * ```ts
 * openFits(bz2Bytes, { decoders: nodeDecoders });
 * ```
 */
export const nodeDecoders: ContainerDecoders = Object.freeze({ bzip2: bunzip2 });

/**
 * Reads and opens a FITS file (plain, `.gz`, `.bz2` or `.Z`).
 *
 * @example
 * ```ts
 * import { readFitsFile } from '@kenobi/fits/node';
 * const fits = await readFitsFile('m13.fits.gz');
 * fits.readImage().data.shape; // [300, 300]
 * ```
 */
export async function readFitsFile(path: string, options: OpenFitsOptions = {}): Promise<FitsFile> {
  const bytes = await readFile(path);
  return openFits(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { decoders: nodeDecoders, ...options });
}

/**
 * Opens a FITS file by streaming it from disk in chunks (same result as {@link readFitsFile}).
 *
 * @example
 * ```ts
 * const fits = await streamFitsFile('big.fits');
 * ```
 */
export async function streamFitsFile(path: string, options: OpenFitsOptions = {}): Promise<FitsFile> {
  return readFitsStream(createReadStream(path) as AsyncIterable<Uint8Array>, { decoders: nodeDecoders, ...options });
}

/**
 * scijs `ndarray` views of Kenobi's arrays (no copy) and back: `asNdarray(fits.readImage())` is an ndarray
 * `[NAXIS2, NAXIS1]` over the decoded pixels. Node only: scijs compiles code with `new Function`.
 */
export { asNdarray, fromNdarray } from '@kenobi/core/node';
export type { NdarraySource } from '@kenobi/core/node';

export * from './index.js';
