/**
 * Spiral arms as a logarithmic-spiral modulation of a disc: I(R, φ) = I_disc(R) · [1 + A_eff(R)
 * cos(m (φ − φ₀) − m ln(R / r_e) / tan p)], with pitch angle p. The modulation averages to zero around every
 * ellipse, so it moves light from the inter-arm regions into the arms without changing the total flux.
 * A_eff = A R² / (R² + (r_e/2)²) fades the arms out in the centre, where the spiral would wind up.
 */
import type { SersicProfile, SurfaceBrightness } from './sersic-profile.js';
import { sersicSurfaceBrightness } from './sersic-profile.js';
import { requireInRange } from './sim-error.js';

/**
 * Parameters of a logarithmic spiral pattern.
 *
 * @example
 * ```ts
 * const arms: SpiralArms = { arms: 2, pitch: 20, amplitude: 0.6, phase: 0 };
 * ```
 */
export interface SpiralArms {
  /** Number of arms m (1 to 6). */
  readonly arms: number;
  /** Pitch angle, degrees (5 to 60; small is tightly wound). */
  readonly pitch: number;
  /** Contrast A in [0, 1]: 0 no arms, 1 arms twice the mean, zero between them. */
  readonly amplitude: number;
  /** Phase φ₀, degrees. */
  readonly phase: number;
}

/**
 * A disc's surface brightness with spiral arms (flux-conserving, see the file comment). The disc itself is
 * `discOfLogRadius` (I as a function of t = ln(R²/r_e²), e.g. `sersicOfLogRadius(disc)`, the tabulated
 * profile) when given, else the exact Sérsic profile of `disc`.
 *
 * @example
 * ```ts
 * const disc = { x: 0, y: 0, re: 2, n: 1, q: 0.6, angle: 20, flux: 1 };
 * const sb = spiralDiscSurfaceBrightness(disc, { arms: 2, pitch: 20, amplitude: 0.6, phase: 0 });
 * sb(1, 0.5); // flux/arcsec² at (1, 0.5) arcsec
 * ```
 */
export function spiralDiscSurfaceBrightness(disc: SersicProfile, spiral: SpiralArms, discOfLogRadius?: (t: number) => number): SurfaceBrightness {
  requireInRange('spiral arms', spiral.arms, 1, 6);
  requireInRange('spiral pitch (deg)', spiral.pitch, 5, 60);
  requireInRange('spiral amplitude', spiral.amplitude, 0, 1);
  const exact = sersicSurfaceBrightness(disc);
  const radial = discOfLogRadius;
  const theta = (disc.angle * Math.PI) / 180;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const invQ = 1 / disc.q;
  const m = Math.round(spiral.arms);
  const wind = m / Math.tan((spiral.pitch * Math.PI) / 180);
  const phase = (spiral.phase * Math.PI) / 180;
  const core2 = 0.25 * disc.re * disc.re;
  const logRe = Math.log(disc.re);
  return (x, y) => {
    const dx = x - disc.x;
    const dy = y - disc.y;
    const u = dx * c + dy * s;
    const v = (dy * c - dx * s) * invQ;
    const r2 = u * u + v * v;
    if (r2 === 0) return exact(x, y);
    const t = Math.log(r2) - 2 * logRe; // ln(R²/r_e²)
    const phi = Math.atan2(v, u);
    const a = (spiral.amplitude * r2) / (r2 + core2);
    const base = radial ? radial(t) : exact(x, y);
    return base * (1 + a * Math.cos(m * (phi - phase) - wind * 0.5 * t));
  };
}
