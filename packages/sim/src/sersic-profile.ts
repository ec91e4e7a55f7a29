/**
 * The elliptical Sérsic profile I(R) = I_e exp(−b_n [(R/r_e)^(1/n) − 1]) with R² = x'² + (y'/q)², x' along
 * the major axis. `re` is the half-light radius along the major axis (GALFIT's convention), so the total
 * flux is L = 2π n q r_e² I_e e^(b_n) Γ(2n) / b_n^(2n). Lengths are in arcsec, angles in degrees
 * counter-clockwise from the image +x axis.
 */
import { lnGamma, regularizedGammaP } from './gamma-function.js';
import { sersicBn } from './sersic-bn.js';
import { requireInRange } from './sim-error.js';

/**
 * An elliptical Sérsic profile normalised by its total flux.
 *
 * @example
 * ```ts
 * const bulge: SersicProfile = { x: 0, y: 0, re: 0.5, n: 4, q: 0.8, angle: 45, flux: 1000 };
 * ```
 */
export interface SersicProfile {
  /** Centre, arcsec (x right, y up; 0 is the cutout centre). */
  readonly x: number;
  readonly y: number;
  /** Half-light radius along the major axis, arcsec. */
  readonly re: number;
  /** Sérsic index (1 exponential disc, 4 de Vaucouleurs). */
  readonly n: number;
  /** Axis ratio b/a in (0, 1]. */
  readonly q: number;
  /** Major-axis angle, degrees counter-clockwise from +x. */
  readonly angle: number;
  /** Total flux (any unit: counts, or 1 for a unit-flux template). */
  readonly flux: number;
}

/**
 * A surface brightness: flux per arcsec² at (x, y) arcsec.
 *
 * @example
 * ```ts
 * const flat: SurfaceBrightness = (x, y) => (x * x + y * y < 1 ? 1 : 0); // a uniform disc of radius 1"
 * ```
 */
export type SurfaceBrightness = (x: number, y: number) => number;

/**
 * Total flux of a Sérsic profile with surface brightness `ie` at the effective radius.
 *
 * @example
 * ```ts
 * sersicTotalFlux(1, 1, 1, 1); // 11.948… (= 2π e^b₁ / b₁²)
 * ```
 */
export function sersicTotalFlux(ie: number, re: number, n: number, q: number): number {
  const b = sersicBn(n);
  return 2 * Math.PI * n * q * re * re * ie * Math.exp(b + lnGamma(2 * n) - 2 * n * Math.log(b));
}

/**
 * The surface brightness at the effective radius, I_e, that gives the profile a total flux `flux`.
 *
 * @example
 * ```ts
 * sersicIe(100, 0.5, 4, 0.8); // I_e in flux/arcsec² of a de Vaucouleurs profile of total flux 100
 * ```
 */
export function sersicIe(flux: number, re: number, n: number, q: number): number {
  return flux / sersicTotalFlux(1, re, n, q);
}

/**
 * Flux inside the ellipse of major-axis radius `radius`: L · P(2n, b_n (radius/r_e)^(1/n)).
 *
 * @example
 * ```ts
 * sersicEnclosedFlux({ x: 0, y: 0, re: 1, n: 4, q: 1, angle: 0, flux: 1 }, 1); // 0.5
 * ```
 */
export function sersicEnclosedFlux(profile: SersicProfile, radius: number): number {
  const b = sersicBn(profile.n);
  return profile.flux * regularizedGammaP(2 * profile.n, b * Math.pow(radius / profile.re, 1 / profile.n));
}

/**
 * Checks a profile's parameters (re > 0, 0.2 ≤ n ≤ 10, 0.05 ≤ q ≤ 1) and throws `sim/bad-parameter` if not.
 *
 * @example
 * ```ts
 * validateSersic({ x: 0, y: 0, re: 0.5, n: 1, q: 0.7, angle: 30, flux: 1 }); // ok
 * ```
 */
export function validateSersic(p: SersicProfile): void {
  requireInRange('Sérsic re (arcsec)', p.re, 1e-4, 1e4);
  requireInRange('Sérsic n', p.n, 0.2, 10);
  requireInRange('Sérsic q', p.q, 0.05, 1);
  requireInRange('Sérsic flux', p.flux, 0, Number.MAX_VALUE);
}

/**
 * The profile as a fast surface-brightness function (flux per arcsec²).
 *
 * @example
 * ```ts
 * const sb = sersicSurfaceBrightness({ x: 0, y: 0, re: 1, n: 1, q: 1, angle: 0, flux: 1 });
 * sb(1, 0); // I_e = 1 / 11.948… = 0.0837
 * ```
 */
export function sersicSurfaceBrightness(p: SersicProfile): SurfaceBrightness {
  validateSersic(p);
  const b = sersicBn(p.n);
  const ie = sersicIe(p.flux, p.re, p.n, p.q);
  const amplitude = ie * Math.exp(b);
  const theta = (p.angle * Math.PI) / 180;
  const c = Math.cos(theta) / p.re;
  const s = Math.sin(theta) / p.re;
  const invQ = 1 / p.q;
  const halfInvN = 0.5 / p.n;
  const x0 = p.x;
  const y0 = p.y;
  return (x, y) => {
    const dx = x - x0;
    const dy = y - y0;
    const u = dx * c + dy * s;
    const v = (dy * c - dx * s) * invQ;
    const r2 = u * u + v * v;
    if (r2 === 0) return amplitude;
    // (R/re)^(1/n) = exp(ln(R²/re²) / 2n): one log and one exp instead of sqrt + pow.
    return amplitude * Math.exp(-b * Math.exp(halfInvN * Math.log(r2)));
  };
}
