import { LearnError } from '../learn-error.js';
import type { LrSchedule } from './lr-schedule.js';

/**
 * Linear warm-up (PyTorch `LinearLR`): the factor rises from `startFactor` (default 1/3, as PyTorch) to 1
 * over `epochs` epochs; afterwards `then` (if given) runs with its epoch counted from the end of warm-up.
 *
 * @example
 * ```ts
 * const s = warmupLr({ epochs: 5, startFactor: 0.1, then: cosineLr({ tMax: 45 }) });
 * s.lrAt(0, 1e-3); // 1e-4
 * ```
 */
export function warmupLr(options: { epochs: number; startFactor?: number; then?: LrSchedule }): LrSchedule {
  const { epochs, then } = options;
  const startFactor = options.startFactor ?? 1 / 3;
  if (!(Number.isInteger(epochs) && epochs > 0)) throw new LearnError('learn/bad-argument', `warm-up epochs must be a positive integer, got ${epochs}`);
  if (!(startFactor > 0 && startFactor <= 1)) throw new LearnError('learn/bad-argument', `startFactor must be in (0, 1], got ${startFactor}`);
  return {
    kind: 'warmup',
    lrAt(epoch, baseLr) {
      if (epoch < epochs) return baseLr * (startFactor + ((1 - startFactor) * epoch) / epochs);
      return then ? then.lrAt(epoch - epochs, baseLr) : baseLr;
    },
    config: () => ({ epochs, startFactor, then: then ? { kind: then.kind, ...then.config() } : undefined }),
  };
}
