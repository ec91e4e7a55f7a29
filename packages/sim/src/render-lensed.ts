/**
 * Ray shooting through a lens with pixel-footprint culling. Every pixel corner is mapped to the source
 * plane (β = θ − α(θ)); a pixel whose corners' bounding box comes within the source's support circle (the
 * radius holding all but 0.1% of its light) is integrated with at least 3×3 samples and refined adaptively
 * (see `makeRefiner`), unless its footprint is under half the source's scale, where the source is resolved and
 * one sample (error ∝ footprint²) is enough; other pixels see no source light and stay 0. So thin, highly magnified arcs are never
 * missed between samples, and the deflection is computed only about once per pixel elsewhere. With a radial
 * profile given, pixels whose footprint lies where the source is below a tenth of the refinement threshold
 * are sampled once too.
 */
import type { PixelGrid } from './pixel-grid.js';
import { makeRefiner } from './render-surface-brightness.js';
import type { SersicProfile, SurfaceBrightness } from './sersic-profile.js';
import { inverseRegularizedGammaP } from './gamma-function.js';
import { sersicBn } from './sersic-bn.js';
import type { Deflection, DeflectionBound } from './sie-lens.js';
import { lensedSurfaceBrightness } from './sie-lens.js';

/**
 * A circle in the source plane outside which the source has (almost) no light.
 *
 * @example
 * ```ts
 * const support: SourceSupport = { x: 0.1, y: 0, radius: sersicSupportRadius(shape), scale: shape.re * shape.q };
 * ```
 */
export interface SourceSupport {
  readonly x: number;
  readonly y: number;
  readonly radius: number;
  /**
   * The smallest scale on which the source varies (e.g. its minor-axis r_e). A pixel whose source-plane
   * footprint is under half of it (the source is resolved there, so no arc can hide between samples), and does not hold the source centre, is sampled once at its centre.
   */
  readonly scale?: number;
  /**
   * The source's surface brightness at major-axis radius R (non-increasing in R). With it, a pixel whose
   * footprint stays farther than R_f from the centre, where the profile is below a tenth of the refinement
   * threshold, is sampled once: refining could change it by less than that.
   */
  readonly radialProfile?: (radius: number) => number;
}

/**
 * The major-axis radius of a Sérsic profile that encloses `fraction` of its light (default 0.999).
 *
 * @example
 * ```ts
 * sersicSupportRadius({ x: 0, y: 0, re: 1, n: 1, q: 1, angle: 0 }); // ≈ 5.5 (r_e units for an exponential)
 * ```
 */
export function sersicSupportRadius(shape: Omit<SersicProfile, 'flux'>, fraction = 0.999): number {
  const x = inverseRegularizedGammaP(2 * shape.n, fraction);
  return shape.re * Math.pow(x / sersicBn(shape.n), shape.n);
}

/**
 * Flux per pixel of a source seen through a lens (row-major H×W).
 *
 * @example
 * ```ts
 * const src = { x: 0.1, y: 0, re: 0.2, n: 1, q: 1, angle: 0 };
 * const img = renderLensedSurfaceBrightness(sersicSurfaceBrightness({ ...src, flux: 1 }),
 *   { x: src.x, y: src.y, radius: sersicSupportRadius(src) }, sieDeflection(lens), pixelGrid(64, 64, 0.263));
 * ```
 */
export function renderLensedSurfaceBrightness(
  source: SurfaceBrightness,
  support: SourceSupport,
  deflection: Deflection,
  grid: PixelGrid,
  options: { tolerance?: number; maxDepth?: number; bound?: DeflectionBound } = {},
): Float32Array {
  const W = grid.width;
  const H = grid.height;
  const s = grid.pixelScale;
  const x0 = -0.5 * W * s;
  const y0 = -0.5 * H * s;
  // NOTE: the corner buffers are reused between calls (every entry is written below before it is read).
  if (cornerX.length < (W + 1) * (H + 1)) {
    cornerX = new Float64Array((W + 1) * (H + 1));
    cornerY = new Float64Array((W + 1) * (H + 1));
  }
  const bx = cornerX;
  const by = cornerY;
  const alpha = new Float64Array(2);
  // With a deflection bound, pixels that cannot see the source are found first (exactly those the footprint
  // test below would drop, or fewer), and only the corners of the others are ray-traced.
  const maybe = pixelsThatMaySee(support, grid, options.bound);
  for (let i = 0; i <= H; i++) {
    const y = y0 + i * s;
    for (let j = 0; j <= W; j++) {
      if (maybe && !(
        (i > 0 && j > 0 && maybe[(i - 1) * W + j - 1] === 1) || (i > 0 && j < W && maybe[(i - 1) * W + j] === 1) ||
        (i < H && j > 0 && maybe[i * W + j - 1] === 1) || (i < H && j < W && maybe[i * W + j] === 1))) continue;
      const x = x0 + j * s;
      deflection(x, y, alpha);
      bx[i * (W + 1) + j] = x - alpha[0]!;
      by[i * (W + 1) + j] = y - alpha[1]!;
    }
  }
  const out = new Float32Array(W * H);
  const peak = source(support.x, support.y);
  if (!(peak > 0)) return out;
  const lensed = lensedSurfaceBrightness(source, deflection);
  const threshold = (options.tolerance ?? 1e-3) * peak;
  const refine = makeRefiner(lensed, threshold, options.maxDepth ?? 3);
  const r2 = support.radius * support.radius;
  // R_f: beyond it the source is fainter than the threshold (bisection on the radial profile). An elliptical
  // profile at circular distance d has major-axis radius ≥ d, so it is fainter still there.
  let faint2 = Infinity;
  // A tenth of the threshold: single samples are biased the same way in every convex wing pixel, and there
  // are thousands of them (at the full threshold the magnification moved by up to 1.2%; at a tenth, 0.2%).
  const faintLevel = 0.1 * threshold;
  const radial = support.radialProfile;
  if (radial && radial(support.radius) < faintLevel) {
    let lo = 0, hi = support.radius;
    for (let k = 0; k < 40; k++) {
      const mid = 0.5 * (lo + hi);
      if (radial(mid) < faintLevel) hi = mid; else lo = mid;
    }
    faint2 = hi * hi;
  }
  const smallFootprint = 0.5 * (support.scale ?? 0);
  const area = s * s;
  for (let i = 0; i < H; i++) {
    for (let j = 0; j < W; j++) {
      if (maybe && maybe[i * W + j] === 0) continue;
      const c = i * (W + 1) + j;
      const xs0 = bx[c]!, xs1 = bx[c + 1]!, xs2 = bx[c + W + 1]!, xs3 = bx[c + W + 2]!;
      const ys0 = by[c]!, ys1 = by[c + 1]!, ys2 = by[c + W + 1]!, ys3 = by[c + W + 2]!;
      const minX = Math.min(xs0, xs1, xs2, xs3), maxX = Math.max(xs0, xs1, xs2, xs3);
      const minY = Math.min(ys0, ys1, ys2, ys3), maxY = Math.max(ys0, ys1, ys2, ys3);
      const dx = support.x < minX ? minX - support.x : support.x > maxX ? support.x - maxX : 0;
      const dy = support.y < minY ? minY - support.y : support.y > maxY ? support.y - maxY : 0;
      if (dx * dx + dy * dy > r2) continue;
      const cx = x0 + (j + 0.5) * s;
      const cy = y0 + (i + 0.5) * s;
      const centre = lensed(cx, cy);
      const small = (Math.max(maxX - minX, maxY - minY) < smallFootprint && (dx !== 0 || dy !== 0)) || dx * dx + dy * dy > faint2;
      out[i * W + j] = (small ? centre : refine(cx, cy, s, centre, 1)) * area;
    }
  }
  return out;
}

/** Source-plane pixel corners of `renderLensedSurfaceBrightness`, kept between calls. */
let cornerX = new Float64Array(0);
let cornerY = new Float64Array(0);

/**
 * 1 for pixels whose source-plane footprint may come within the support circle, 0 for those that cannot:
 * β = γ(θ) − α_SIE(θ) with γ(θ) = θ − Γ(θ − centre) and |α_SIE| ≤ A, so a footprint lies within the square of
 * half-side D = A + |I − Γ|·s/√2 around γ(pixel centre), and the bounding box of its corners comes no nearer
 * to the source than |γ − source| − √2·D. Undefined without a bound (every pixel may).
 */
function pixelsThatMaySee(support: SourceSupport, grid: PixelGrid, bound: DeflectionBound | undefined): Uint8Array | undefined {
  if (!bound) return undefined;
  const { width: W, height: H, pixelScale: s } = grid;
  const g1 = bound.gamma1, g2 = bound.gamma2;
  const reach = support.radius + Math.SQRT2 * (bound.maxDeflection + (1 + Math.hypot(g1, g2)) * s * Math.SQRT1_2) + 1e-9;
  if (maybeScratch.length < W * H) maybeScratch = new Uint8Array(W * H);
  const maybe = maybeScratch;
  for (let i = 0; i < H; i++) {
    const y = -0.5 * H * s + (i + 0.5) * s;
    for (let j = 0; j < W; j++) {
      const x = -0.5 * W * s + (j + 0.5) * s;
      const dx = x - bound.x, dy = y - bound.y;
      const gx = x - (g1 * dx + g2 * dy) - support.x;
      const gy = y - (g2 * dx - g1 * dy) - support.y;
      maybe[i * W + j] = gx * gx + gy * gy <= reach * reach ? 1 : 0;
    }
  }
  return maybe;
}

/** Scratch of `pixelsThatMaySee`. */
let maybeScratch = new Uint8Array(0);
