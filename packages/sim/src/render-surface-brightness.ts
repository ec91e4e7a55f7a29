/**
 * Integrates a surface brightness over pixels with adaptive supersampling. The profile is first sampled at
 * the centres of a base grid of `baseSamples`² cells per pixel (or, with `interpolateSmooth`, interpolated
 * there where it is smooth: `sampleBaseGrid`). The midpoint rule's error in a cell is about
 * h²∇²I/24, so a cell whose discrete Laplacian (from its four neighbours) says that error exceeds
 * `tolerance` × (peak base value, leaving out cells that hold a cusp) is refined (elsewhere that estimate corrects the sample, which makes the
 * rule exact for quadratic profiles and removes the midpoint rule's bias in convex wings): split 3×3 (its centre sample is reused); a sub-cell is split
 * again while its nine-sample mean differs from its centre sample by more than that, up to `maxDepth` levels.
 * Smooth outskirts (and linear gradients, which the midpoint rule integrates exactly) cost one evaluation per
 * cell; cusps such as Sérsic n = 4 centres get up to 3^maxDepth samples per side, which keeps total fluxes
 * right to well under 1%.
 */
import type { PixelGrid } from './pixel-grid.js';
import type { SurfaceBrightness } from './sersic-profile.js';
import { sampleBaseGrid } from './sample-base-grid.js';
import { requireInRange } from './sim-error.js';

/**
 * How finely to sample.
 *
 * @example
 * ```ts
 * renderSurfaceBrightness(sb, grid, { tolerance: 1e-3, cusps: [{ x: 0, y: 0 }] }); // or { supersample: 3 }
 * ```
 */
export interface RenderOptions {
  /**
   * 'adaptive' (default) or a fixed number k: exactly k×k samples per pixel, no refinement (k = 1 samples
   * pixel centres only, which is what surface-brightness checks want).
   */
  readonly supersample?: 'adaptive' | number;
  /** Adaptive: base cells per pixel side (default 1; 2 for lensed sources, whose arcs can be thin). */
  readonly baseSamples?: number;
  /** Adaptive: refine where the estimated error of a cell exceeds this fraction of the peak (default 1e-3). */
  readonly tolerance?: number;
  /**
   * A circle (arcsec) outside which the profile is treated as zero and not evaluated, e.g. the radius holding
   * 99.9% of a compact companion's light. Default: everywhere.
   */
  readonly support?: { readonly x: number; readonly y: number; readonly radius: number };
  /** Adaptive: at most this many levels of 3×3 refinement (3). */
  readonly maxDepth?: number;
  /**
   * Adaptive: points (arcsec) where the profile has a cusp, such as a Sérsic centre. Cells containing one are
   * always refined, down to `cuspDepth` levels (default 6: 1/729 pixel), because samples spaced around a
   * cusp cannot see it.
   */
  readonly cusps?: readonly { readonly x: number; readonly y: number }[];
  /** Adaptive: refinement depth in cells that contain a cusp (6). */
  readonly cuspDepth?: number;
  /**
   * Adaptive: when > 0, base cells between every other row and column are interpolated (4-point cubic) where
   * the curvature term is at most this fraction of the peak, instead of sampled (see `sampleBaseGrid`).
   * Default 0 (every base cell sampled).
   */
  readonly interpolateSmooth?: number;
}

/**
 * Flux per pixel (surface brightness × pixel area, i.e. the integral over each pixel), row-major H×W.
 *
 * @example
 * ```ts
 * const grid = pixelGrid(64, 64, 0.263);
 * const img = renderSurfaceBrightness(sersicSurfaceBrightness({ x: 0, y: 0, re: 1, n: 4, q: 0.8, angle: 0, flux: 1 }), grid);
 * img.length; // 4096; the sum is ≈ the flux inside the cutout
 * ```
 */
export function renderSurfaceBrightness(sb: SurfaceBrightness, grid: PixelGrid, options: RenderOptions = {}): Float32Array {
  const supersample = options.supersample ?? 'adaptive';
  if (supersample !== 'adaptive') {
    requireInRange('supersample', supersample, 1, 64);
    return renderFixed(sb, grid, Math.round(supersample));
  }
  const base = Math.round(options.baseSamples ?? 1);
  requireInRange('baseSamples', base, 1, 16);
  const tolerance = options.tolerance ?? 1e-3;
  const maxDepth = Math.round(options.maxDepth ?? 3);
  requireInRange('maxDepth', maxDepth, 0, 8);
  const W = grid.width * base;
  const H = grid.height * base;
  const h = grid.pixelScale / base;
  const xStart = -0.5 * grid.width * grid.pixelScale + 0.5 * h;
  const yStart = -0.5 * grid.height * grid.pixelScale + 0.5 * h;
  // NOTE: the base-cell buffer is reused between calls (zeroed here): nothing in this function re-enters it.
  if (valuesPool.length < W * H) valuesPool = new Float64Array(W * H);
  const values = valuesPool.fill(0, 0, W * H);
  const cusps = options.cusps ?? [];
  // Rows and columns of cells that can hold light (all of them without a support circle).
  let i0 = 0, i1 = H - 1, j0 = 0, j1 = W - 1;
  const support = options.support;
  if (support) {
    const pad = support.radius + h;
    j0 = Math.max(0, Math.floor((support.x - pad - xStart) / h));
    j1 = Math.min(W - 1, Math.ceil((support.x + pad - xStart) / h));
    i0 = Math.max(0, Math.floor((support.y - pad - yStart) / h));
    i1 = Math.min(H - 1, Math.ceil((support.y + pad - yStart) / h));
  }
  const smooth = options.interpolateSmooth ?? 0;
  requireInRange('interpolateSmooth', smooth, 0, 1);
  const { peak, anyLight } = sampleBaseGrid(sb, values, { width: W, height: H, xStart, yStart, h, i0, i1, j0, j1 }, support, cusps, smooth);
  const out = new Float32Array(grid.width * grid.height);
  if (!anyLight) return out;
  const threshold = tolerance * peak;

  const refine = makeRefiner(sb, threshold, maxDepth, cusps, Math.max(maxDepth, Math.round(options.cuspDepth ?? 6)));
  const area = h * h;
  // The cells nearest each cusp: only within two cells of one is the exact `nearCusp` test needed.
  const nc = cusps.length;
  const cuspI = new Int32Array(nc), cuspJ = new Int32Array(nc);
  for (let c = 0; c < nc; c++) {
    cuspI[c] = Math.round((cusps[c]!.y - yStart) / h);
    cuspJ[c] = Math.round((cusps[c]!.x - xStart) / h);
  }
  const refining = maxDepth > 0;
  for (let i = i0; i <= i1; i++) {
    // Is a cusp within two rows? (Then the columns are checked per cell.)
    let cuspRow = false;
    for (let c = 0; c < nc; c++) if (Math.abs(i - cuspI[c]!) <= 2) cuspRow = true;
    const outRow = Math.floor(i / base) * grid.width;
    const cy = yStart + i * h;
    for (let j = j0; j <= j1; j++) {
      const k = i * W + j;
      const v = values[k]!;
      if (v === 0) continue;
      // Missing neighbours (the border) count as equal to the cell itself.
      const left = j > 0 ? values[k - 1]! : v;
      const right = j < W - 1 ? values[k + 1]! : v;
      const down = i > 0 ? values[k - W]! : v;
      const up = i < H - 1 ? values[k + W]! : v;
      // The midpoint rule's error is h²∇²I/24; the discrete Laplacian both estimates it and corrects it.
      const correction = (left + right + down + up - 4 * v) / 24;
      const cx = xStart + j * h;
      let refineHere = refining && Math.abs(correction) > threshold;
      if (!refineHere && cuspRow) {
        for (let c = 0; c < nc; c++) {
          if (Math.abs(i - cuspI[c]!) <= 2 && Math.abs(j - cuspJ[c]!) <= 2 && nearCusp(cusps, cx, cy, h)) refineHere = true;
        }
      }
      const cell = refineHere ? refine(cx, cy, h, v, 1) : v + correction;
      out[outRow + (base === 1 ? j : Math.floor(j / base))]! += cell * area;
    }
  }
  return out;
}

/**
 * The recursive 3×3 refinement of one square cell (centre cx, cy; side `size`; `centre` its known centre
 * value): the mean over the cell, split further while a level changes the estimate by more than `threshold`.
 * Around a cusp (a cell holding one, and its eight neighbours) cells may go down to `cuspDepth` levels, and
 * there a sub-cell at depth d is split while the change exceeds `threshold` · 3^(d−1): its share of the
 * pixel's error then falls as 3^−(d−1), so the error a point cusp leaves in its pixel stays a few times
 * `threshold` while the number of samples grows only linearly with the depth (not as 9^depth).
 *
 * @example
 * ```ts
 * const refine = makeRefiner(sb, 1e-4, 3);
 * const meanSb = refine(0, 0, 0.263, sb(0, 0), 1); // mean surface brightness over the central pixel
 * ```
 */
export function makeRefiner(
  sb: SurfaceBrightness,
  threshold: number,
  maxDepth: number,
  cusps: readonly { readonly x: number; readonly y: number }[] = [],
  cuspDepth = maxDepth,
): (cx: number, cy: number, size: number, centre: number, depth: number) => number {
  const nc = cusps.length;
  const cuspX = Float64Array.from(cusps, (c) => c.x);
  const cuspY = Float64Array.from(cusps, (c) => c.y);
  const deepest = Math.max(maxDepth, cuspDepth) + 2;
  // NOTE: one scratch row of nine samples per depth, so refining allocates nothing.
  const scratch = new Float64Array(9 * (deepest + 1));
  /** 0: no cusp near; 1: a cusp in one of the 8 neighbouring cells; 2: a cusp in this (closed) cell. */
  const cuspNear = (cx: number, cy: number, size: number): number => {
    let near = 0;
    const half = 0.5 * size * (1 + 1e-9);
    for (let k = 0; k < nc; k++) {
      const dx = Math.abs(cuspX[k]! - cx), dy = Math.abs(cuspY[k]! - cy);
      if (dx <= half && dy <= half) return 2;
      if (dx <= 3 * half && dy <= 3 * half) near = 1;
    }
    return near;
  };
  // `limit` is the depth this cell may reach: maxDepth, or cuspDepth near a cusp (a cusp is steep in the
  // neighbouring cells too, not only in the one that holds it).
  const refine = (cx: number, cy: number, size: number, centre: number, depth: number, limit = maxDepth): number => {
    const sub = size / 3;
    const o = 9 * Math.min(depth, deepest);
    scratch[o + 4] = centre;
    let sum = centre;
    for (let a = 0; a < 3; a++) {
      const y = cy + (a - 1) * sub;
      for (let b = 0; b < 3; b++) {
        if (a === 1 && b === 1) continue;
        const v = sb(cx + (b - 1) * sub, y);
        scratch[o + a * 3 + b] = v;
        sum += v;
      }
    }
    const mean = sum / 9;
    const near = nc > 0 && depth < cuspDepth ? cuspNear(cx, cy, size) : 0;
    const childLimit = near > 0 ? cuspDepth : limit;
    const tol = childLimit > maxDepth ? threshold * Math.pow(3, depth - 1) : threshold;
    if (near < 2 && (Math.abs(mean - centre) <= tol || depth >= childLimit)) return mean;
    let total = 0;
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) total += refine(cx + (b - 1) * sub, cy + (a - 1) * sub, sub, scratch[o + a * 3 + b]!, depth + 1, childLimit);
    }
    return total / 9;
  };
  return refine;
}

/** True when a cusp lies in the closed square of side `size` centred on (cx, cy). */
function containsCusp(cusps: readonly { readonly x: number; readonly y: number }[], cx: number, cy: number, size: number): boolean {
  const half = 0.5 * size * (1 + 1e-9);
  for (const c of cusps) if (Math.abs(c.x - cx) <= half && Math.abs(c.y - cy) <= half) return true;
  return false;
}

/** True when a cusp lies in the 3×3 block of cells of side `size` around (cx, cy). */
function nearCusp(cusps: readonly { readonly x: number; readonly y: number }[], cx: number, cy: number, size: number): boolean {
  return containsCusp(cusps, cx, cy, 3 * size);
}

function renderFixed(sb: SurfaceBrightness, grid: PixelGrid, k: number): Float32Array {
  const out = new Float32Array(grid.width * grid.height);
  const s = grid.pixelScale;
  const sub = s / k;
  const x0 = -0.5 * grid.width * s + 0.5 * sub;
  const y0 = -0.5 * grid.height * s + 0.5 * sub;
  const area = sub * sub;
  for (let i = 0; i < grid.height; i++) {
    for (let j = 0; j < grid.width; j++) {
      let sum = 0;
      for (let a = 0; a < k; a++) {
        const y = y0 + (i * k + a) * sub;
        for (let b = 0; b < k; b++) sum += sb(x0 + (j * k + b) * sub, y);
      }
      out[i * grid.width + j] = sum * area;
    }
  }
  return out;
}

/** Base-cell scratch of `renderSurfaceBrightness`. */
let valuesPool = new Float64Array(0);
