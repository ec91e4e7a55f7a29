import { defineStretch, type Stretch } from './stretch.js';

/**
 * `y = slope * x + intercept` (astropy `LinearStretch`, defaults 1 and 0).
 *
 * @example
 * ```ts
 * linearStretch().apply([-1, 0.3, 2]); // Float32Array [0, 0.3, 1]
 * ```
 */
export function linearStretch(slope = 1, intercept = 0): Stretch {
  return defineStretch(`linear:${slope},${intercept}`, (x) => x * slope + intercept);
}
