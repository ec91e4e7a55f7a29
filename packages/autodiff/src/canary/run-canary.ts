/**
 * Runs one gradient canary on a target provider and on the reference (the CPU), compares every output, and
 * caches the verdict per process, ORT package (module object) and provider, as the runtime's WebGPU Conv
 * canary does. Takes the ORT modules as arguments: imports none.
 */
import { canaryGraph, type CanaryGraph } from './canary-graph.js';
import type { CanaryOrtModule, CanaryOrtTensor, CanaryTarget } from './canary-ort.js';
import type { GradientCanarySpec } from './canary-spec.js';

/**
 * Outcomes of a canary: `ok` (every output within {@link CANARY_TOLERANCE} of the reference), `wrong` (an output
 * further off, or missing), `unsupported` (the provider threw: session creation or run), `unchecked` (no canary,
 * or the reference itself could not run it).
 * @example `CANARY_STATUSES.includes('wrong') // true`
 */
export const CANARY_STATUSES = Object.freeze(['ok', 'wrong', 'unsupported', 'unchecked'] as const);
/** One of {@link CANARY_STATUSES}. @example `const s: CanaryStatus = 'unsupported'` */
export type CanaryStatus = (typeof CANARY_STATUSES)[number];

/**
 * The relative tolerance: max |device − CPU| over an output ≤ 1e-4 × max |CPU| over it.
 * NOTE: both sides compute in float32. On these sizes (sums of at most a few hundred terms of size ~1) WASM
 * agrees with the CPU within 1e-6 and lavapipe's WebGPU within 1.9e-6 where it is right; real GPUs' fused
 * multiply-adds, summation orders and approximate exp/pow should add no more than ~1e-5 (not measured here:
 * no GPU). A wrong tap, pad, group or index is off by O(1) (the depthwise-multiplier-2 ConvTranspose on
 * lavapipe: 1.2). 1e-4 is fifty times the largest honest difference measured and four decades below a bug.
 * CUDA's TF32 (10-bit mantissa, ~1e-3) on Ampere and later would exceed it (untested here).
 * @example `CANARY_TOLERANCE // 1e-4`
 */
export const CANARY_TOLERANCE = 1e-4;

/**
 * What a canary showed on one provider.
 *
 * @example
 * ```ts
 * { id: 'Conv/depthwise-multiplier-2', op: 'Conv', status: 'wrong', maxRelativeError: 1.2, output: 'in0_grad', ms: 420 }
 * ```
 */
export interface CanaryVerdict {
  readonly id: string;
  /** The registry op the canary vouches for. */
  readonly op: string;
  readonly status: CanaryStatus;
  /** Largest relative error over the outputs (ok and wrong). */
  readonly maxRelativeError?: number;
  /** The output with that error. */
  readonly output?: string;
  /** ORT's message, first line (unsupported, unchecked), or what was missing (wrong). */
  readonly error?: string;
  /** Time on the target (session creation included). */
  readonly ms: number;
}

type Outputs = Record<string, Float32Array>;

const verdicts = new WeakMap<CanaryOrtModule, Map<string, Promise<CanaryVerdict>>>();
const references = new WeakMap<CanaryOrtModule, Map<string, Promise<Outputs>>>();
const moduleIds = new WeakMap<CanaryOrtModule, number>();
let nextModuleId = 0;

/** A number per module object, so a verdict's cache key names its reference. */
function moduleId(ort: CanaryOrtModule): number {
  let id = moduleIds.get(ort);
  if (id === undefined) moduleIds.set(ort, (id = nextModuleId++));
  return id;
}

/**
 * The first line of an error, from ORT's "Status Message: " on when it has one.
 *
 * @example
 * ```ts
 * errorLine(new Error("Non-zero status code ... Status Message: pool.cc:276 ComputeInternal The Indices output is not supported yet.")); // 'pool.cc:276 ComputeInternal The Indices output is not supported yet.'
 * ```
 */
export function errorLine(e: unknown): string {
  const line = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
  const i = line.indexOf('Status Message: ');
  return (i >= 0 ? line.slice(i + 'Status Message: '.length) : line).trim();
}

async function runOn(target: CanaryTarget, graph: CanaryGraph): Promise<Outputs> {
  const { ort } = target;
  // NOTE: one intra-op thread on CPU: the reference is then one fixed summation order, and canaries do not
  // compete with the caller's sessions for cores.
  const session = await ort.InferenceSession.create(graph.model, { executionProviders: [target.provider], logSeverityLevel: 4, intraOpNumThreads: 1 });
  const inputs: Record<string, CanaryOrtTensor> = {};
  let results: Record<string, CanaryOrtTensor> | undefined;
  try {
    for (const [name, f] of Object.entries(graph.feeds)) inputs[name] = new ort.Tensor('float32', f.data, f.dims);
    results = await session.run(inputs);
    const out: Outputs = {};
    for (const [name, t] of Object.entries(results)) {
      const data = t.location === undefined || t.location === 'cpu' || t.location === 'cpu-pinned' ? t.data : await t.getData?.();
      out[name] = Float32Array.from(data as ArrayLike<number>);
    }
    return out;
  } finally {
    for (const t of Object.values(inputs)) t.dispose?.();
    for (const t of Object.values(results ?? {})) t.dispose?.();
    await session.release();
  }
}

/**
 * The largest relative error of `got` against `expected` over `outputs`: per output, max |got − expected| over
 * max |expected| (at least 1e-6); a missing output, a length mismatch or a NaN where the reference has none is
 * Infinity.
 *
 * @example
 * ```ts
 * compareOutputs({ g: Float32Array.of(1, 2) }, { g: Float32Array.of(1, 2.001) }, ['g']); // { maxRelativeError: 5e-4, output: 'g' }
 * ```
 */
export function compareOutputs(expected: Readonly<Outputs>, got: Readonly<Outputs>, outputs: readonly string[]): { maxRelativeError: number; output: string; missing?: string } {
  let worst = { maxRelativeError: 0, output: outputs[0] ?? '' } as { maxRelativeError: number; output: string; missing?: string };
  for (const name of outputs) {
    const e = expected[name], g = got[name];
    if (!e || !g || e.length !== g.length) return { maxRelativeError: Infinity, output: name, missing: !g ? `output '${name}' missing` : `output '${name}' has ${g.length} values, the reference ${e?.length}` };
    let diff = 0, scale = 0;
    for (let i = 0; i < e.length; i++) {
      const d = Math.abs(g[i]! - e[i]!);
      diff = Number.isNaN(d) ? (Number.isNaN(e[i]!) && Number.isNaN(g[i]!) ? diff : Infinity) : Math.max(diff, d);
      scale = Math.max(scale, Math.abs(e[i]!) || 0);
    }
    const rel = diff / Math.max(scale, 1e-6);
    if (rel > worst.maxRelativeError || !(rel <= worst.maxRelativeError)) worst = { maxRelativeError: rel, output: name };
  }
  return worst;
}

function cached<T>(map: WeakMap<CanaryOrtModule, Map<string, Promise<T>>>, ort: CanaryOrtModule, key: string, make: () => Promise<T>): Promise<T> {
  let inner = map.get(ort);
  if (!inner) map.set(ort, (inner = new Map()));
  let p = inner.get(key);
  if (!p) inner.set(key, (p = make()));
  return p;
}

/**
 * The (cached) verdict of one canary on `target`, compared with `reference`.
 *
 * @example
 * ```ts
 * const v = await canaryVerdict({ ort: ortNode, provider: 'webgpu' }, { ort: ortNode, provider: 'cpu' }, spec);
 * v.status; // 'wrong' for Conv/depthwise-multiplier-2 on lavapipe
 * ```
 */
export function canaryVerdict(target: CanaryTarget, reference: CanaryTarget, spec: GradientCanarySpec): Promise<CanaryVerdict> {
  const key = `${target.provider}|${moduleId(reference.ort)}:${reference.provider}|${spec.id}`;
  return cached(verdicts, target.ort, key, async () => {
    const graph = canaryGraph(spec);
    const expected = await cached(references, reference.ort, `${reference.provider}|${spec.id}`, () => runOn(reference, graph)).then(
      (o) => o,
      (e: unknown) => errorLine(e),
    );
    const t0 = performance.now();
    const base = { id: spec.id, op: graph.op };
    if (typeof expected === 'string') {
      return Object.freeze({ ...base, status: 'unchecked' as const, error: `the reference (${reference.label ?? reference.provider}) could not run it: ${expected}`, ms: 0 });
    }
    let got: Outputs;
    try {
      got = await runOn(target, graph);
    } catch (e) {
      return Object.freeze({ ...base, status: 'unsupported' as const, error: errorLine(e), ms: performance.now() - t0 });
    }
    const ms = performance.now() - t0;
    const c = compareOutputs(expected, got, graph.outputs);
    const status = c.maxRelativeError <= CANARY_TOLERANCE ? 'ok' as const : 'wrong' as const;
    return Object.freeze({ ...base, status, maxRelativeError: c.maxRelativeError, output: c.output, ...(c.missing ? { error: c.missing } : {}), ms });
  });
}
