/**
 * A tabulated Sérsic surface brightness for the simulator's hot loop. The exact profile costs a log and two
 * exps per sample; here I = A·F(t) with t = ln(R²/r_e²) and F(t) = exp(−b_n e^(t/2n)) read from a per-profile
 * cubic Hermite table (values and exact derivatives) uniform in t, so a sample costs one `Math.log` and a
 * few multiplications. In t the profile is smooth even at the cusp (F → 1 as t → −∞), which is why the table
 * is in log radius. The step is 0.08·n (clamped to 0.02…0.25), about where b_n/2n ≈ 1 makes the Hermite
 * error h⁴/384·(d ln F/dt)⁴ ≈ 1e-6 of the local value near r_e; outside the tabulated range (F below e^−30
 * of the centre, or R below e^−12 r_e) the exact formula is used. The measured relative error is below
 * 1e-5 wherever I > 1e-6 of the central value (see sersic-table.test.ts), far below what changes a rendered
 * flux.
 */
import type { SersicProfile, SurfaceBrightness } from './sersic-profile.js';
import { sersicIe, validateSersic } from './sersic-profile.js';
import { sersicBn } from './sersic-bn.js';

/** Beyond b_n (R/r_e)^(1/n) = W_MAX (F < 1e-13) the table stops and the exact formula takes over. */
const W_MAX = 30;
/** The table starts at R = e^(T_MIN/2) r_e (≈ 6e-6 r_e) at the lowest; closer samples use the exact formula. */
const T_MIN = -24;

/**
 * The profile as a tabulated surface-brightness function (flux per arcsec²): same values as
 * `sersicSurfaceBrightness` to a relative 1e-5, about 2× cheaper per sample.
 *
 * @example
 * ```ts
 * const sb = sersicSurfaceBrightnessTabulated({ x: 0, y: 0, re: 1, n: 4, q: 0.8, angle: 30, flux: 1 });
 * sb(0.5, 0.2); // ≈ sersicSurfaceBrightness(same)(0.5, 0.2) within 1e-5 relative
 * ```
 */
export function sersicSurfaceBrightnessTabulated(p: SersicProfile): SurfaceBrightness {
  validateSersic(p);
  const b = sersicBn(p.n);
  const amplitude = sersicIe(p.flux, p.re, p.n, p.q) * Math.exp(b);
  const pw = 0.5 / p.n;
  const tHi = Math.log(W_MAX / b) / pw;
  const tLo = Math.max(T_MIN, Math.log(1e-9 / b) / pw);
  const h = Math.min(0.25, Math.max(0.02, 0.08 * p.n));
  const count = Math.max(2, Math.ceil((tHi - tLo) / h) + 1);
  const tTop = tLo + (count - 1) * h;
  // value[k] = A·F(t_k), slope[k] = h·A·dF/dt(t_k) = −h·A·F·w·pw with w = b e^(pw t).
  const value = new Float64Array(count);
  const slope = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const w = b * Math.exp(pw * (tLo + k * h));
    const f = amplitude * Math.exp(-w);
    value[k] = f;
    slope[k] = -h * f * w * pw;
  }
  const invH = 1 / h;
  const theta = (p.angle * Math.PI) / 180;
  const c = Math.cos(theta) / p.re;
  const s = Math.sin(theta) / p.re;
  const invQ = 1 / p.q;
  const x0 = p.x;
  const y0 = p.y;
  return (x, y) => {
    const dx = x - x0;
    const dy = y - y0;
    const u = dx * c + dy * s;
    const v = (dy * c - dx * s) * invQ;
    const r2 = u * u + v * v;
    if (r2 === 0) return amplitude;
    const t = Math.log(r2);
    if (t < tLo || t >= tTop) return amplitude * Math.exp(-b * Math.exp(pw * t));
    const z = (t - tLo) * invH;
    const k = z | 0;
    const a = z - k;
    const a1 = 1 - a;
    // Cubic Hermite basis on [t_k, t_k+1].
    return a1 * a1 * ((1 + 2 * a) * value[k]! + a * slope[k]!) + a * a * ((3 - 2 * a) * value[k + 1]! - a1 * slope[k + 1]!);
  };
}
