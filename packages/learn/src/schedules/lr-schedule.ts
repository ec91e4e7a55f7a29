/**
 * A learning-rate schedule: the rate for a 0-based epoch, given the optimizer's base rate. `fit` sets
 * `optimizer.lr` from it at the start of every epoch (PyTorch's `scheduler.step()` once per epoch).
 *
 * @example
 * ```ts
 * const s = stepLr({ stepSize: 10, gamma: 0.5 });
 * s.lrAt(25, 0.1); // 0.025
 * ```
 */
export interface LrSchedule {
  readonly kind: 'step' | 'cosine' | 'warmup';
  lrAt(epoch: number, baseLr: number): number;
  config(): Readonly<Record<string, unknown>>;
}
