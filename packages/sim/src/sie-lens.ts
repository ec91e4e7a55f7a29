/**
 * The singular isothermal ellipsoid (SIE) plus external shear, in the intermediate-axis convention used by
 * lenstronomy's `SIE`: κ(x', y') = θ_E / (2 √(q x'² + y'²/q)), x' along the major axis. The deflection is
 * Kormann et al. (1994) / Keeton (2001) with zero core:
 *   α_x' = θ_E √q / √(1−q²) · atan(√(1−q²) x' / ψ),  α_y' = θ_E √q / √(1−q²) · atanh(√(1−q²) y' / ψ),
 *   ψ = √(q² x'² + y'²),
 * which tends to the singular isothermal sphere α = θ_E r̂ as q → 1 (used exactly below q > 1 − 1e-6).
 * External shear: α = (γ₁ x + γ₂ y, γ₂ x − γ₁ y). Lens equation: β = θ − α(θ). All in arcsec.
 */
import { requireInRange } from './sim-error.js';

/**
 * A singular isothermal ellipsoid with external shear.
 *
 * @example
 * ```ts
 * const lens: SieLens = { thetaE: 1.2, q: 0.7, angle: 30, x: 0, y: 0, gamma1: 0.03, gamma2: -0.01 };
 * ```
 */
export interface SieLens {
  /** Einstein radius θ_E, arcsec. */
  readonly thetaE: number;
  /** Axis ratio of the mass, (0, 1]; 1 is the singular isothermal sphere (SIS). */
  readonly q: number;
  /** Major-axis angle, degrees counter-clockwise from +x. */
  readonly angle: number;
  /** Centre, arcsec. */
  readonly x: number;
  readonly y: number;
  /** External shear components γ₁, γ₂ (0 for none). */
  readonly gamma1: number;
  readonly gamma2: number;
}

/**
 * Writes the deflection α(x, y) (arcsec) into `out[0]`, `out[1]`.
 *
 * @example
 * ```ts
 * const alpha: Deflection = sieDeflection(lens); const out = new Float64Array(2); alpha(1, 0, out);
 * ```
 */
export type Deflection = (x: number, y: number, out: Float64Array) => void;

/**
 * The deflection field of an SIE + shear lens as a fast function.
 *
 * @example
 * ```ts
 * const alpha = sieDeflection({ thetaE: 1.2, q: 1, angle: 0, x: 0, y: 0, gamma1: 0, gamma2: 0 });
 * const out = new Float64Array(2);
 * alpha(3, 0, out); // out = [1.2, 0]: an SIS deflects by θ_E everywhere
 * ```
 */
export function sieDeflection(lens: SieLens): Deflection {
  requireInRange('Einstein radius (arcsec)', lens.thetaE, 0, 1e3);
  requireInRange('lens q', lens.q, 0.05, 1);
  requireInRange('shear gamma1', lens.gamma1, -0.5, 0.5);
  requireInRange('shear gamma2', lens.gamma2, -0.5, 0.5);
  const { thetaE, q, x: x0, y: y0, gamma1: g1, gamma2: g2 } = lens;
  const theta = (lens.angle * Math.PI) / 180;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const spherical = q > 1 - 1e-6;
  const e = Math.sqrt(Math.max(0, 1 - q * q));
  const scale = spherical ? thetaE : (thetaE * Math.sqrt(q)) / e;
  const q2 = q * q;
  return (x, y, out) => {
    const dx = x - x0;
    const dy = y - y0;
    let ax: number;
    let ay: number;
    if (spherical) {
      const r = Math.sqrt(dx * dx + dy * dy);
      if (r === 0) { ax = 0; ay = 0; } else { ax = (scale * dx) / r; ay = (scale * dy) / r; }
    } else {
      const u = dx * c + dy * s;
      const v = dy * c - dx * s;
      const psi = Math.sqrt(q2 * u * u + v * v);
      if (psi === 0) {
        ax = 0;
        ay = 0;
      } else {
        const au = scale * Math.atan((e * u) / psi);
        const av = scale * Math.atanh((e * v) / psi);
        ax = au * c - av * s;
        ay = au * s + av * c;
      }
    }
    out[0] = ax + g1 * dx + g2 * dy;
    out[1] = ay + g2 * dx - g1 * dy;
  };
}

/**
 * A bound on a lens's deflection: α(θ) = α_SIE(θ) + Γ·(θ − centre) with |α_SIE| ≤ `maxDeflection` everywhere
 * (|atan(e·u/ψ)| ≤ atan(e/q) and |atanh(e·v/ψ)| ≤ atanh(e) since ψ ≥ q|u| and ψ ≥ |v|) and Γ the shear matrix
 * [[γ₁, γ₂], [γ₂, −γ₁]]. It lets ray shooting skip image regions that cannot see a source.
 *
 * @example
 * ```ts
 * sieDeflectionBound({ thetaE: 1.5, q: 1, angle: 0, x: 0, y: 0, gamma1: 0, gamma2: 0 }).maxDeflection; // 1.5
 * ```
 */
export interface DeflectionBound {
  readonly x: number;
  readonly y: number;
  readonly gamma1: number;
  readonly gamma2: number;
  readonly maxDeflection: number;
}

/**
 * The {@link DeflectionBound} of an SIE + shear lens.
 *
 * @example
 * ```ts
 * const bound = sieDeflectionBound(lens); // pass to renderLensedSurfaceBrightness's options
 * ```
 */
export function sieDeflectionBound(lens: SieLens): DeflectionBound {
  const q = lens.q;
  let maxDeflection = lens.thetaE;
  if (q <= 1 - 1e-6) {
    const e = Math.sqrt(1 - q * q);
    const scale = (lens.thetaE * Math.sqrt(q)) / e;
    maxDeflection = scale * Math.hypot(Math.atan(e / q), Math.atanh(e));
  }
  return { x: lens.x, y: lens.y, gamma1: lens.gamma1, gamma2: lens.gamma2, maxDeflection };
}

/**
 * The surface brightness seen through the lens: the source's surface brightness at β = θ − α(θ). Surface
 * brightness is conserved by lensing, so this is exact; integrating it over pixels gives the magnified flux.
 *
 * @example
 * ```ts
 * const lensed = lensedSurfaceBrightness(sersicSurfaceBrightness(source), sieDeflection(lens));
 * lensed(1.1, 0.2); // flux/arcsec² in the image plane
 * ```
 */
export function lensedSurfaceBrightness(source: (x: number, y: number) => number, deflection: Deflection): (x: number, y: number) => number {
  const alpha = new Float64Array(2);
  return (x, y) => {
    deflection(x, y, alpha);
    return source(x - alpha[0]!, y - alpha[1]!);
  };
}

/**
 * Convergence κ of the SIE (without the shear), for checks: ∇·α = 2κ.
 *
 * @example
 * ```ts
 * sieConvergence({ thetaE: 1, q: 1, angle: 0, x: 0, y: 0, gamma1: 0, gamma2: 0 }, 1, 0); // 0.5 at θ_E
 * ```
 */
export function sieConvergence(lens: SieLens, x: number, y: number): number {
  const theta = (lens.angle * Math.PI) / 180;
  const dx = x - lens.x;
  const dy = y - lens.y;
  const u = dx * Math.cos(theta) + dy * Math.sin(theta);
  const v = dy * Math.cos(theta) - dx * Math.sin(theta);
  return lens.thetaE / (2 * Math.sqrt(lens.q * u * u + (v * v) / lens.q));
}
