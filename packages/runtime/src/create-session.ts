/**
 * The resolver: one `InferenceSession.create` per execution provider, in the table's order, recording every
 * attempt with its error and time. Platform-neutral: the Node and browser entries bind it to their platform.
 */
import type { InferenceSession } from 'onnxruntime-common';
import { DEVICE_TABLE, isDevice, DEVICES, type Device, type ProviderStep } from './devices.js';
import { KenobiSession } from './kenobi-session.js';
import { modelBytes, modelProto, type ModelInput, type ModelProto } from './model-input.js';
import { firstLine, ortErrorKind } from './ort-error-kind.js';
import type { LoadedOrt } from './ort-module.js';
import type { RuntimePlatform } from './runtime-platform.js';
import { RuntimeError, type RuntimeErrorCode } from './runtime-error.js';
import { formatAttempts, type SessionAttempt } from './session-attempt.js';
import type { SessionGate, SessionGateVerdict } from './session-gate.js';
import { webgpuGate } from './webgpu-conv-check.js';

/** ORT session options Kenobi passes through (it sets `executionProviders` itself). @example `{ intraOpNumThreads: 2, graphOptimizationLevel: 'all' }` */
export type PassThroughSessionOptions = Omit<InferenceSession.SessionOptions, 'executionProviders'>;

/** Options of `createSession`. @example `{ device: 'auto', sessionOptions: { intraOpNumThreads: 2 }, canary: true }` */
export interface CreateSessionOptions {
  /** What to run on (default 'auto': Node cuda → webgpu → cpu; browser webgpu → wasm). */
  readonly device?: Device;
  /** Passed to every `InferenceSession.create` (threads, graph optimisation, ...). */
  readonly sessionOptions?: PassThroughSessionOptions;
  /**
   * Run the WebGPU Conv canary before a webgpu session (default true; cached per process). false skips it
   * and assumes the bug is present, so models with affected Convs are still kept off WebGPU.
   */
  readonly canary?: boolean;
  /**
   * Let `auto` use a WebGPU adapter that is software (lavapipe, SwiftShader: slower than the CPU provider).
   * Default false: in Node on Linux with no GPU device node, `auto` skips webgpu and says why. An explicit
   * `webgpu` always tries.
   */
  readonly softwareWebGpu?: boolean;
  /**
   * The caller's own check of each attempt, run after its session is made (e.g. `@kenobi/autodiff`'s
   * `gradientCanaryGate`, which refuses a provider that computes a gradient graph's ops wrongly). A refusal is
   * recorded like any failed attempt: explicit devices throw `runtime/gate-refused`, `auto` tries the next.
   */
  readonly gate?: SessionGate;
}

const FAILURE_CODE: Readonly<Record<ProviderStep['provider'], RuntimeErrorCode>> = Object.freeze({
  cpu: 'runtime/no-device',
  cuda: 'runtime/cuda-unavailable',
  webgpu: 'runtime/webgpu-unavailable',
  wasm: 'runtime/wasm-unavailable',
});

/**
 * Creates a session on `platform` (use the `createSession` of `@kenobi/runtime`, which binds the platform).
 *
 * @example
 * ```ts
 * const s = await createSessionOn(nodePlatform, bytes, { device: 'auto' });
 * s.attempts.map((a) => `${a.device}:${a.ok}`); // ['cuda:false', 'webgpu:true'] with Mesa 25 lavapipe
 * ```
 */
export async function createSessionOn(platform: RuntimePlatform, model: ModelInput, options: CreateSessionOptions = {}): Promise<KenobiSession> {
  const device = options.device ?? 'auto';
  if (!isDevice(device)) {
    throw new RuntimeError('runtime/unknown-device', `unknown device '${String(device)}'`, { hint: `use one of ${DEVICES.join(', ')}` });
  }
  const bytes = modelBytes(model);
  if (bytes.length === 0) throw new RuntimeError('runtime/invalid-model', 'the model is empty (0 bytes)', { hint: 'check the file path and that the download finished' });
  let proto: ModelProto | undefined = model instanceof Uint8Array ? undefined : model;
  const lazyProto = (): ModelProto => (proto ??= modelProto(bytes));

  const steps = DEVICE_TABLE[platform.platform][device];
  if (steps.length === 0) {
    throw new RuntimeError('runtime/cuda-unavailable', `device '${device}' does not exist on ${platform.platform}`, { hint: "use 'auto', 'webgpu' or 'wasm'" });
  }
  const explicit = device !== 'auto';
  const attempts: SessionAttempt[] = [];
  for (const step of steps) {
    const t0 = performance.now();
    let note: string | undefined;
    try {
      const blocked = await platform.preflight?.(step, { requested: device, softwareWebGpu: options.softwareWebGpu ?? false });
      if (blocked) throw new RuntimeError(blocked.code, blocked.reason, { ...(blocked.hint ? { hint: blocked.hint } : {}), details: { ...blocked.details, tried: false } });
      const loaded = await platform.loadOrt(step.ortPackage);
      if (step.provider === 'webgpu') {
        const gate = await webgpuGate(loaded.ort, lazyProto, options.canary ?? true);
        note = gate.note;
        if (gate.refuse) {
          throw new RuntimeError('runtime/webgpu-conv-bug', `WebGPU (${step.ortPackage}) computes these Convs wrongly: ${gate.affected.map((c) => c.name).slice(0, 5).join(', ')}`, {
            hint: "use device 'cpu' (or 'auto', which falls back by itself)",
            details: { nodes: gate.affected, verdict: gate.verdict },
          });
        }
      }
      const session = await loaded.ort.InferenceSession.create(bytes, { ...options.sessionOptions, executionProviders: [step.provider] });
      if (options.gate) {
        const gated = await applyGate(platform, options.gate, step, loaded, note);
        note = gated.note;
        if (gated.refusal) {
          await session.release();
          throw gated.refusal;
        }
      }
      attempts.push(attempt(step, true, t0, { note }));
      return new KenobiSession({ session, ort: loaded.ort, requested: device, device: step.device, provider: step.provider, ortPackage: step.ortPackage, ortVersion: loaded.version, attempts });
    } catch (e) {
      const failure = await explain(platform, step, e);
      attempts.push(attempt(step, false, t0, { note, error: failure.reason, code: failure.code }));
      if (failure.modelFault || explicit) {
        throw new RuntimeError(failure.code, `${failure.modelFault ? '' : `device '${device}': `}${failure.reason}`, {
          ...(failure.hint ? { hint: failure.hint } : {}),
          cause: e,
          details: { ...failure.details, attempts, report: formatAttempts(device, attempts) },
        });
      }
    }
  }
  throw new RuntimeError('runtime/no-device', `no device could run this model (tried ${attempts.map((a) => a.device).join(', ')})`, {
    hint: attempts.map((a) => `${a.device}: ${a.error}`).join('; '),
    details: { attempts, report: formatAttempts(device, attempts) },
  });
}

/**
 * Runs the caller's gate on a made session: the attempt's note with the gate's appended, and the refusal to
 * throw (after the session is released). A gate that throws refuses: it cannot vouch for the provider.
 */
async function applyGate(platform: RuntimePlatform, gate: SessionGate, step: ProviderStep, loaded: LoadedOrt, note: string | undefined): Promise<{ note: string; refusal?: RuntimeError }> {
  const reference = DEVICE_TABLE[platform.platform].cpu[0]!;
  let verdict: SessionGateVerdict;
  try {
    verdict = await gate({ step, ort: loaded.ort, ortVersion: loaded.version, reference, loadOrt: (p) => platform.loadOrt(p) });
  } catch (e) {
    const why = `the session gate failed: ${firstLine(e instanceof Error ? e.message : String(e))}`;
    verdict = { refuse: true, note: why, details: { error: e } };
  }
  const joined = note ? `${note}; ${verdict.note}` : verdict.note;
  if (!verdict.refuse) return { note: joined };
  return {
    note: joined,
    refusal: new RuntimeError('runtime/gate-refused', verdict.reason ?? verdict.note, {
      hint: verdict.hint ?? "use device 'cpu' (or 'auto', which falls back by itself)",
      details: { gate: verdict.details ?? {} },
    }),
  };
}

interface Failure {
  readonly code: RuntimeErrorCode;
  readonly reason: string;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;
  /** The model's own fault: no other provider can do better. */
  readonly modelFault: boolean;
}

async function explain(platform: RuntimePlatform, step: ProviderStep, e: unknown): Promise<Failure> {
  if (e instanceof RuntimeError) {
    const bare = e.hint && e.message.endsWith(` (${e.hint})`) ? e.message.slice(0, -e.hint.length - 3) : e.message;
    return { code: e.code, reason: firstLine(bare), ...(e.hint ? { hint: e.hint } : {}), details: { ...e.details }, modelFault: false };
  }
  const kind = ortErrorKind(e);
  if (kind.kind === 'unsupported-op') {
    const where = kind.node ? ` (node '${kind.node}')` : '';
    return {
      code: 'runtime/unsupported-op',
      reason: `ONNX Runtime has no operator ${kind.domain ? `${kind.domain}:` : ''}${kind.op}${where}`,
      hint: 'the model uses an op (or opset) this ONNX Runtime does not implement; re-export it with standard ONNX ops',
      details: { op: kind.op, domain: kind.domain, node: kind.node },
      modelFault: true,
    };
  }
  if (kind.kind === 'invalid-model') {
    return { code: 'runtime/invalid-model', reason: `ONNX Runtime cannot load the model: ${kind.reason}`, hint: 'is it a complete .onnx file?', modelFault: true };
  }
  const diagnosis = await platform.diagnose(step, e).catch(() => undefined);
  return {
    code: diagnosis?.code ?? FAILURE_CODE[step.provider],
    reason: diagnosis?.reason ?? kind.reason,
    ...(diagnosis?.hint ? { hint: diagnosis.hint } : {}),
    details: { ...diagnosis?.details, ortError: kind.reason },
    modelFault: false,
  };
}

function attempt(step: ProviderStep, ok: boolean, t0: number, extra: { note?: string | undefined; error?: string; code?: RuntimeErrorCode }): SessionAttempt {
  return Object.freeze({
    device: step.device, provider: step.provider, ortPackage: step.ortPackage, ok, ms: performance.now() - t0,
    ...(extra.error !== undefined ? { error: extra.error } : {}),
    ...(extra.code !== undefined ? { code: extra.code } : {}),
    ...(extra.note !== undefined ? { note: extra.note } : {}),
  });
}
