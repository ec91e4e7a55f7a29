/**
 * Compressed containers around a FITS file: gzip (`.fits.gz`, via fflate), Unix compress (`.Z`, own LZW
 * decoder) and bzip2 (through a decoder the caller supplies; the Node entry supplies one). Recognised by
 * their magic bytes, not by the file name.
 */
import { gunzipSync } from 'fflate';
import { FitsError } from '../errors.js';
import { unixUncompress } from './unix-compress.js';

/** The containers recognised. */
export const FITS_CONTAINERS = Object.freeze(['none', 'gzip', 'bzip2', 'unix-compress'] as const);
/** One of {@link FITS_CONTAINERS}. */
export type FitsContainer = (typeof FITS_CONTAINERS)[number];

/** A function that decompresses a whole container into bytes. */
export type Decompressor = (bytes: Uint8Array) => Uint8Array;

/** Decoders for containers that the pure-TypeScript core does not carry. */
export interface ContainerDecoders {
  readonly bzip2?: Decompressor;
}

/**
 * The container these bytes are wrapped in, by magic number.
 *
 * @example
 * ```ts
 * detectContainer(Uint8Array.of(0x1f, 0x8b, 8)); // 'gzip'
 * ```
 */
export function detectContainer(bytes: Uint8Array): FitsContainer {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x9d) return 'unix-compress';
  if (bytes.length >= 3 && bytes[0] === 0x42 && bytes[1] === 0x5a && bytes[2] === 0x68) return 'bzip2';
  return 'none';
}

/**
 * Unwraps a compressed container (or returns the bytes as they are).
 *
 * @example
 * ```ts
 * const { bytes, container } = unwrapContainer(gzBytes);
 * container; // 'gzip'
 * ```
 */
export function unwrapContainer(input: Uint8Array, decoders: ContainerDecoders = {}): { bytes: Uint8Array; container: FitsContainer } {
  const container = detectContainer(input);
  try {
    switch (container) {
      case 'none':
        return { bytes: input, container };
      case 'gzip':
        return { bytes: gunzipSync(input), container };
      case 'unix-compress':
        return { bytes: unixUncompress(input), container };
      case 'bzip2':
        if (!decoders.bzip2) {
          throw new FitsError('fits/unsupported-container', 'bzip2-compressed FITS needs a bzip2 decoder, which the browser build does not carry', {
            hint: "use readFitsFile from '@kenobi/fits/node', pass { decoders: { bzip2 } }, or decompress with bunzip2 first",
            details: { container },
          });
        }
        return { bytes: decoders.bzip2(input), container };
    }
  } catch (cause) {
    if (cause instanceof FitsError) throw cause;
    throw new FitsError('fits/truncated', `the ${container} container does not decompress: ${String((cause as Error).message ?? cause)}`, { cause, details: { container } });
  }
}
