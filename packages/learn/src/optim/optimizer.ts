import { allocFloat, dtypeOf, type FloatArray } from '../backend/matrix.js';
import type { Param } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';

/**
 * Every optimizer `@kenobi/learn` knows.
 *
 * @example
 * ```ts
 * import { OPTIMIZER_NAMES } from '@kenobi/learn';
 * OPTIMIZER_NAMES; // ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw']
 * ```
 */
export const OPTIMIZER_NAMES = Object.freeze(['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const);
/** One of {@link OPTIMIZER_NAMES}. */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/**
 * Updates params in place from their `grad`. `lr` is the current learning rate (a schedule sets it each
 * epoch); `baseLr` is the one it was created with. State (moments) is kept per param object.
 *
 * @example
 * ```ts
 * const opt = adam({ lr: 1e-3 });
 * opt.step(model.trainableParams()); // after model.backward(...)
 * ```
 */
export interface Optimizer {
  readonly name: OptimizerName;
  readonly baseLr: number;
  lr: number;
  step(params: readonly Param[]): void;
  /** Forgets all state (moments, step counts). */
  reset(): void;
  config(): Readonly<Record<string, unknown>>;
  /** Copies of the state of `params` (in that order), for checkpoints; restore with {@link loadState}. */
  saveState?(params: readonly Param[]): OptimizerState;
  /** Restores what {@link saveState} returned for the same params (same order and lengths); sets `lr` too. */
  loadState?(params: readonly Param[], state: OptimizerState): void;
}

/**
 * An optimizer's state as plain data: the current learning rate and, per param, its step count and state
 * slots (moments), or null for a param not stepped yet.
 *
 * @example
 * ```ts
 * const s = opt.saveState!(model.trainableParams()); // { lr: 0.001, params: [{ t: 12, slots: { m, v, vMax } }, ...] }
 * ```
 */
export interface OptimizerState {
  readonly lr: number;
  readonly params: readonly ({ readonly t: number; readonly slots: Readonly<Record<string, FloatArray>> } | null)[];
}

/**
 * Per-param state slots of one dtype, created on first use; `t` counts the steps of that param.
 *
 * @example
 * ```ts
 * const st = new ParamState(['m', 'v']);
 * const s = st.of(param); // { t: 0, m: Float32Array, v: Float32Array }
 * ```
 */
export class ParamState<K extends string> {
  private map = new Map<Param, { t: number } & Record<K, FloatArray>>();
  constructor(private readonly slots: readonly K[], private readonly init: number = 0) {}

  of(p: Param): { t: number } & Record<K, FloatArray> {
    let s = this.map.get(p);
    if (!s) {
      const slots = {} as Record<K, FloatArray>;
      for (const k of this.slots) {
        slots[k] = allocFloat(dtypeOf(p.value), p.value.length);
        if (this.init !== 0) slots[k].fill(this.init);
      }
      s = Object.assign({ t: 0 }, slots);
      this.map.set(p, s);
    }
    return s;
  }

  clear(): void {
    this.map.clear();
  }

  /** Copies of the state of `params`, in order (null where a param has none yet). */
  save(params: readonly Param[]): OptimizerState['params'] {
    return params.map((p) => {
      const s = this.map.get(p);
      if (!s) return null;
      const slots: Record<string, FloatArray> = {};
      for (const k of this.slots) slots[k] = s[k].slice();
      return { t: s.t, slots };
    });
  }

  /** Restores what {@link save} returned; throws `learn/shape-mismatch` when it does not fit `params`. */
  load(params: readonly Param[], saved: OptimizerState['params']): void {
    if (saved.length !== params.length) throw new LearnError('learn/shape-mismatch', `optimizer state for ${saved.length} params, got ${params.length} params`);
    this.map.clear();
    params.forEach((p, i) => {
      const s = saved[i];
      if (!s) return;
      const state = this.of(p);
      state.t = s.t;
      for (const k of this.slots) {
        const v = s.slots[k];
        if (!v || v.length !== p.value.length) throw new LearnError('learn/shape-mismatch', `optimizer state '${k}' of ${p.name} has ${v?.length ?? 0} values, expected ${p.value.length}`);
        state[k].set(v);
      }
    });
  }
}

/**
 * Throws `learn/bad-argument` unless `value` satisfies `ok`.
 *
 * @example
 * ```ts
 * checkHyper('lr', lr, lr > 0, '> 0');
 * ```
 */
export function checkHyper(name: string, value: number, ok: boolean, expected: string): void {
  if (!ok || Number.isNaN(value)) throw new LearnError('learn/bad-argument', `${name} must be ${expected}, got ${value}`);
}
