/**
 * The errors `@kenobi/runtime` throws on purpose, each with a stable code.
 */
import { KenobiError } from '@kenobi/core';

/**
 * Codes of {@link RuntimeError}:
 * - `runtime/unknown-device`: a device name not in `DEVICES`;
 * - `runtime/cuda-unavailable`: `cuda` asked for explicitly and its provider or CUDA libraries are missing
 *   (`details.missing` lists the files, the hint says how to get them);
 * - `runtime/webgpu-unavailable`: `webgpu` asked for explicitly and no adapter (or no backend) is present;
 * - `runtime/webgpu-conv-bug`: `webgpu` asked for explicitly, the canary shows the native WebGPU Conv bug and
 *   the model has Convs it affects (`details.nodes`);
 * - `runtime/gate-refused`: `createSession`'s `gate` (the caller's own check, e.g. `@kenobi/autodiff`'s
 *   gradient canaries) refused the device (`details.gate` says what it found);
 * - `runtime/wasm-unavailable`: onnxruntime-web could not start its WASM backend;
 * - `runtime/no-device`: every attempt under `auto` failed (`details.attempts`);
 * - `runtime/unsupported-op`: the model uses an op ONNX Runtime does not know (`details.op`);
 * - `runtime/invalid-model`: the bytes are not a model ONNX Runtime can load;
 * - `runtime/bad-input`: `runBatched` got data that does not match its dims or the model;
 * - `runtime/disposed`: a session used after `dispose()`.
 * @example `RUNTIME_ERROR_CODES.includes('runtime/cuda-unavailable') // true`
 */
export const RUNTIME_ERROR_CODES = Object.freeze([
  'runtime/unknown-device',
  'runtime/cuda-unavailable',
  'runtime/webgpu-unavailable',
  'runtime/webgpu-conv-bug',
  'runtime/gate-refused',
  'runtime/wasm-unavailable',
  'runtime/no-device',
  'runtime/unsupported-op',
  'runtime/invalid-model',
  'runtime/bad-input',
  'runtime/disposed',
] as const);
/** One of {@link RUNTIME_ERROR_CODES}. @example `const c: RuntimeErrorCode = 'runtime/unsupported-op'` */
export type RuntimeErrorCode = (typeof RUNTIME_ERROR_CODES)[number];

/**
 * An error from `@kenobi/runtime`.
 *
 * @example
 * ```ts
 * try { await createSession(bytes, { device: 'cuda' }); }
 * catch (e) { if (e instanceof RuntimeError && e.code === 'runtime/cuda-unavailable') console.log(e.details.missing); }
 * ```
 */
export class RuntimeError extends KenobiError {
  declare readonly code: RuntimeErrorCode;

  constructor(
    code: RuntimeErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, options);
  }
}
