import { ImagingError } from '../imaging-error.js';

/**
 * The finite values of an array, in order, as a Float64Array (astropy's `values[np.isfinite(values)]`).
 * Throws `imaging/no-finite-values` when there are none, since no interval can be taken then.
 *
 * @example
 * ```ts
 * finiteValues([1, NaN, 3, Infinity]); // Float64Array [1, 3]
 * ```
 */
export function finiteValues(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  if (n === 0) {
    throw new ImagingError('imaging/no-finite-values', `no finite values among ${values.length} (all NaN or infinite)`, {
      hint: 'check the HDU/plane, or the BLANK handling',
    });
  }
  const out = new Float64Array(n);
  for (let i = 0, j = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[j++] = v;
  }
  return out;
}
