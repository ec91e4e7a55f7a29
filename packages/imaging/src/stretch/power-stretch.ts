import { requireArgument } from '../imaging-error.js';
import { defineStretch, type Stretch } from './stretch.js';

/**
 * `y = x ** a` (astropy `PowerStretch`; `a > 0`, no default there).
 *
 * @example
 * ```ts
 * powerStretch(2).apply([0.5]); // Float32Array [0.25]
 * ```
 */
export function powerStretch(a: number): Stretch {
  requireArgument(a > 0, `power stretch needs a > 0, got ${a}`);
  return defineStretch(`power:${a}`, (x) => Math.pow(x, a));
}
