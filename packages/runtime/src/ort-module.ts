/**
 * The part of an ONNX Runtime JavaScript package Kenobi uses. onnxruntime-node and onnxruntime-web both
 * re-export onnxruntime-common's API, but each carries its own copy: a Tensor made by one cannot be fed to a
 * session of the other, so every tensor is made through the module that made the session.
 */
import type { Env, InferenceSession, Tensor } from 'onnxruntime-common';
import type { OrtPackage } from './devices.js';

/** `InferenceSession`, `Tensor` and `env` of one ONNX Runtime package. @example `const ort: OrtModule = (await nodePlatform.loadOrt('onnxruntime-node')).ort` */
export interface OrtModule {
  readonly InferenceSession: typeof InferenceSession;
  readonly Tensor: typeof Tensor;
  readonly env: Env;
}

/** A loaded package with its name and version. @example `(await nodePlatform.loadOrt('onnxruntime-web')).version // '1.30.0'` */
export interface LoadedOrt {
  readonly ortPackage: OrtPackage;
  readonly ort: OrtModule;
  /** e.g. '1.30.0' */
  readonly version: string;
}

/**
 * The version an ORT module reports in `env.versions`.
 *
 * @example
 * ```ts
 * ortVersion(await import('onnxruntime-node')); // '1.30.0'
 * ```
 */
export function ortVersion(ort: OrtModule): string {
  const v = ort.env.versions as Record<string, string | undefined> | undefined;
  return v?.node ?? v?.web ?? v?.common ?? 'unknown';
}
