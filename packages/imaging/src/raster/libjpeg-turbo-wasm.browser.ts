/**
 * Browsers: the Emscripten glue of `@jsquash/jpeg` fetches `mozjpeg_dec.wasm` from beside itself (beside the
 * bundle, once bundled: the app build copies it there), so there is nothing to hand it by default. Use
 * `setJpegDecoderWasm` to point it elsewhere.
 */

/**
 * Undefined: the glue locates `mozjpeg_dec.wasm` relative to its own URL.
 *
 * @example
 * ```ts
 * await defaultLibjpegTurboWasm(); // undefined
 * ```
 */
export async function defaultLibjpegTurboWasm(): Promise<WebAssembly.Module | undefined> {
  return undefined;
}
