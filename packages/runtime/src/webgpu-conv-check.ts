/**
 * Runs the Conv canary (`webgpu-conv-bug.ts`) on a WebGPU provider once per process and ORT package, and
 * decides whether a model may run there: never let the native WebGPU Conv bug produce an answer.
 */
import type { Tensor } from 'onnxruntime-common';
import type { OrtModule } from './ort-module.js';
import { affectedConvs, convCanary, type AffectedConv } from './webgpu-conv-bug.js';
import type { ModelProto } from './model-input.js';

/** The canary's verdict for one ORT package's WebGPU provider. @example `{ buggy: true, maxAbsError: 1.7, ms: 600 }` */
export interface WebGpuConvVerdict {
  /** True when the canary's output differs from the exact answer. */
  readonly buggy: boolean;
  /** Largest absolute difference from the exact answer. */
  readonly maxAbsError: number;
  /** Time the canary took (session creation included). */
  readonly ms: number;
}

/** Relative tolerance of the canary (fp32 Conv sums of 54 terms of size ~1). */
const CANARY_TOLERANCE = 1e-3;
const verdicts = new WeakMap<OrtModule, Promise<WebGpuConvVerdict>>();

/**
 * The (cached) verdict of the canary on `ort`'s `webgpu` provider. Rejects with ORT's error when no WebGPU
 * session can be made at all (no adapter); a rejection is not cached.
 *
 * @example
 * ```ts
 * const v = await webgpuConvVerdict(await import('onnxruntime-node'));
 * v.buggy; // true on onnxruntime-node 1.30 (native WebGPU EP), false on onnxruntime-web's JSEP
 * ```
 */
export function webgpuConvVerdict(ort: OrtModule): Promise<WebGpuConvVerdict> {
  let p = verdicts.get(ort);
  if (!p) {
    p = runCanary(ort);
    verdicts.set(ort, p);
    p.catch(() => verdicts.delete(ort));
  }
  return p;
}

async function runCanary(ort: OrtModule): Promise<WebGpuConvVerdict> {
  const t0 = performance.now();
  const { model, input, dims, expected } = convCanary();
  const session = await ort.InferenceSession.create(model, { executionProviders: ['webgpu'], logSeverityLevel: 3 });
  const x = new ort.Tensor('float32', input, dims);
  let y: Tensor | undefined;
  try {
    y = (await session.run({ x })).y as Tensor;
    const got = (y.location === 'cpu' ? y.data : await y.getData()) as Float32Array;
    let maxAbsError = 0, scale = 0;
    for (let i = 0; i < expected.length; i++) {
      const d = Math.abs((got[i] ?? NaN) - expected[i]!);
      if (!(d <= maxAbsError)) maxAbsError = Number.isNaN(d) ? Infinity : d;
      scale = Math.max(scale, Math.abs(expected[i]!));
    }
    return Object.freeze({ buggy: !(maxAbsError <= CANARY_TOLERANCE * Math.max(1, scale)), maxAbsError, ms: performance.now() - t0 });
  } finally {
    x.dispose();
    y?.dispose();
    await session.release();
  }
}

/** What the WebGPU gate decided for one model. @example `(await webgpuGate(ort, () => proto, true)).refuse // true for LeNet-5 on a buggy provider` */
export interface WebGpuGate {
  /** Convs the bug would touch (empty when none). */
  readonly affected: readonly AffectedConv[];
  /** The canary's verdict, or undefined when the canary was skipped. */
  readonly verdict?: WebGpuConvVerdict;
  /** True when the model must not run on this WebGPU provider. */
  readonly refuse: boolean;
  /** One line for the attempt report. */
  readonly note: string;
}

/**
 * Checks `model` against the canary. With `canary: false` the check is skipped and the bug is assumed
 * present (a model with affected Convs is refused), so skipping can never give a wrong answer.
 *
 * @example
 * ```ts
 * const gate = await webgpuGate(ort, lenet5Proto, true);
 * gate.refuse; // true on a buggy provider: conv2 has 6 input channels
 * ```
 */
export async function webgpuGate(ort: OrtModule, model: () => ModelProto, canary: boolean): Promise<WebGpuGate> {
  const verdict = canary ? await webgpuConvVerdict(ort) : undefined;
  const affected = verdict && !verdict.buggy ? [] : affectedConvs(model());
  const buggy = verdict ? verdict.buggy : true;
  const refuse = buggy && affected.length > 0;
  const canaryText = verdict
    ? `Conv canary ${verdict.buggy ? `shows the WebGPU Conv bug (max error ${verdict.maxAbsError.toPrecision(2)})` : 'passed'}`
    : 'Conv canary skipped, bug assumed';
  const nodes = affected.slice(0, 5).map((c) => `${c.name} (${c.inputChannels ?? '?'} input channels)`).join(', ');
  const note = refuse
    ? `${canaryText}; refused: ${affected.length} affected Conv(s): ${nodes}${affected.length > 5 ? ', ...' : ''}`
    : `${canaryText}${buggy ? '; no affected Conv in this model' : ''}`;
  return Object.freeze({ affected, ...(verdict ? { verdict } : {}), refuse, note });
}
