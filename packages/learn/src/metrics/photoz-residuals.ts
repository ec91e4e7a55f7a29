import { LearnError } from '../learn-error.js';
import { pairedInput } from './metric-input.js';

/**
 * Normalised photo-z residuals (z_phot − z_spec) / (1 + z_spec), with the raw Δz.
 *
 * @example
 * ```ts
 * photozResiduals([0.1, 0.5], [0.12, 0.4]).normalized; // [0.01818, -0.0667]
 * ```
 */
export function photozResiduals(zTrue: ArrayLike<number>, zPred: ArrayLike<number>): { dz: Float64Array; normalized: Float64Array } {
  const [t, p] = pairedInput(zTrue, zPred, 'photo-z');
  const dz = p.map((v, i) => v - t[i]!);
  const normalized = dz.map((d, i) => {
    if (!(t[i]! > -1)) throw new LearnError('learn/bad-argument', `true redshift ${t[i]} at index ${i} is not > -1`);
    return d / (1 + t[i]!);
  });
  return { dz, normalized };
}
