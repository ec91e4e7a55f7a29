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
