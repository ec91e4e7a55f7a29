import { requireArgument } from '../imaging-error.js';
import { defineStretch, type Stretch } from './stretch.js';

/**
 * `y = sinh(x / a) / sinh(1 / a)` (astropy `SinhStretch`, default `a = 1/3`; `0 < a <= 1`).
 *
 * @example
 * ```ts
 * sinhStretch().apply([0.5]); // Float32Array [0.2089]
 * ```
 */
export function sinhStretch(a = 1 / 3): Stretch {
  requireArgument(a > 0 && a <= 1, `sinh stretch needs 0 < a <= 1, got ${a}`);
  const norm = Math.sinh(1 / a);
  return defineStretch(`sinh:${a}`, (x) => Math.sinh(x / a) / norm);
}
