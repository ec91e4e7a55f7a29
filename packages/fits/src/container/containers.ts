/**
 * Compressed containers around a FITS file: gzip (`.fits.gz`, via fflate), Unix compress (`.Z`, own LZW
 * decoder) and bzip2 (through a decoder the caller supplies; the Node entry supplies one). Recognised by
 * their magic bytes, not by the file name.
 */
import { FitsError } from '../errors.js';
import { DEFAULT_MAX_BYTES } from '../limits.js';
import { unixUncompress } from './unix-compress.js';
import { inflateStream } from './inflate-stream.js';
import { BoundedOutput, OutputComplete } from './bounded-output.js';

/** The containers recognised. */
export const FITS_CONTAINERS = Object.freeze(['none', 'gzip', 'bzip2', 'unix-compress'] as const);
/** One of {@link FITS_CONTAINERS}. */
export type FitsContainer = (typeof FITS_CONTAINERS)[number];

/**
 * A function that decompresses a whole container. One that streams hands each piece of output to `write`
 * (which throws, stopping it, once the output goes beyond what the FITS headers in it declare) and returns
 * nothing; one that returns the whole output has it checked afterwards.
 */
export type Decompressor = (bytes: Uint8Array, write: (chunk: Uint8Array) => void) => Uint8Array | void;

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

/** Runs one decompressor into a {@link BoundedOutput}. */
function decompress(container: FitsContainer, input: Uint8Array, decoders: ContainerDecoders, out: BoundedOutput): void {
  const write = (chunk: Uint8Array): void => out.write(chunk);
  if (container === 'gzip') return inflateStream(input, write);
  if (container === 'unix-compress') return void unixUncompress(input, write);
  if (!decoders.bzip2) {
    throw new FitsError('fits/unsupported-container', 'bzip2-compressed FITS needs a bzip2 decoder, which the browser build does not carry', {
      hint: "use readFitsFile from '@kenobi/fits/node', pass { decoders: { bzip2 } }, or decompress with bunzip2 first",
      details: { container },
    });
  }
  // NOTE: the output keeps the pieces it is given; a decoder of the caller's may reuse its buffer, so copy.
  const whole = decoders.bzip2(input, (chunk) => write(chunk.slice()));
  if (whole) write(whole);
}

/**
 * Unwraps a compressed container (or returns the bytes as they are). Decompression streams into a checked
 * buffer: output beyond what the FITS headers inside declare (plus 1 MiB of trailing padding), a header with
 * no END within 5.76 MB, or more than `maxBytes` in all, is refused with `fits/too-large` before the excess
 * is decompressed.
 *
 * @example
 * ```ts
 * const { bytes, container } = unwrapContainer(gzBytes);
 * container; // 'gzip'
 * ```
 */
export function unwrapContainer(
  input: Uint8Array,
  decoders: ContainerDecoders = {},
  maxBytes = DEFAULT_MAX_BYTES,
): { bytes: Uint8Array; container: FitsContainer } {
  const container = detectContainer(input);
  if (container === 'none') return { bytes: input, container };
  const out = new BoundedOutput(container, maxBytes);
  try {
    decompress(container, input, decoders, out);
  } catch (cause) {
    if (cause instanceof FitsError) throw cause;
    if (!(cause instanceof OutputComplete)) {
      throw new FitsError('fits/truncated', `the ${container} container does not decompress: ${String((cause as Error).message ?? cause)}`, { cause, details: { container } });
    }
  }
  return { bytes: out.bytes(), container };
}
