import { LearnError } from '../learn-error.js';
import type { LrSchedule } from './lr-schedule.js';

/**
 * Cosine annealing, PyTorch `CosineAnnealingLR`'s closed form:
 * lr = etaMin + (base − etaMin)(1 + cos(π·epoch / tMax)) / 2 (epochs past tMax keep following the cosine,
 * as PyTorch does).
 *
 * @example
 * ```ts
 * cosineLr({ tMax: 10 }).lrAt(5, 0.1); // 0.05
 * ```
 */
export function cosineLr(options: { tMax: number; etaMin?: number }): LrSchedule {
  const { tMax } = options;
  const etaMin = options.etaMin ?? 0;
  if (!(tMax > 0)) throw new LearnError('learn/bad-argument', `tMax must be > 0, got ${tMax}`);
  return {
    kind: 'cosine',
    lrAt: (epoch, baseLr) => etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2,
    config: () => ({ tMax, etaMin }),
  };
}
