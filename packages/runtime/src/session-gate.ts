/**
 * A caller's check on each execution-provider attempt of `createSession`, for what only the caller knows how
 * to test: `@kenobi/autodiff`'s gradient canaries decide whether a provider computes a gradient graph's ops
 * right. The gate runs after the attempt's session is made (so a provider that cannot start is reported as
 * such), and a refusal is one more recorded attempt: explicit devices throw `runtime/gate-refused`, `auto`
 * moves on to the next device. Platform-neutral; the runtime itself knows nothing of what a gate checks.
 */
import type { OrtPackage, ProviderStep } from './devices.js';
import type { LoadedOrt, OrtModule } from './ort-module.js';

/**
 * What a gate sees of one attempt.
 *
 * @example
 * ```ts
 * const context: SessionGateContext = { step, ort, ortVersion: '1.30.0', reference: DEVICE_TABLE.node.cpu[0]!, loadOrt };
 * ```
 */
export interface SessionGateContext {
  /** The attempt being made (device, provider, ORT package). */
  readonly step: ProviderStep;
  /** The attempt's loaded ORT package (make sessions of `step.provider` with it). */
  readonly ort: OrtModule;
  /** e.g. '1.30.0' */
  readonly ortVersion: string;
  /** This platform's `cpu` step: the provider results can be checked against (Node: onnxruntime-node CPU; browser: WASM). */
  readonly reference: ProviderStep;
  /** Loads (once) another ORT package of this platform, e.g. the reference's. */
  loadOrt(ortPackage: OrtPackage): Promise<LoadedOrt>;
}

/**
 * A gate's decision for one attempt.
 *
 * @example
 * ```ts
 * const v: SessionGateVerdict = { refuse: true, note: 'gradient canaries: MaxPool unsupported', reason: 'refused ops: MaxPool (unsupported: ...)' };
 * ```
 */
export interface SessionGateVerdict {
  /** True when the session must not be used. */
  readonly refuse: boolean;
  /** One line for the attempt's `note` (what was checked, and the outcome). */
  readonly note: string;
  /** Why it refused, one line (the error message's body); defaults to the note. */
  readonly reason?: string;
  /** What to do instead. */
  readonly hint?: string;
  /** Machine-readable detail, copied into the error's `details.gate`. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The gate option of `createSession`: called once per attempt whose session was made.
 *
 * @example
 * ```ts
 * const onlyCpu: SessionGate = async ({ step }) => ({ refuse: step.provider !== 'cpu', note: `gate saw ${step.provider}` });
 * await createSession(bytes, { device: 'auto', gate: onlyCpu }); // falls back to cpu, each refusal in session.attempts
 * ```
 */
export type SessionGate = (context: SessionGateContext) => Promise<SessionGateVerdict>;
