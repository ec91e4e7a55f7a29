/**
 * The part of an ONNX Runtime JavaScript package the gradient canaries use, as structural types: the caller
 * passes the module it already loaded (onnxruntime-node, onnxruntime-web, or `@kenobi/runtime`'s
 * `LoadedOrt.ort`), so this package imports no ORT package and stays browser-safe.
 */

/** A float32 tensor as plain data. @example `const x: CanaryFeed = { data: new Float32Array(6), dims: [2, 3] }` */
export interface CanaryFeed {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** An ORT tensor, as far as the canaries read it. @example `(out.loss as CanaryOrtTensor).data // Float32Array [1]` */
export interface CanaryOrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
  readonly location?: string;
  getData?(): Promise<unknown>;
  dispose?(): void;
}

/** An ORT inference session, as far as the canaries use it. @example `await session.release()` */
export interface CanaryOrtSession {
  run(feeds: Record<string, CanaryOrtTensor>): Promise<Record<string, CanaryOrtTensor>>;
  release(): Promise<void>;
}

/** Session options the canaries pass. @example `{ executionProviders: ['webgpu'], logSeverityLevel: 3 }` */
export interface CanarySessionOptions {
  executionProviders: string[];
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  intraOpNumThreads?: number;
}

/**
 * `InferenceSession` and `Tensor` of one ORT package (both onnxruntime-node and onnxruntime-web fit).
 *
 * @example
 * ```ts
 * const ort: CanaryOrtModule = (await nodePlatform.loadOrt('onnxruntime-node')).ort;
 * ```
 */
export interface CanaryOrtModule {
  readonly InferenceSession: { create(model: Uint8Array, options: CanarySessionOptions): Promise<CanaryOrtSession> };
  readonly Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => CanaryOrtTensor;
}

/**
 * Where a canary runs: an ORT package and one of its execution providers. Verdicts are cached per module
 * object and provider, so pass the same module object each time (a loaded package is one object per process).
 *
 * @example
 * ```ts
 * const target: CanaryTarget = { ort: ortNode, provider: 'webgpu', label: 'webgpu on onnxruntime-node 1.30.0' };
 * ```
 */
export interface CanaryTarget {
  readonly ort: CanaryOrtModule;
  readonly provider: string;
  /** For messages (default: the provider). */
  readonly label?: string;
}
