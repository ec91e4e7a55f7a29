/**
 * The messages of the app's decode worker, and the worker's side of them: decode one dropped image's files
 * and answer with the pixels (buffers transferred, not copied) or with the reason it failed. Pure TypeScript,
 * so Node tests call it directly.
 */
import { isKenobiError } from '@kenobi/core';
import { decodeImageFiles, type DecodedImage } from './decode-image-file.js';

/**
 * One image to decode: the bytes of its files (one FITS, three FITS bands, or one PNG/JPEG).
 *
 * @example
 * ```ts
 * const r: DecodeRequest = { id: 3, contents: [bytes], bandNames: [], names: ['M51.fits'] };
 * ```
 */
export interface DecodeRequest {
  readonly id: number;
  readonly contents: readonly Uint8Array[];
  readonly bandNames: readonly string[];
  readonly names: readonly string[];
}

/**
 * The answer: the decoded image, or the error's code and message.
 *
 * @example
 * ```ts
 * const r: DecodeReply = { id: 3, error: { code: 'web/images', message: 'x.fits: the file is empty (0 bytes)' } };
 * ```
 */
export type DecodeReply =
  | { readonly id: number; readonly decoded: DecodedImage; readonly error?: undefined }
  | { readonly id: number; readonly decoded?: undefined; readonly error: { readonly code: string; readonly message: string } };

/**
 * Decodes a request; never throws: a failure is an answer.
 *
 * @example
 * ```ts
 * const { reply, transfer } = await answerDecodeRequest(request);
 * postMessage(reply, transfer);
 * ```
 */
export async function answerDecodeRequest(request: DecodeRequest): Promise<{ reply: DecodeReply; transfer: ArrayBuffer[] }> {
  try {
    const decoded = await decodeImageFiles(request.contents, request.bandNames, request.names);
    const arrays = decoded.kind === 'raster' ? [decoded.raster.data] : decoded.bands.map((b) => b.data);
    const transfer = [...new Set(arrays.map((a) => a.buffer))].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    return { reply: { id: request.id, decoded }, transfer };
  } catch (e) {
    // NOTE: the reader's own code (fits/not-fits...) says more than the web/images wrapper around it.
    const cause = (e as { cause?: unknown } | undefined)?.cause;
    const code = isKenobiError(cause) ? cause.code : isKenobiError(e) ? e.code : 'web/images';
    const message = e instanceof Error ? (isKenobiError(e) ? e.message : `${e.name}: ${e.message}`) : String(e);
    return { reply: { id: request.id, error: { code, message } }, transfer: [] };
  }
}
