/**
 * WebAssembly kernels for the hot loops of image decoding: big-endian → native byte swap and big-endian
 * int16 → scaled float32 with BLANK (SIMD, 16 bytes a step), and RICE_1 decoding + dequantisation of quantised
 * float tiles (SIMD dequantisation). NOTE: V8 runs the equivalent JavaScript loops 2–5× slower (see
 * docs/benchmarks/fits.md), which put Kenobi at about half astropy's speed. The module is
 * assembled from `kernels/byte-kernels.wat` (`node scripts/wasm/embed-wat.mjs packages/fits/kernels/byte-kernels.wat
 * packages/fits/src/data/byte-kernels.ts`) and embedded here;
 * where WebAssembly or its SIMD extension is missing (or a CSP forbids compiling it) the callers fall back
 * to plain JavaScript loops with the same results. Data pass through a small scratch memory in chunks, so the
 * arrays handed back are ordinary typed arrays (transferable, any size).
 */
import { embeddedKernels } from '@kenobi/core';

const KERNELS_BASE64 =
  'AGFzbQEAAAABJwRgAn9/AGAGf39/fX1/AX9gBn9/f39/fwF/YAp/f398fH9/f39/AAMHBgAAAAECAwUDAQAIBz0HA21lbQIABnN3YXAxNgAABnN3YXAzMgABBnN3YXA2NAACB3NjYWxlMTYAAwRyaWNlAAQHZGVxdWFudAAFCoAQBlYBAX8gACABaiECAkAgACACTw0AA0AgACAA/QAEAP0MAAAAAAAAAAAAAAAAAAAAAP0NAQADAgUEBwYJCAsKDQwPDv0LBAAgAEEQaiEAIAAgAkkNAAsLC1YBAX8gACABaiECAkAgACACTw0AA0AgACAA/QAEAP0MAAAAAAAAAAAAAAAAAAAAAP0NAwIBAAcGBQQLCgkIDw4NDP0LBAAgAEEQaiEAIAAgAkkNAAsLC1YBAX8gACABaiECAkAgACACTw0AA0AgACAA/QAEAP0MAAAAAAAAAAAAAAAAAAAAAP0NBwYFBAMCAQAPDg0MCwoJCP0LBAAgAEEQaiEAIAAgAkkNAAsLC5ICAgF/CHsgACACaiEGIAP9EyEHIAT9EyEIIAX9ESEJ/QwAAMB/AADAfwAAwH8AAMB/IQr9DAAAAAAAAAAAAAAAAAAAAAAhCwJAIAAgBk8NAANAIAD9AAQA/QwAAAAAAAAAAAAAAAAAAAAA/Q0BAAMCBQQHBgkICwoNDA8OIQwgDP2nASENIA0gCf03IQ4gCyAO/bEBIQsgASAKIA39+gEgB/3mASAI/eQBIA79Uv0LBAAgDP2oASENIA0gCf03IQ4gCyAO/bEBIQsgASAKIA39+gEgB/3mASAI/eQBIA79Uv0LBBAgAEEQaiEAIAFBIGohASAAIAZJDQALCyAL/RsAIAv9GwFqIAv9GwIgC/0bA2pqC+kGARR/IAVBBEYEQEEFIQZBGSEHQX8hCQUgBUECRgRAQQQhBkEOIQdB//8DIQlBECEKBUEDIQZBBiEHQf8BIQkLC0EBIAZ0IQggACELAkADQCAZIAVPDQEgDEEIdCALLQAAciEMIAtBAWohCyAZQQFqIRkMAAsLIAwgCXEhDAJAA0AgDyADTw0BAkADQCAOQRhKDQEgDSALLQAAQRggDmt0ciENIAtBAWohCyAOQQhqIQ4MAAsLIA1BICAGa3ZBAWshESANIAZ0IQ0gDiAGayEOIA8gBGohECAQIANLBEAgAyEQCyARQQBIBEAgDCAKdCAKdSEYAkADQCAPIBBPDQEgAiAPQQJ0aiAYNgIAIA9BAWohDwwACwsFIBEgB0YEQAJAA0AgDyAQTw0BQQAhFSAIIRYCQANAIBZBAEwNAUEQIBYgFkEQShshFwJAA0AgDkEYSg0BIA0gCy0AAEEYIA5rdHIhDSALQQFqIQsgDkEIaiEODAALCyAVIBd0IA1BICAXa3ZyIRUgDSAXdCENIA4gF2shDiAWIBdrIRYMAAsLIAwgFUEBdkEAIBVBAXFrc2ogCXEhDCACIA9BAnRqIAwgCnQgCnU2AgAgD0EBaiEPDAALCwUCQANAIA8gEE8NASAOQRBMBEAgDSALLQAAQQh0IAstAAFyQRAgDmt0ciENIAtBAmohCyAOQRBqIQ4LIA1nIRIgEiAOTgRAIA4hEkEAIQ1BACEOAkADQAJAA0AgDkEYSg0BIA0gCy0AAEEYIA5rdHIhDSALQQFqIQsgDkEIaiEODAALCyANZyETIBMgDkgEQCASIBNqIRIgDSATdEEBdCENIA4gE0EBamshDgwCCyALIAAgAWpBCGpLBEBBAg8LIBIgDmohEkEAIQ1BACEODAALCwUgDSASdEEBdCENIA4gEkEBamshDgtBACEUIBFBAEoEQAJAA0AgDiARTg0BIA0gCy0AAEEYIA5rdHIhDSALQQFqIQsgDkEIaiEODAALCyANQSAgEWt2IRQgDSARdCENIA4gEWshDgsgEiARdCAUciEVIAwgFUEBdkEAIBVBAXFrc2ogCXEhDCACIA9BAnRqIAwgCnQgCnU2AgAgD0EBaiEPDAALCwsLIAsgAGtBA3QgDmsgAUEDdEoEQEEBDwsMAAsLQQAL+QQFBH8BfQJ/AXwLeyAHQQJGIQ8gB0UEQCAJQQRrIQlBACEQRAAAAAAAAAAAIREFQQEhEEQAAAAAAADgPyERIAkgCEECdGoqAgC7RAAAAAAAQH9AoqohDAsgEf0UIRIgA/0UIRMgBP0UIRQgBf0RIRVBgoCAgHj9ESEWQQAgBmv9ESEXQQAgD2v9ESEY/QwAAMB/AADAfwAAwH8AAMB/IRkCQANAIAogAk8NASACIApBkM4AIAxraiAQRRshDSANIAJLBEAgAiENCwJAA0AgCkEEaiANSw0BIAD9AAQAIRr9DAAAAAAAAAAAAAAAAAAAAAAgCSAMQQJ0av0ABAAgEEUcAXshGyAa/f4BIBv9X/3xASAS/fABIBP98gEgFP3wAf1eIBogGv0NCAkKCwwNDg8AAQIDBAUGB/3+ASAbIBv9DQgJCgsMDQ4PAAECAwQFBgf9X/3xASAS/fABIBP98gEgFP3wAf1e/Q0AAQIDBAUGBxAREhMUFRYXIRwgHCAYIBogFv03/U79TyEcIAEgGSAcIBcgGiAV/Tf9Tv1S/QsEACAAQRBqIQAgAUEQaiEBIAwgEEECdGohDCAKQQRqIQoMAAsLAkADQCAKIA1PDQEgACgCACELIAu3IAkgDEECdGoqAgC7oSARoCADoiAEoLYhDkMAAAAAIA4gDyALQYKAgIB4RnEbIQ4gAUMAAMB/IA4gBiALIAVGcRs4AgAgAEEEaiEAIAFBBGohASAMIBBqIQwgCkEBaiEKDAALCyAMQZDOAEYEQCAIQQFqIQggCEGQzgBGBEBBACEICyAJIAhBAnRqKgIAu0QAAAAAAEB/QKKqIQwLDAALCws=';

interface Kernels {
  readonly mem: WebAssembly.Memory;
  swap16(p: number, n: number): void;
  swap32(p: number, n: number): void;
  swap64(p: number, n: number): void;
  scale16(input: number, output: number, n: number, bscale: number, bzero: number, blank: number): number;
  rice(c: number, clen: number, out: number, count: number, blockSize: number, bytepix: number): number;
  dequant(input: number, output: number, count: number, scale: number, zero: number, blank: number, hasBlank: number, method: number, iseed: number, rnd: number): void;
}

/** Input bytes per chunk; scale16 writes twice as many bytes after them (memory: 8 × 64 KiB pages). */
const CHUNK = 128 * 1024;
/** Where the dither randoms (10,000 float32) live, after the chunk buffers; tiles go after them. */
const RANDOMS_AT = 3 * CHUNK;
const TILE_AT = RANDOMS_AT + 40_960; // 4 + 40,000 bytes of randoms fit
/** Larger tiles go the JavaScript way, so that the scratch memory (which never shrinks) stays below ~10 MB. */
const MAX_TILE_PIXELS = 1 << 20;

/**
 * The embedded module: `byteKernels.use(false)` switches byte swapping, scaling and RICE decoding to the JavaScript loop (tests and benchmarks
 * compare the two), `byteKernels.bytes()` is the module (checked against its `.wat`).
 *
 * @example
 * ```ts
 * byteKernels.use(false); // JavaScript from here on; byteKernels.use(true) turns the kernels back on where they run
 * ```
 */
export const byteKernels = embeddedKernels(KERNELS_BASE64, (kernels: Kernels) => ({ kernels, bytes: new Uint8Array(kernels.mem.buffer), randoms: false }));
const load = (): { kernels: Kernels; bytes: Uint8Array; randoms: boolean } | null => byteKernels.load();

/**
 * Copies `nbytes` bytes of big-endian values `width` bytes wide from `src[srcOffset]` into `dst` (from 0),
 * swapping them to little-endian with the SIMD kernel. Returns how many bytes it did (a multiple of 16; the
 * caller swaps the rest), or -1 where the kernels are not available.
 *
 * @example
 * ```ts
 * const out = new Float32Array(n);
 * const done = swapWithKernels(bytes, 2880, new Uint8Array(out.buffer), n * 4, 4);
 * ```
 */
export function swapWithKernels(src: Uint8Array, srcOffset: number, dst: Uint8Array, nbytes: number, width: 2 | 4 | 8): number {
  const k = load();
  if (!k) return -1;
  const swap = width === 2 ? k.kernels.swap16 : width === 4 ? k.kernels.swap32 : k.kernels.swap64;
  const mem = k.bytes;
  const total = nbytes - (nbytes % 16);
  for (let at = 0; at < total; at += CHUNK) {
    const len = Math.min(CHUNK, total - at);
    mem.set(src.subarray(srcOffset + at, srcOffset + at + len), 0);
    swap(0, len);
    dst.set(mem.subarray(0, len), at);
  }
  return total;
}

/**
 * Decodes `count` big-endian int16 values from `src[srcOffset]` into `out` (from 0) as
 * `fround(fround(v * bscale) + bzero)`, NaN where `v === blank`, with the SIMD kernel. Returns
 * `{ done, blanks }` (`done` a multiple of 8; the caller does the rest), or undefined where the kernels are
 * not available. `blank` must be an int16 or undefined.
 *
 * @example
 * ```ts
 * const out = new Float32Array(n);
 * const r = scaleInt16WithKernels(bytes, 2880, out, n, 0.05, 1000, undefined);
 * ```
 */
export function scaleInt16WithKernels(
  src: Uint8Array,
  srcOffset: number,
  out: Float32Array,
  count: number,
  bscale: number,
  bzero: number,
  blank: number | undefined,
): { done: number; blanks: number } | undefined {
  const k = load();
  if (!k) return undefined;
  const mem = k.bytes;
  const outView = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  const done = count - (count % 8);
  // NOTE: 0x7fffffff is no int16, so nothing matches when there is no BLANK.
  const b = blank === undefined ? 0x7fffffff : blank;
  let blanks = 0;
  for (let at = 0; at < done * 2; at += CHUNK) {
    const len = Math.min(CHUNK, done * 2 - at);
    mem.set(src.subarray(srcOffset + at, srcOffset + at + len), 0);
    blanks += k.kernels.scale16(0, CHUNK, len, bscale, bzero, b);
    outView.set(mem.subarray(CHUNK, CHUNK + 2 * len), 2 * at);
  }
  return { done, blanks };
}

/** The parameters of one tile's dequantisation, as `dequantize` takes them (method as 0/1/2). */
export interface KernelDequantize {
  /** 0 NO_DITHER, 1 SUBTRACTIVE_DITHER_1, 2 SUBTRACTIVE_DITHER_2. */
  readonly method: 0 | 1 | 2;
  readonly scale: number;
  readonly zero: number;
  readonly blank: number | undefined;
  /** Index of the tile's first dither random, `(tile + ZDITHER0 - 2) mod 10000`. */
  readonly iseed: number;
  /** CFITSIO's 10,000 dither randoms (`ditherRandoms()`). */
  readonly randoms: Float32Array;
}

/**
 * Decodes one RICE_1 tile of quantised floats and dequantises it into `out[0..count)` with the WebAssembly
 * kernels. Returns 0 when done, 1 when the stream ends too soon, 2 when it ends inside a run of zero bits,
 * or -1 where the kernels are not available or the tile is over 2^20 pixels (the caller then uses
 * `riceDecode` and `dequantize`).
 *
 * @example
 * ```ts
 * const out = new Float32Array(4096);
 * riceDequantizeWithKernels(tile, out, 4096, 32, 4, { method: 1, scale, zero, blank, iseed: 0, randoms: ditherRandoms() });
 * ```
 */
export function riceDequantizeWithKernels(
  tile: Uint8Array,
  out: Float32Array,
  count: number,
  blockSize: number,
  bytepix: number,
  dq: KernelDequantize,
): number {
  const k = count <= MAX_TILE_PIXELS ? load() : null;
  if (!k) return -1;
  const inLen = (tile.length + 16 + 15) & ~15;
  const intsAt = TILE_AT + inLen + 512; // a corrupt stream may read a few hundred bytes past its end
  const floatsAt = intsAt + 4 * count;
  const need = floatsAt + 4 * count;
  const mem = k.kernels.mem;
  if (need > mem.buffer.byteLength) {
    mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
    k.bytes = new Uint8Array(mem.buffer);
  }
  const bytes = k.bytes;
  if (!k.randoms) {
    // One 0.0 (what NO_DITHER reads), then the 10,000 randoms.
    bytes.fill(0, RANDOMS_AT, RANDOMS_AT + 4);
    bytes.set(new Uint8Array(dq.randoms.buffer, dq.randoms.byteOffset, dq.randoms.byteLength), RANDOMS_AT + 4);
    k.randoms = true;
  }
  bytes.set(tile, TILE_AT);
  bytes.fill(0, TILE_AT + tile.length, TILE_AT + tile.length + 16);
  const blank = dq.blank;
  const hasBlank = blank !== undefined && Number.isInteger(blank) && blank >= -2147483648 && blank <= 2147483647;
  let status: number;
  try {
    status = k.kernels.rice(TILE_AT, tile.length, intsAt, count, blockSize, bytepix);
  } catch {
    status = 1; // a corrupt stream with a huge BLOCKSIZE read past the end of the memory
  }
  if (status !== 0) return status;
  k.kernels.dequant(intsAt, floatsAt, count, dq.scale, dq.zero, hasBlank ? blank : 0, hasBlank ? 1 : 0, dq.method, dq.iseed, RANDOMS_AT + 4);
  new Uint8Array(out.buffer, out.byteOffset, 4 * count).set(bytes.subarray(floatsAt, floatsAt + 4 * count));
  return 0;
}
