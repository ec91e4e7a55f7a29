import { KenobiError } from '@kenobi/core';

/**
 * Error codes of `@kenobi/sim`: `sim/bad-parameter` (a value outside its physical or supported range) and
 * `sim/bad-band` (a band name the simulator has no colour for).
 *
 * @example
 * ```ts
 * SIM_ERROR_CODES; // ['sim/bad-parameter', 'sim/bad-band']
 * ```
 */
export const SIM_ERROR_CODES = Object.freeze(['sim/bad-parameter', 'sim/bad-band'] as const);
/**
 * One of {@link SIM_ERROR_CODES}.
 *
 * @example
 * ```ts
 * const code: SimErrorCode = 'sim/bad-band';
 * ```
 */
export type SimErrorCode = (typeof SIM_ERROR_CODES)[number];

/**
 * What `@kenobi/sim` throws on purpose.
 *
 * @example
 * ```ts
 * import { SimError } from '@kenobi/sim';
 * throw new SimError('sim/bad-parameter', 'axis ratio q = 1.4 must be in (0, 1]');
 * ```
 */
export class SimError extends KenobiError {
  constructor(code: SimErrorCode, message: string, options: { hint?: string; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
  }
}

/**
 * Throws `sim/bad-parameter` unless `low <= value <= high` (and finite).
 *
 * @example
 * ```ts
 * requireInRange('q', 0.7, 0.05, 1); // ok
 * requireInRange('q', 2, 0.05, 1);   // throws SimError sim/bad-parameter
 * ```
 */
export function requireInRange(name: string, value: number, low: number, high: number): void {
  if (!(Number.isFinite(value) && value >= low && value <= high)) {
    throw new SimError('sim/bad-parameter', `${name} = ${value} must be between ${low} and ${high}`);
  }
}
