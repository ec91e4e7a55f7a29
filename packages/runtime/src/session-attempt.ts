/**
 * The record of one execution-provider attempt and the printable report of all of them.
 */
import type { ConcreteDevice, Device, OrtPackage, Provider } from './devices.js';
import type { RuntimeErrorCode } from './runtime-error.js';

/** One `InferenceSession.create` (or a refusal before it), in the order tried. @example `session.attempts[0] // { device: 'cuda', provider: 'cuda', ok: false, code: 'runtime/cuda-unavailable', ms: 2, ... }` */
export interface SessionAttempt {
  readonly device: ConcreteDevice;
  readonly provider: Provider;
  readonly ortPackage: OrtPackage;
  readonly ok: boolean;
  /** Why it failed, one line. */
  readonly error?: string;
  /** The typed error an explicit request would have thrown. */
  readonly code?: RuntimeErrorCode;
  /** Wall time of the attempt in milliseconds (canary included). */
  readonly ms: number;
  /** What else was done (e.g. the WebGPU Conv canary's verdict). */
  readonly note?: string;
}

/**
 * A few lines saying what was asked, what was tried, why each failure failed, and what was chosen.
 *
 * @example
 * ```ts
 * console.log(formatAttempts('auto', attempts));
 * // device auto -> cpu (onnxruntime-node)
 * //   x cuda    onnxruntime-node     2 ms  runtime/cuda-unavailable: missing libonnxruntime_providers_cuda.so, ...
 * //   x webgpu  onnxruntime-node   610 ms  runtime/webgpu-conv-bug: ...
 * //   + cpu     onnxruntime-node    35 ms
 * ```
 */
export function formatAttempts(requested: Device, attempts: readonly SessionAttempt[]): string {
  const chosen = attempts.find((a) => a.ok);
  const head = chosen ? `device ${requested} -> ${chosen.device} (${chosen.provider} on ${chosen.ortPackage})` : `device ${requested}: no attempt succeeded`;
  const lines = attempts.map((a) => {
    const what = a.ok ? '' : `  ${a.code ? `${a.code}: ` : ''}${a.error ?? 'failed'}`;
    const note = a.note ? `  [${a.note}]` : '';
    return `  ${a.ok ? '+' : 'x'} ${a.device.padEnd(7)} ${a.ortPackage.padEnd(17)} ${String(Math.round(a.ms)).padStart(6)} ms${what}${note}`;
  });
  return [head, ...lines].join('\n');
}
