/**
 * SIMD (WebAssembly) kernels for the two hot loops of plain-image decoding: big-endian → native byte swap,
 * and big-endian int16 → scaled float32 with BLANK. NOTE: V8 runs the equivalent JavaScript loops 3–5×
 * slower than memory speed (see docs/benchmarks/fits.md); a 16-byte shuffle per step does not. The module is
 * assembled from `kernels/byte-kernels.wat` (`node packages/fits/kernels/build.mjs`) and embedded here;
 * where WebAssembly or its SIMD extension is missing (or a CSP forbids compiling it) the callers fall back
 * to plain JavaScript loops with the same results. Data pass through a small scratch memory in chunks, so the
 * arrays handed back are ordinary typed arrays (transferable, any size).
 */

const KERNELS_BASE64 =
  'AGFzbQEAAAABEAJgAn9/AGAGf39/fX1/AX8DBQQAAAABBQMBAAgHLAUDbWVtAgAGc3dhcDE2AAAGc3dhcDMyAAEGc3dhcDY0AAIHc2NhbGUxNgADCpoEBFYBAX8gACABaiECAkAgACACTw0AA0AgACAA/QAEAP0MAAAAAAAAAAAAAAAAAAAAAP0NAQADAgUEBwYJCAsKDQwPDv0LBAAgAEEQaiEAIAAgAkkNAAsLC1YBAX8gACABaiECAkAgACACTw0AA0AgACAA/QAEAP0MAAAAAAAAAAAAAAAAAAAAAP0NAwIBAAcGBQQLCgkIDw4NDP0LBAAgAEEQaiEAIAAgAkkNAAsLC1YBAX8gACABaiECAkAgACACTw0AA0AgACAA/QAEAP0MAAAAAAAAAAAAAAAAAAAAAP0NBwYFBAMCAQAPDg0MCwoJCP0LBAAgAEEQaiEAIAAgAkkNAAsLC5ICAgF/CHsgACACaiEGIAP9EyEHIAT9EyEIIAX9ESEJ/QwAAMB/AADAfwAAwH8AAMB/IQr9DAAAAAAAAAAAAAAAAAAAAAAhCwJAIAAgBk8NAANAIAD9AAQA/QwAAAAAAAAAAAAAAAAAAAAA/Q0BAAMCBQQHBgkICwoNDA8OIQwgDP2nASENIA0gCf03IQ4gCyAO/bEBIQsgASAKIA39+gEgB/3mASAI/eQBIA79Uv0LBAAgDP2oASENIA0gCf03IQ4gCyAO/bEBIQsgASAKIA39+gEgB/3mASAI/eQBIA79Uv0LBBAgAEEQaiEAIAFBIGohASAAIAZJDQALCyAL/RsAIAv9GwFqIAv9GwIgC/0bA2pqCw==';

interface Kernels {
  readonly mem: WebAssembly.Memory;
  swap16(p: number, n: number): void;
  swap32(p: number, n: number): void;
  swap64(p: number, n: number): void;
  scale16(input: number, output: number, n: number, bscale: number, bzero: number, blank: number): number;
}

/** Input bytes per chunk; scale16 writes twice as many bytes after them (memory: 8 × 64 KiB pages). */
const CHUNK = 128 * 1024;

let loaded: { kernels: Kernels; bytes: Uint8Array } | null | undefined;
let enabled = true;

function load(): { kernels: Kernels; bytes: Uint8Array } | null {
  if (!enabled) return null;
  if (loaded !== undefined) return loaded;
  loaded = null;
  try {
    if (typeof WebAssembly !== 'object' || typeof atob !== 'function') return null;
    const bin = atob(KERNELS_BASE64);
    const code = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i += 1) code[i] = bin.charCodeAt(i);
    if (!WebAssembly.validate(code)) return null; // no SIMD in this engine
    const kernels = new WebAssembly.Instance(new WebAssembly.Module(code), {}).exports as unknown as Kernels;
    loaded = { kernels, bytes: new Uint8Array(kernels.mem.buffer) };
  } catch {
    loaded = null; // e.g. a Content-Security-Policy without 'wasm-unsafe-eval'
  }
  return loaded;
}

/**
 * Turns the SIMD kernels off (`false`) or back on; for tests that compare them with the JavaScript loops.
 * Returns whether the kernels are in use now.
 *
 * @example
 * ```ts
 * useSimdKernels(false); // plain JavaScript loops from here on
 * useSimdKernels(true);  // true where WebAssembly SIMD is available
 * ```
 */
export function useSimdKernels(on: boolean): boolean {
  enabled = on;
  return load() !== null;
}

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
