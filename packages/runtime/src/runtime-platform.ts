/**
 * What `createSession` needs from the platform it runs on: the table row to use, how to load each ONNX
 * Runtime package, and how to explain a provider that failed. `node-platform.ts` and `browser-platform.ts`
 * implement it; the core never imports either package itself.
 */
import type { Device, Platform, ProviderStep } from './devices.js';
import type { LoadedOrt } from './ort-module.js';
import type { RuntimeErrorCode } from './runtime-error.js';

/** Why a provider cannot run here, in words a person can act on. @example `{ code: 'runtime/webgpu-unavailable', reason: 'no WebGPU adapter', hint: 'install Mesa 25 lavapipe' }` */
export interface ProviderDiagnosis {
  /** The typed error an explicit request for this device throws. */
  readonly code: RuntimeErrorCode;
  /** One line: what is missing. */
  readonly reason: string;
  /** What to do about it. */
  readonly hint?: string;
  /** Machine-readable detail (missing files, adapter info, ...). */
  readonly details?: Record<string, unknown>;
}

/** What `preflight` knows about the request. @example `{ requested: 'auto', softwareWebGpu: false }` */
export interface PreflightContext {
  /** The device asked for ('auto' or the step's own device). */
  readonly requested: Device;
  /** `createSession`'s `softwareWebGpu` option. */
  readonly softwareWebGpu: boolean;
}

/**
 * One platform's adapter.
 *
 * @example
 * ```ts
 * const platform: RuntimePlatform = nodePlatform;
 * (await platform.loadOrt('onnxruntime-node')).version; // '1.30.0'
 * ```
 */
export interface RuntimePlatform {
  readonly platform: Platform;
  /** Loads (once) and returns the package. */
  loadOrt(ortPackage: LoadedOrt['ortPackage']): Promise<LoadedOrt>;
  /**
   * Explains why `step` failed with `error` (or, with no error, why it would fail), looking for missing
   * libraries or adapters. Undefined when nothing more is known than ORT's own message.
   */
  diagnose(step: ProviderStep, error?: unknown): Promise<ProviderDiagnosis | undefined>;
  /**
   * Why `step` cannot work, found without trying it (e.g. CUDA provider files absent): the attempt then fails
   * at once instead of calling ORT, which would only log the missing file's name. Undefined: go ahead.
   */
  preflight?(step: ProviderStep, context: PreflightContext): Promise<ProviderDiagnosis | undefined>;
  /** Extra facts for `describeDevices` (adapter info, driver files), by device. */
  environmentFacts(step: ProviderStep): Promise<Record<string, unknown>>;
}
