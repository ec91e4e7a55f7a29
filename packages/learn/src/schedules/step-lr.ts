import { LearnError } from '../learn-error.js';
import type { LrSchedule } from './lr-schedule.js';

/**
 * PyTorch `StepLR`: lr = base · gamma^⌊epoch / stepSize⌋. gamma defaults to 0.1.
 *
 * @example
 * ```ts
 * stepLr({ stepSize: 30 }).lrAt(30, 0.1); // 0.01
 * ```
 */
export function stepLr(options: { stepSize: number; gamma?: number }): LrSchedule {
  const { stepSize } = options;
  const gamma = options.gamma ?? 0.1;
  if (!(Number.isInteger(stepSize) && stepSize > 0)) throw new LearnError('learn/bad-argument', `stepSize must be a positive integer, got ${stepSize}`);
  return {
    kind: 'step',
    lrAt: (epoch, baseLr) => baseLr * Math.pow(gamma, Math.floor(epoch / stepSize)),
    config: () => ({ stepSize, gamma }),
  };
}
