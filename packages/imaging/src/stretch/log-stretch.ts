import { requireArgument } from '../imaging-error.js';
import { defineStretch, type Stretch } from './stretch.js';

/**
 * `y = log(a x + 1) / log(a + 1)` (astropy `LogStretch`, default `a = 1000`).
 *
 * @example
 * ```ts
 * logStretch().apply([0.01]); // Float32Array [0.3472]
 * ```
 */
export function logStretch(a = 1000): Stretch {
  requireArgument(a > 0, `log stretch needs a > 0, got ${a}`);
  const norm = Math.log(a + 1);
  return defineStretch(`log:${a}`, (x) => Math.log(x * a + 1) / norm);
}
