/**
 * Small WebAssembly modules embedded in the source as base64 (the SIMD kernels of `@kenobi/fits` and
 * `@kenobi/imaging`, assembled by `scripts/wasm/embed-wat.mjs`): decoding and synchronous instantiation, with
 * null where the engine cannot run them, so callers fall back to JavaScript.
 */

/**
 * The bytes of a base64 string (`atob`: Node and browsers alike).
 *
 * @example
 * ```ts
 * base64Bytes('AGFzbQ=='); // Uint8Array [0, 97, 115, 109]
 * ```
 */
export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * Compiles and instantiates a small module (no imports) synchronously and returns its exports, or null where
 * WebAssembly, or a feature the module uses (SIMD, say), is missing, or a Content-Security-Policy without
 * `'wasm-unsafe-eval'` forbids compiling it. Keep such modules small: browsers refuse synchronous
 * compilation of large ones on the main thread.
 *
 * @example
 * ```ts
 * const kernels = instantiateEmbeddedWasm<{ swap16(p: number, n: number): void }>(KERNELS_BASE64);
 * if (kernels === null) useJavaScriptLoops();
 * ```
 */
export function instantiateEmbeddedWasm<T>(base64: string): T | null {
  try {
    if (typeof WebAssembly !== 'object' || typeof atob !== 'function') return null;
    const code = base64Bytes(base64);
    if (!WebAssembly.validate(code)) return null; // e.g. no SIMD in this engine
    return new WebAssembly.Instance(new WebAssembly.Module(code), {}).exports as unknown as T;
  } catch {
    return null; // e.g. a Content-Security-Policy without 'wasm-unsafe-eval'
  }
}
