import { defineStretch, type Stretch } from './stretch.js';

/**
 * `y = sqrt(x)` (astropy `SqrtStretch`).
 *
 * @example
 * ```ts
 * sqrtStretch().apply([0.25]); // Float32Array [0.5]
 * ```
 */
export function sqrtStretch(): Stretch {
  return defineStretch('sqrt', Math.sqrt);
}
