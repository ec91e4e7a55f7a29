/**
 * `kenobi evaluate --tta none|dihedral` for models that run on images (image models, fine-tuned models).
 */
import { UsageError } from '../usage-error.js';
import { PREDICT_TTA_MODES, type PredictTta } from './predict-run.js';

/**
 * The `--tta` flag of `kenobi evaluate`: 'none' (default) or 'dihedral' (the outputs averaged over each
 * image's 8 rotations and flips, as `kenobi predict --tta dihedral` gives them).
 *
 * @example
 * ```ts
 * evaluateTta({ tta: 'dihedral' }); // 'dihedral'
 * evaluateTta({}); // 'none'
 * ```
 */
export function evaluateTta(values: Record<string, unknown>): PredictTta {
  const tta = (values['tta'] as string | undefined) ?? 'none';
  if (!(PREDICT_TTA_MODES as readonly string[]).includes(tta)) throw new UsageError(`kenobi evaluate: --tta must be one of ${PREDICT_TTA_MODES.join(', ')}, got '${tta}'`);
  return tta as PredictTta;
}
