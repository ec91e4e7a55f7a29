/**
 * Whether one execution provider computes a gradient graph's ops right: every differentiated op by its own
 * canaries (all must pass), every op type the rules wrote by the canaries whose graph holds it (one passing
 * suffices: the op that failed beside it is refused by its own name), each against the CPU reference. An op
 * with no canary, or one its canaries find wrong or unsupported, is refused by name.
 */
import type { CanaryTarget } from './canary-ort.js';
import { canariesHolding, gradientCanaries } from './gradient-canaries.js';
import { gradientOpsOf, type GradientOps } from './gradient-ops.js';
import { canaryVerdict, type CanaryStatus, type CanaryVerdict } from './run-canary.js';

/** A provider to check and the reference to check it against. @example `{ target: { ort: ortNode, provider: 'webgpu' }, reference: { ort: ortNode, provider: 'cpu' } }` */
export interface CanaryDevice {
  readonly target: CanaryTarget;
  readonly reference: CanaryTarget;
}

/**
 * The verdict on one op.
 *
 * @example
 * ```ts
 * { op: 'MaxPool', role: 'differentiated', status: 'unsupported', canaries: [...], detail: 'unsupported in MaxPool/3x3-stride-2-pad-1: ... The Indices output is not supported yet.' }
 * ```
 */
export interface OpVerdict {
  readonly op: string;
  /** 'differentiated': checked by its own canaries; 'emitted': an op type a rule wrote, checked by the canaries whose graph holds it. */
  readonly role: 'differentiated' | 'emitted';
  readonly status: CanaryStatus;
  /** The canaries that decided it (empty when none exists). */
  readonly canaries: readonly CanaryVerdict[];
  /** One line: what was found. */
  readonly detail: string;
}

/**
 * The verdict on a gradient graph's ops for one provider.
 *
 * @example
 * ```ts
 * const v = await gradientDeviceVerdict(device, gradientOpsOf(g));
 * v.ok;                        // false on lavapipe for a graph with MaxPool
 * v.refused.map((o) => o.op);  // ['MaxPool']
 * ```
 */
export interface GradientDeviceVerdict {
  /** The target's label. */
  readonly target: string;
  /** True when every checked op is ok: the graph may run there. */
  readonly ok: boolean;
  readonly ops: readonly OpVerdict[];
  readonly refused: readonly OpVerdict[];
  /** One line for reports: what passed, or which ops are refused and why. */
  readonly summary: string;
}

const SEVERITY: Readonly<Record<CanaryStatus, number>> = { ok: 0, unchecked: 1, unsupported: 2, wrong: 3 };

function describe(v: CanaryVerdict): string {
  if (v.status === 'wrong') return `wrong in ${v.id}: max relative error ${v.maxRelativeError!.toPrecision(2)} in '${v.output}'${v.error ? ` (${v.error})` : ''}`;
  if (v.status === 'ok') return `ok (${v.id}, max relative error ${v.maxRelativeError!.toPrecision(2)})`;
  return `${v.status} in ${v.id}: ${v.error}`;
}

function judged(op: string, role: OpVerdict['role'], canaries: readonly CanaryVerdict[], none: string): OpVerdict {
  if (canaries.length === 0) return Object.freeze({ op, role, status: 'unchecked' as const, canaries, detail: none });
  const worst = canaries.reduce((a, b) => (SEVERITY[b.status] > SEVERITY[a.status] ? b : a));
  const detail = worst.status === 'ok'
    ? `ok in ${canaries.length} canar${canaries.length === 1 ? 'y' : 'ies'}`
    : role === 'emitted'
      ? `no passing canary runs a ${op} node: ${canaries.map((v) => `${v.id} ${v.status}`).join(', ')}`
      : describe(worst);
  return Object.freeze({ op, role, status: worst.status, canaries: Object.freeze([...canaries]), detail });
}

/**
 * Checks `ops` (from {@link gradientOpsOf}, or a list of differentiated op types) on `device.target` against
 * `device.reference`, running each needed canary once per process (cached). Sequential: canaries are small and
 * a software GPU shares the CPU's cores.
 *
 * @example
 * ```ts
 * const ort = await import('onnxruntime-node');
 * const v = await gradientDeviceVerdict({ target: { ort, provider: 'webgpu' }, reference: { ort, provider: 'cpu' } }, ['Conv', 'Relu']);
 * v.summary; // "refused on webgpu: Conv (wrong in Conv/6-input-channels: max relative error 1.1 in 'loss')" on lavapipe
 * ```
 */
export async function gradientDeviceVerdict(device: CanaryDevice, ops: GradientOps | readonly string[]): Promise<GradientDeviceVerdict> {
  const wanted = Array.isArray(ops) ? gradientOpsOf(ops as readonly string[]) : (ops as GradientOps);
  const verdicts: OpVerdict[] = [];
  const seen: CanaryVerdict[] = [];
  for (const op of wanted.differentiated) {
    const vs: CanaryVerdict[] = [];
    for (const spec of gradientCanaries(op)) vs.push(await canaryVerdict(device.target, device.reference, spec));
    seen.push(...vs);
    verdicts.push(judged(op, 'differentiated', vs, `no canary checks ${op}'s gradient (add one in @kenobi/autodiff's src/canary/)`));
  }
  const differentiated = new Set(wanted.differentiated);
  for (const type of wanted.emitted) {
    if (differentiated.has(type)) continue;
    const holding = canariesHolding(type);
    const ran = seen.filter((v) => holding.some((s) => s.id === v.id));
    if (ran.some((v) => v.status === 'ok')) {
      verdicts.push(judged(type, 'emitted', ran.filter((v) => v.status === 'ok'), ''));
      continue;
    }
    // NOTE: one passing canary vouches for the op type, so stop at the first (they run in table order)
    const all: CanaryVerdict[] = [];
    for (const spec of holding) {
      const v = await canaryVerdict(device.target, device.reference, spec);
      all.push(v);
      if (v.status === 'ok') break;
    }
    const passed = all.filter((v) => v.status === 'ok');
    verdicts.push(judged(type, 'emitted', passed.length > 0 ? passed : all, `no canary runs a ${type} node, which a gradient rule wrote`));
  }
  const refused = verdicts.filter((v) => v.status !== 'ok');
  const label = device.target.label ?? device.target.provider;
  const summary = refused.length === 0
    ? `gradient canaries passed on ${label} for ${verdicts.length} op${verdicts.length === 1 ? '' : 's'}`
    : `refused on ${label}: ${refused.map((v) => `${v.op} (${v.detail})`).join(', ')}`;
  return Object.freeze({ target: label, ok: refused.length === 0, ops: Object.freeze(verdicts), refused: Object.freeze(refused), summary });
}
