import { requireArgument } from '../imaging-error.js';
import { defineStretch, type Stretch } from './stretch.js';

/**
 * `y = asinh(x / a) / asinh(1 / a)` (astropy `AsinhStretch`, default `a = 0.1`; `0 < a <= 1`): linear
 * below about `a`, logarithmic above.
 *
 * @example
 * ```ts
 * asinhStretch().apply([0.1]); // Float32Array [0.2940]
 * ```
 */
export function asinhStretch(a = 0.1): Stretch {
  requireArgument(a > 0 && a <= 1, `asinh stretch needs 0 < a <= 1, got ${a}`);
  const norm = Math.asinh(1 / a);
  return defineStretch(`asinh:${a}`, (x) => Math.asinh(x / a) / norm);
}
