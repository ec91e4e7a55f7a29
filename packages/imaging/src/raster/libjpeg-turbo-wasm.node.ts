/**
 * Node: where the libjpeg-turbo WebAssembly binary comes from (the file `@jsquash/jpeg` ships beside its
 * Emscripten glue), compiled once per thread. Chosen through the package's `#libjpeg-turbo-wasm` import, whose
 * `browser` condition picks `libjpeg-turbo-wasm.browser.ts` instead.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { LIBJPEG_TURBO_WASM_FILE } from './libjpeg-turbo-wasm-file.js';

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
