/**
 * A WebAssembly kernel for `fillDropoutMask`'s loop (xoshiro128**, two 16-bit draws per output, a draw below
 * the threshold keeps its value): the same values bit for bit, ~6× faster than V8's JIT of the JavaScript loop.
 * NOTE (issue #13 §5): the seeds' CNN at batch 64 draws ~17 M mask values per step, 70–100 ms of a ~850 ms step
 * in JavaScript (4–6 ns per value; storing float32s or their bits made no difference). The module is assembled
 * from `kernels/mask-kernels.wat` (instructions there) and embedded here; where WebAssembly is missing (or a CSP
 * forbids compiling it) `fillDropoutMask` keeps its JavaScript loop. Values pass through a 128 KiB scratch
 * memory in chunks, so masks stay ordinary typed arrays.
 */
import { embeddedKernels } from '@kenobi/core';

const KERNELS_BASE64 =
  'AGFzbQEAAAABCwFgB39/f39/f38AAwIBAAUDAQADBw4CA21lbQIABGZpbGwAAAqVAgGSAgEFf0EQIQdBECAEQX5xQQJ0aiEIAkAgByAITw0AA0AgAUEFbCEKIApBB3dBCWwhCSABQQl0IQsgAiAAcyECIAMgAXMhAyABIAJzIQEgACADcyEAIAIgC3MhAiADQQt3IQMgByAGQQAgCUH//wNxIAVJGzYCACAHIAZBACAJQRB2IAVJGzYCBCAHQQhqIQcgByAISQ0ACwsgBEEBcQRAIAFBBWwhCiAKQQd3QQlsIQkgAUEJdCELIAIgAHMhAiADIAFzIQMgASACcyEBIAAgA3MhACACIAtzIQIgA0ELdyEDIAcgBkEAIAlB//8DcSAFSRs2AgALQQAgADYCAEEEIAE2AgBBCCACNgIAQQwgAzYCAAs=';

interface Kernels {
  readonly mem: WebAssembly.Memory;
  fill(s0: number, s1: number, s2: number, s3: number, n: number, threshold: number, keep: number): void;
}

/** Values per chunk (even, so no output's two draws straddle chunks): 128 KiB of u32 after the 16-byte state. */
const CHUNK = 32768;

/**
 * The embedded module: `maskKernels.use(false)` switches fillDropoutMask's loop to the JavaScript loop (tests and benchmarks
 * compare the two), `maskKernels.bytes()` is the module (checked against its `.wat`).
 *
 * @example
 * ```ts
 * maskKernels.use(false); // JavaScript from here on; maskKernels.use(true) turns the kernels back on where they run
 * ```
 */
export const maskKernels = embeddedKernels(KERNELS_BASE64, (kernels: Kernels) => ({ kernels, u32: new Uint32Array(kernels.mem.buffer) }));
const load = (): { kernels: Kernels; u32: Uint32Array } | null => maskKernels.load();

/**
 * Fills `mask` from the xoshiro128** state `s` (four int32s, not all zero): value i is `keepBits` (a float32's
 * bits) when its 16-bit draw is below `threshold`, else 0, exactly as `fillDropoutMask`'s loop. Returns false,
 * touching nothing, where the kernel is not available.
 *
 * @example
 * ```ts
 * const done = fillMaskWasm(new Float32Array(10), [1, 2, 3, 4], 32768, 0x40000000); // 2.0 kept, or 0
 * ```
 */
export function fillMaskWasm(mask: Float32Array, s: readonly [number, number, number, number], threshold: number, keepBits: number): boolean {
  const k = load();
  if (k === null) return false;
  const { kernels, u32 } = k;
  const out = new Uint32Array(mask.buffer, mask.byteOffset, mask.length);
  let [s0, s1, s2, s3] = s;
  for (let start = 0; start < out.length; start += CHUNK) {
    const n = Math.min(CHUNK, out.length - start);
    kernels.fill(s0, s1, s2, s3, n, threshold, keepBits);
    out.set(u32.subarray(4, 4 + n), start);
    s0 = u32[0]!; s1 = u32[1]!; s2 = u32[2]!; s3 = u32[3]!;
  }
  return true;
}
