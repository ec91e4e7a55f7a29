/**
 * Decoder for Unix `compress` (.Z, adaptive LZW) files. NOTE: written here because no maintained pure-JS npm
 * package decodes .Z in both Node and the browser; the format is small (ncompress / gzip's unlzw.c).
 */
import { FitsError } from '../errors.js';

/** Output bytes per piece handed to `write`. */
const PIECE = 1 << 16;

/**
 * Decompresses a .Z stream (magic 1F 9D). With `write`, the output goes to it in 64 kB pieces as it is made
 * (so that the caller can stop a decompression bomb) and the return value is empty.
 *
 * @example
 * ```ts
 * const fits = unixUncompress(zBytes); // Uint8Array starting with 'SIMPLE  ='
 * ```
 */
export function unixUncompress(input: Uint8Array, write?: (chunk: Uint8Array) => void): Uint8Array {
  if (input.length < 3 || input[0] !== 0x1f || input[1] !== 0x9d) {
    throw new FitsError('fits/unsupported-container', 'not a Unix compress (.Z) stream');
  }
  const flags = input[2]!;
  const maxbits = flags & 0x1f;
  const block = (flags & 0x80) !== 0;
  if (maxbits < 9 || maxbits > 16) throw new FitsError('fits/unsupported-container', `.Z stream with ${maxbits}-bit codes is not supported (9..16)`);
  const maxmaxcode = 1 << maxbits;
  const prefix = new Uint16Array(maxmaxcode);
  const suffix = new Uint8Array(maxmaxcode);
  for (let i = 0; i < 256; i += 1) suffix[i] = i;
  const stack = new Uint8Array(maxmaxcode);

  let out = new Uint8Array(write ? PIECE : Math.max(1024, input.length * 4));
  let outLen = 0;
  const push = (b: number): void => {
    if (outLen === out.length) {
      if (write) {
        write(out);
        out = new Uint8Array(PIECE);
        outLen = 0;
      } else {
        const grown = new Uint8Array(out.length * 2);
        grown.set(out);
        out = grown;
      }
    }
    out[outLen++] = b;
  };

  const totalBits = (input.length - 3) * 8;
  let pos = 0; // bit position in the code stream (after the 3-byte header)
  let groupStart = 0;
  let nBits = 9;
  let maxcode = (1 << nBits) - 1;
  let freeEnt = block ? 257 : 256;
  let oldcode = -1;
  let finchar = 0;
  const align = (): void => {
    // Codes come in groups of 8 of the current width; a width change or CLEAR skips the rest of the group.
    const groupBits = nBits * 8;
    const used = pos - groupStart;
    pos = groupStart + Math.ceil(used / groupBits) * groupBits;
    groupStart = pos;
  };
  for (;;) {
    if (freeEnt > maxcode) {
      align();
      nBits += 1;
      maxcode = nBits === maxbits ? maxmaxcode : (1 << nBits) - 1;
    }
    if (pos + nBits > totalBits) break;
    const byte = 3 + (pos >>> 3);
    const word = input[byte]! | ((input[byte + 1] ?? 0) << 8) | ((input[byte + 2] ?? 0) << 16);
    let code = (word >>> (pos & 7)) & ((1 << nBits) - 1);
    pos += nBits;
    if (oldcode === -1) {
      if (code >= 256) throw new FitsError('fits/unsupported-container', '.Z stream is corrupt (first code is not a literal)');
      oldcode = finchar = code;
      push(code);
      continue;
    }
    if (code === 256 && block) {
      align();
      nBits = 9;
      maxcode = (1 << nBits) - 1;
      freeEnt = 256;
      oldcode = -1;
      // NOTE: ncompress sets free_ent = FIRST - 1 and reads the next code as a literal restart.
      continue;
    }
    const incode = code;
    let sp = 0;
    if (code >= freeEnt) {
      if (code > freeEnt) throw new FitsError('fits/unsupported-container', '.Z stream is corrupt (code out of range)');
      stack[sp++] = finchar;
      code = oldcode;
    }
    while (code >= 256) {
      stack[sp++] = suffix[code]!;
      code = prefix[code]!;
    }
    finchar = suffix[code]!;
    stack[sp++] = finchar;
    while (sp > 0) push(stack[--sp]!);
    if (freeEnt < maxmaxcode) {
      prefix[freeEnt] = oldcode;
      suffix[freeEnt] = finchar;
      freeEnt += 1;
    }
    oldcode = incode;
  }
  if (write) {
    if (outLen > 0) write(out.subarray(0, outLen));
    return new Uint8Array(0);
  }
  return out.slice(0, outLen);
}
