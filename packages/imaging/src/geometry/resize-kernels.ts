/**
 * WebAssembly SIMD kernels for the 8-bit resize: both passes of Pillow's fixed-point algorithm (see
 * `resize.ts`), bit-identical to the JavaScript loops. NOTE: the JavaScript loops cost ~4.5 ms of CPU for a
 * 423 → 256 resize + 224 crop, the largest step left in `kenobi extract`'s decode worker after JPEG decoding;
 * the kernels do it in about a quarter of that. The module is assembled from `kernels/resize-kernels.wat`
 * (`node scripts/wasm/embed-wat.mjs packages/imaging/kernels/resize-kernels.wat
 * packages/imaging/src/geometry/resize-kernels.ts`) and embedded here; where WebAssembly SIMD is missing (or a CSP
 * forbids compiling it) `resizeWindow` uses the JavaScript loops.
 */
import { embeddedKernels } from '@kenobi/core';

const KERNELS_BASE64 =
  'AGFzbQEAAAABJwRgCn9/f39/f39/f38AYAR7e3t7AXtgAXsBe2AJf39/f39/f39/AAMFBAABAgMFAwEAAQcXAwNtZW0CAAVocGFzcwAABXZwYXNzAAMK8QUEzQIDCH8BewF/IAEgAmwhEyAHIAhqIQwCQCAKIANODQADQCAAIAogE2xqIQ0gByELAkAgCyAMTg0AA0AgDSAEIAtBA3RqKAIAIAJsaiEOIAQgC0EDdGooAgQhDyAFIAsgBmxBAnRqIRD9DAAAIAAAACAAAAAgAAAAIAAhEkEAIRECQCARIA9ODQADQCASIA79XAIA/YkB/akBIBAoAgD9Ef21Af2uASESIA4gAmohDiAQQQRqIRAgEUEBaiERIBEgD0gNAAsLIAkgEkEW/awB/QwAAAAAAAAAAAAAAAAAAAAA/bgB/Qz/AAAA/wAAAP8AAAD/AAAA/bYB/QwAAAAAAAAAAAAAAAAAAAAA/YUB/QwAAAAAAAAAAAAAAAAAAAAA/Wb9WgIAACAJIAJqIQkgC0EBaiELIAsgDEgNAAsLIApBAWohCiAKIANIDQALCwsaACAAEAIgARAC/YUBIAIQAiADEAL9hQH9ZgszACAAQRb9rAH9DAAAAAAAAAAAAAAAAAAAAAD9uAH9DP8AAAD/AAAA/wAAAP8AAAD9tgEL0AICCX8IeyAGIAdqIQogBiEJAkAgCSAKTg0AA0AgACADIAlBA3RqKAIAIAJrIAFsaiELIAMgCUEDdGooAgQhDCAEIAkgBWxBAnRqIQ1BACEPAkAgDyABTg0AA0D9DAAAIAAAACAAAAAgAAAAIAAhFiAWIRcgFiEYIBYhGSALIA9qIREgDSEOQQAhEAJAIBAgDE4NAANAIA4oAgD9ESESIBH9AAQAIRMgE/2JASEUIBP9igEhFSAWIBT9qQEgEv21Af2uASEWIBcgFP2qASAS/bUB/a4BIRcgGCAV/akBIBL9tQH9rgEhGCAZIBX9qgEgEv21Af2uASEZIBEgAWohESAOQQRqIQ4gEEEBaiEQIBAgDEgNAAsLIAggD2ogFiAXIBggGRAB/QsEACAPQRBqIQ8gDyABSA0ACwsgCCABaiEIIAlBAWohCSAJIApIDQALCws=';

interface Kernels {
  readonly mem: WebAssembly.Memory;
  hpass(inp: number, inWidth: number, c: number, rows: number, bounds: number, weights: number, kernelSize: number, left: number, cw: number, out: number): void;
  vpass(mid: number, stride: number, r0: number, bounds: number, weights: number, kernelSize: number, top: number, ch: number, out: number): void;
}

/** Above this many bytes of scratch memory (which never shrinks) the JavaScript loops are used. */
const MAX_SCRATCH = 256 * 1024 * 1024;

/**
 * The embedded module: `resizeKernels.use(false)` switches the 8-bit resize passes to the JavaScript loop (tests and benchmarks
 * compare the two), `resizeKernels.bytes()` is the module (checked against its `.wat`).
 *
 * @example
 * ```ts
 * resizeKernels.use(false); // JavaScript from here on; resizeKernels.use(true) turns the kernels back on where they run
 * ```
 */
export const resizeKernels = embeddedKernels(KERNELS_BASE64, (kernels: Kernels) => kernels);
const load = (): Kernels | null => resizeKernels.load();

/** One axis of a resize: per output sample (first source sample, taps) pairs and 22-bit fixed-point weights. */
export interface FixedPointAxis {
  readonly kernelSize: number;
  readonly bounds: Int32Array;
  readonly weights: Int32Array;
}

const align = (n: number): number => (n + 15) & ~15;

/**
 * Both 8-bit passes with the kernels: source rows `r0 .. r1 - 1` of `inp` (`inWidth` pixels of `c` bytes),
 * horizontally to output columns `left .. left + cw - 1`, then vertically to output rows `top .. top + ch - 1`,
 * into `out` (ch × cw × c bytes). Returns false (doing nothing) where the kernels are not available.
 *
 * @example
 * ```ts
 * if (!resizeU8WithKernels(data, 423, 3, r0, r1, x, y, 16, 224, 16, 224, out)) resizeInJavaScript();
 * ```
 */
export function resizeU8WithKernels(
  inp: Uint8Array, inWidth: number, c: number, r0: number, r1: number, x: FixedPointAxis, y: FixedPointAxis,
  left: number, cw: number, top: number, ch: number, out: Uint8Array,
): boolean {
  const k = load();
  if (!k) return false;
  const rowBytes = inWidth * c;
  const inBytes = (r1 - r0) * rowBytes;
  const midBytes = (r1 - r0) * cw * c;
  const outBytes = ch * cw * c;
  const inAt = 0;
  const midAt = align(inAt + inBytes + 16);
  const outAt = align(midAt + midBytes + 16);
  const xbAt = align(outAt + outBytes + 16);
  const xwAt = xbAt + x.bounds.byteLength;
  const ybAt = align(xwAt + x.weights.byteLength);
  const ywAt = ybAt + y.bounds.byteLength;
  const need = ywAt + y.weights.byteLength;
  if (need > MAX_SCRATCH) return false;
  if (need > k.mem.buffer.byteLength) k.mem.grow(Math.ceil((need - k.mem.buffer.byteLength) / 65536));
  const bytes = new Uint8Array(k.mem.buffer);
  bytes.set(inp.subarray(r0 * rowBytes, r1 * rowBytes), inAt);
  bytes.fill(0, inAt + inBytes, inAt + inBytes + 16);
  new Int32Array(k.mem.buffer, xbAt, x.bounds.length).set(x.bounds);
  new Int32Array(k.mem.buffer, xwAt, x.weights.length).set(x.weights);
  new Int32Array(k.mem.buffer, ybAt, y.bounds.length).set(y.bounds);
  new Int32Array(k.mem.buffer, ywAt, y.weights.length).set(y.weights);
  k.hpass(inAt, inWidth, c, r1 - r0, xbAt, xwAt, x.kernelSize, left, cw, midAt);
  bytes.fill(0, midAt + midBytes, midAt + midBytes + 16);
  k.vpass(midAt, cw * c, r0, ybAt, ywAt, y.kernelSize, top, ch, outAt);
  out.set(bytes.subarray(outAt, outAt + outBytes));
  return true;
}
