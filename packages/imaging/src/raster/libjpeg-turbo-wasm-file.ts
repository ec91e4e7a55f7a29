/**
 * Where the libjpeg-turbo WebAssembly binary sits inside `@jsquash/jpeg`: what Node reads, and what a browser
 * bundle must ship beside itself (Kenobi's app build copies it next to `app.js`).
 *
 * @example
 * ```ts
 * createRequire(import.meta.url).resolve(LIBJPEG_TURBO_WASM_FILE); // …/@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm
 * ```
 */
export const LIBJPEG_TURBO_WASM_FILE = '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm';
