/**
 * The gradient canaries as a `gate` of `@kenobi/runtime`'s `createSession`: the runtime's resolver tries
 * the device's providers in its table's order, and this gate refuses any provider (but the CPU reference)
 * whose canaries find one of the graph's ops wrong, unsupported or unchecked. The refusal is a recorded
 * attempt like any other: explicit devices throw `runtime/gate-refused` naming the ops, `auto` falls back
 * (to the CPU in the end). Structural types only: this file imports neither the runtime nor an ORT package.
 */
import type { CanaryOrtModule } from './canary-ort.js';
import { gradientDeviceVerdict } from './gradient-device-verdict.js';
import { gradientOpsOf, type GradientOps } from './gradient-ops.js';

/** An execution-provider step, as the runtime's `ProviderStep`. @example `{ device: 'webgpu', provider: 'webgpu', ortPackage: 'onnxruntime-node' }` */
export interface CanaryStep {
  readonly device: string;
  readonly provider: string;
  readonly ortPackage: string;
}

/**
 * What the gate gets from `createSession` (the runtime's `SessionGateContext`).
 *
 * @example
 * ```ts
 * const context: CanaryGateContext = { step, ort, ortVersion: '1.30.0', reference: { device: 'cpu', provider: 'cpu', ortPackage: 'onnxruntime-node' }, loadOrt };
 * ```
 */
export interface CanaryGateContext {
  readonly step: CanaryStep;
  readonly ort: CanaryOrtModule;
  readonly ortVersion: string;
  readonly reference: CanaryStep;
  loadOrt(ortPackage: CanaryStep['ortPackage']): Promise<{ readonly ort: CanaryOrtModule }>;
}

/** The gate's answer (the runtime's `SessionGateVerdict`). @example `{ refuse: true, note: 'refused on webgpu ...: MaxPool (unsupported ...)', reason: '...' }` */
export interface CanaryGateVerdict {
  readonly refuse: boolean;
  readonly note: string;
  readonly reason?: string;
  readonly hint?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * A `createSession` gate for a gradient graph: the session is kept only on a provider where every op of the
 * graph passes its canaries (the CPU reference passes by definition).
 *
 * @example
 * ```ts
 * import { createSession } from '@kenobi/runtime';
 * import { buildGradientGraph, gradientCanaryGate } from '@kenobi/autodiff';
 * const g = buildGradientGraph(model, { loss: 'loss', wrt });
 * const s = await createSession(encodeModel(g.model), { device: 'auto', softwareWebGpu: true, gate: gradientCanaryGate(g) });
 * s.device;   // 'cpu' on lavapipe when the graph has a MaxPool (Indices unsupported there)
 * s.report(); // the webgpu attempt: runtime/gate-refused: gradient ops computed wrongly or not at all on webgpu ...: MaxPool (unsupported in ...)
 * ```
 */
export function gradientCanaryGate(graph: Parameters<typeof gradientOpsOf>[0] | GradientOps): (context: CanaryGateContext) => Promise<CanaryGateVerdict> {
  const ops: GradientOps = isGradientOps(graph) ? graph : gradientOpsOf(graph);
  return async (context) => {
    const { step, reference } = context;
    if (step.provider === reference.provider && step.ortPackage === reference.ortPackage) {
      return { refuse: false, note: 'gradient canaries: this is the reference provider' };
    }
    const referenceOrt = (await context.loadOrt(reference.ortPackage)).ort;
    const label = `${step.provider} on ${step.ortPackage} ${context.ortVersion}`;
    const verdict = await gradientDeviceVerdict({
      target: { ort: context.ort, provider: step.provider, label },
      reference: { ort: referenceOrt, provider: reference.provider, label: `${reference.provider} on ${reference.ortPackage}` },
    }, ops);
    if (verdict.ok) return { refuse: false, note: verdict.summary };
    const refused = verdict.refused.map((v) => ({ op: v.op, role: v.role, status: v.status, detail: v.detail }));
    return {
      refuse: true,
      note: `gradient canaries refused ${verdict.refused.map((v) => v.op).join(', ')}`,
      reason: `gradient ops computed wrongly or not at all on ${label}: ${verdict.refused.map((v) => `${v.op} (${v.detail})`).join(', ')}`,
      hint: `use device '${reference.device}' (or 'auto', which falls back by itself)`,
      details: { refused, ops: verdict.ops },
    };
  };
}

function isGradientOps(x: unknown): x is GradientOps {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 'differentiated' in x && 'emitted' in x;
}
