/**
 * Where the app keeps onnxruntime-web's WebAssembly files, and how it tells ONNX Runtime. Bundlers do not
 * copy these files by themselves: the build copies them to `dist-app/ort/`, and the app points
 * `ort.env.wasm.wasmPaths` there before the first session.
 */
import type { Env } from 'onnxruntime-web';

/** The folder, relative to the page, that holds the ORT files. @example `ORT_ASSET_DIR; // 'ort/'` */
export const ORT_ASSET_DIR = 'ort/';

/**
 * The files of onnxruntime-web 1.30 the app serves: the JSEP build (WebGPU + WASM), the only one the default
 * `onnxruntime-web` entry loads. The `.mjs` is Emscripten's loader for the `.wasm` beside it, and also the
 * script of ORT's WASM threads. (`onnxruntime-web/wasm` would load `ort-wasm-simd-threaded.{mjs,wasm}`.)
 *
 * @example
 * ```ts
 * ORT_ASSET_FILES.includes('ort-wasm-simd-threaded.jsep.wasm'); // true
 * ```
 */
export const ORT_ASSET_FILES = Object.freeze([
  'ort-wasm-simd-threaded.jsep.mjs',
  'ort-wasm-simd-threaded.jsep.wasm',
] as const);

/**
 * Points onnxruntime-web at the ORT files under `baseUrl` (call before the first `createSession`). Import `env`
 * from the same `onnxruntime-web` your bundle uses for `@kenobi/runtime` (one copy of ORT per page).
 *
 * @example
 * ```ts
 * import { env } from 'onnxruntime-web';
 * configureOrtAssets(env, new URL('ort/', document.baseURI).href);
 * ```
 */
export function configureOrtAssets(env: Env, baseUrl: string): void {
  env.wasm.wasmPaths = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}
