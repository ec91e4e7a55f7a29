/**
 * PLIO_1 tiles: IRAF's pixel-list line-list encoding, a port of CFITSIO's `pl_l2pi` (pliocomp.c). Used for
 * masks and small non-negative integers (up to 2^24).
 */
import { FitsError } from '../errors.js';

/**
 * Decodes one PLIO line list (16-bit words) into `npix` pixels.
 *
 * @example
 * ```ts
 * const pixels = new Int32Array(300);
 * plioDecode(words, pixels, 300);
 * ```
 */
export function plioDecode(ll: Int16Array, out: Int32Array, npix: number): void {
  if (ll.length < 3) throw new FitsError('fits/corrupt-tile', `PLIO_1 line list of ${ll.length} words is too short`);
  // The C code is 1-based: ll_src[k] there is ll[k - 1] here.
  let lllen: number;
  let llfirt: number;
  if (ll[2]! > 0) {
    lllen = ll[2]!;
    llfirt = 4;
  } else {
    lllen = (ll[4]! << 15) + ll[3]!;
    llfirt = ll[1]! + 1;
  }
  if (lllen > ll.length) throw new FitsError('fits/corrupt-tile', `PLIO_1 line list claims ${lllen} words but holds ${ll.length}`);
  out.fill(0, 0, npix);
  if (npix <= 0 || lllen <= 0) return;
  const xs = 1;
  const xe = xs + npix - 1;
  let skipwd = false;
  let op = 0;
  let x1 = 1;
  let pv = 1;
  for (let ip = llfirt; ip <= lllen; ip += 1) {
    if (skipwd) {
      skipwd = false;
      continue;
    }
    const word = ll[ip - 1]!;
    const opcode = Math.trunc(word / 4096);
    const data = word & 4095;
    switch (opcode) {
      case 0:
      case 4:
      case 5: {
        const x2 = x1 + data - 1;
        const i1 = Math.max(x1, xs);
        const i2 = Math.min(x2, xe);
        const np = i2 - i1 + 1;
        if (np > 0) {
          const otop = op + np - 1;
          if (opcode === 4) out.fill(pv, op, otop + 1);
          else {
            out.fill(0, op, otop + 1);
            if (opcode === 5 && i2 === x2) out[otop] = pv;
          }
          op = otop + 1;
        }
        x1 = x2 + 1;
        break;
      }
      case 1:
        pv = (ll[ip]! << 12) + data;
        skipwd = true;
        break;
      case 2:
        pv += data;
        break;
      case 3:
        pv -= data;
        break;
      case 6:
      case 7:
        pv += opcode === 6 ? data : -data;
        if (x1 >= xs && x1 <= xe) {
          out[op] = pv;
          op += 1;
        }
        x1 += 1;
        break;
      default:
        break;
    }
    if (x1 > xe) break;
  }
}
