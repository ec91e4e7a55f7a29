/**
 * Node: where the libjpeg-turbo WebAssembly binary comes from (the file `@jsquash/jpeg` ships beside its
 * Emscripten glue), compiled once per thread. Chosen through the package's `#libjpeg-turbo-wasm` import, whose
 * `browser` condition picks `libjpeg-turbo-wasm.browser.ts` instead.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/** Path of the WebAssembly file inside `@jsquash/jpeg`. @example `LIBJPEG_TURBO_WASM_FILE; // '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm'` */
export const LIBJPEG_TURBO_WASM_FILE = '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm';

/**
 * The compiled libjpeg-turbo decoder module, or undefined to let the Emscripten glue find it itself (never in
 * Node: the glue cannot read files there).
 *
 * @example
 * ```ts
 * const wasm = await defaultLibjpegTurboWasm(); // WebAssembly.Module
 * ```
 */
export async function defaultLibjpegTurboWasm(): Promise<WebAssembly.Module | undefined> {
  const path = createRequire(import.meta.url).resolve(LIBJPEG_TURBO_WASM_FILE);
  return WebAssembly.compile(await readFile(path));
}
