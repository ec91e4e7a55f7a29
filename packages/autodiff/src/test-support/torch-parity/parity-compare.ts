/**
 * Test support: compares the tensors of a Kenobi parity run with PyTorch's in the fixture.
 */
import { formulaUniform } from './formula.js';
import type { ParityFixture } from './parity-fixture.js';

/**
 * How far one tensor is from PyTorch's, over the elements the fixture holds (all, or its samples).
 * - `error`: max |w_kenobi − w_torch| / max |w_torch|, the issue's "relative error" per tensor. Per tensor and
 *   normalised by the largest element, so elements near zero (sign changes, tiny BN biases) do not blow it up,
 *   while a fault anywhere in the tensor still shows at its scale.
 * - `updateError` (parameters): the same on the change Δ = final − initial. The weights of a few SGD steps stay
 *   close to their initial values, so `error` alone would hide a wrong gradient behind them; Δ is what the
 *   gradients made. Its floor is float32's resolution of the weight: ulp(w) / max |Δ|.
 * - `l2Error` (sampled tensors): |‖w_kenobi‖ − ‖w_torch‖| / ‖w_torch‖ over the whole tensor.
 *
 * @example
 * ```ts
 * const c: TensorComparison = { name: 'fc.weight', kind: 'param', error: 3e-7, updateError: 2e-6, torchFloat32Error: 4e-7 };
 * ```
 */
export interface TensorComparison {
  readonly name: string;
  readonly kind: 'param' | 'running_mean' | 'running_var';
  readonly error: number;
  readonly updateError?: number;
  readonly l2Error?: number;
  /** PyTorch float32 against float64 on the same tensor (the fixture's noise floor). */
  readonly torchFloat32Error: number;
}

const maxAbs = (a: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
};

/**
 * Compares every fixture tensor with the run's.
 *
 * @example
 * ```ts
 * for (const c of compareWithFixture(fx, run.tensors)) expect(c.error, c.name).to.be.at.most(1e-4);
 * ```
 */
export function compareWithFixture(fx: ParityFixture, tensors: ReadonlyMap<string, Float32Array>): TensorComparison[] {
  return fx.tensors.map((t) => {
    const ours = tensors.get(t.name);
    if (!ours) throw new Error(`the run has no tensor '${t.name}'`);
    const initial = formulaUniform(t.name, t.dims, t.lo, t.hi);
    const index = t.final.values ? undefined : t.final.samples!.index;
    const theirs = t.final.values ?? t.final.samples!.value;
    const at = (a: Float32Array, k: number): number => a[index ? index[k]! : k]!;
    const diff = theirs.map((v, k) => at(ours, k) - v);
    const error = maxAbs(diff) / Math.max(maxAbs(theirs), 1e-30);
    let updateError: number | undefined;
    if (t.kind === 'param') {
      const update = theirs.map((v, k) => v - at(initial, k));
      updateError = maxAbs(diff) / Math.max(maxAbs(update), 1e-30);
    }
    let l2Error: number | undefined;
    if (t.final.l2 !== undefined) {
      let s = 0;
      for (const v of ours) s += v * v;
      l2Error = Math.abs(Math.sqrt(s) - t.final.l2) / t.final.l2;
    }
    return { name: t.name, kind: t.kind, error, ...(updateError === undefined ? {} : { updateError }), ...(l2Error === undefined ? {} : { l2Error }), torchFloat32Error: t.final.torchFloat32Error };
  });
}
