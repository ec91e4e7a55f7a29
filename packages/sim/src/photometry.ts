/**
 * Magnitudes and counts. A zero point ZP is the AB magnitude that gives one count (electron) in the whole
 * exposure, so counts = 10^(−0.4 (m − ZP)). Colours are magnitude offsets from the r band.
 */
import { SimError } from './sim-error.js';

/**
 * The bands the simulator knows colours for, bluest first.
 *
 * @example
 * ```ts
 * BANDS; // ['g', 'r', 'i']
 * ```
 */
export const BANDS = Object.freeze(['g', 'r', 'i'] as const);
/**
 * One of {@link BANDS}.
 *
 * @example
 * ```ts
 * const band: Band = 'r';
 * ```
 */
export type Band = (typeof BANDS)[number];

/**
 * Per-band magnitude offsets m_band − m_r (so `r` is 0).
 *
 * @example
 * ```ts
 * const red: Colour = { g: 1.4, r: 0, i: -0.5 }; // g − r = 1.4, r − i = 0.5
 * ```
 */
export type Colour = Readonly<Record<Band, number>>;

/**
 * Counts for an AB magnitude at a zero point.
 *
 * @example
 * ```ts
 * magnitudeToCounts(20, 30); // 10000
 * ```
 */
export function magnitudeToCounts(magnitude: number, zeroPoint: number): number {
  return Math.pow(10, -0.4 * (magnitude - zeroPoint));
}

/**
 * AB magnitude of `counts` at a zero point (Infinity for zero counts).
 *
 * @example
 * ```ts
 * countsToMagnitude(10000, 30); // 20
 * ```
 */
export function countsToMagnitude(counts: number, zeroPoint: number): number {
  return counts > 0 ? zeroPoint - 2.5 * Math.log10(counts) : Infinity;
}

/**
 * Parses a band list such as `'g,r,i'`, checking each name.
 *
 * @example
 * ```ts
 * parseBands('g,r,i'); // ['g', 'r', 'i']
 * parseBands('i');     // ['i']
 * ```
 */
export function parseBands(text: string | readonly string[]): Band[] {
  const names = typeof text === 'string' ? text.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : [...text];
  if (names.length === 0) throw new SimError('sim/bad-band', 'no bands given', { hint: `use some of ${BANDS.join(',')}` });
  for (const name of names) {
    if (!(BANDS as readonly string[]).includes(name)) {
      throw new SimError('sim/bad-band', `unknown band '${name}'`, { hint: `the simulator has colours for ${BANDS.join(', ')}` });
    }
  }
  return names as Band[];
}
