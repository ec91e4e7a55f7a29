/**
 * The first step of adaptive rendering: the profile at the centre of every base cell. Optionally
 * (`smooth` > 0) only the cells of every other row and column are sampled first, and a cell between them
 * takes the 4-point cubic interpolation (−c + 9a + 9b − d)/16 of its neighbours at ±1 and ±3 cells (along the
 * row, then along the column) when the profile is smooth there: when the cubic term |a + b − c − d|/16 (the
 * curvature correction over linear interpolation) is at most `smooth` × the coarse peak. The cubic's own
 * error is smaller than that term by about (cell / scale of the profile)², so in smooth wings, which are most
 * cells, a sample costs a few additions instead of a profile evaluation. Cells near a cusp, at the border of
 * the grid or of the support, and wherever the test fails are sampled. The returned peak is over sampled
 * cells (never interpolated ones), leaving out cells that hold a cusp.
 */
import type { SurfaceBrightness } from './sersic-profile.js';

/**
 * Where and how to sample (arcsec; cells are `h` wide, cell (i, j) centred at xStart + j·h, yStart + i·h).
 *
 * @example
 * ```ts
 * const grid: BaseGrid = { width: 78, height: 78, xStart: -10.1, yStart: -10.1, h: 0.263, i0: 0, i1: 77, j0: 0, j1: 77 };
 * ```
 */
export interface BaseGrid {
  readonly width: number;
  readonly height: number;
  readonly xStart: number;
  readonly yStart: number;
  readonly h: number;
  /** The block of rows i0…i1 and columns j0…j1 that may hold light. */
  readonly i0: number;
  readonly i1: number;
  readonly j0: number;
  readonly j1: number;
}

/**
 * Fills `values` (row-major, zero on entry) with the profile at cell centres inside the support circle and
 * returns the largest |value| outside cells holding a cusp, and whether any cell is non-zero.
 *
 * @example
 * ```ts
 * const values = new Float64Array(78 * 78);
 * const { peak } = sampleBaseGrid(sb, values, grid, undefined, [{ x: 0, y: 0 }], 1e-4);
 * ```
 */
export function sampleBaseGrid(
  sb: SurfaceBrightness,
  values: Float64Array,
  grid: BaseGrid,
  support: { readonly x: number; readonly y: number; readonly radius: number } | undefined,
  cusps: readonly { readonly x: number; readonly y: number }[],
  smooth = 0,
): { peak: number; anyLight: boolean } {
  const { width: W, height: H, xStart, yStart, h, i0, i1, j0, j1 } = grid;
  const sx = support ? support.x : 0, sy = support ? support.y : 0;
  const r2 = support ? support.radius * support.radius : Infinity;
  const half = 0.5 * h * (1 + 1e-9);
  const nc = cusps.length;
  const cuspX = new Float64Array(nc), cuspY = new Float64Array(nc);
  for (let c = 0; c < nc; c++) { cuspX[c] = cusps[c]!.x; cuspY[c] = cusps[c]!.y; }
  let peak = 0;
  let anyLight = false;
  const coarse = smooth > 0;
  // Pass 0: every cell (or, when interpolating, the even rows' even columns).
  const step0 = coarse ? 2 : 1;
  for (let i = coarse ? i0 + (i0 & 1) : i0; i <= i1; i += step0) {
    const y = yStart + i * h;
    for (let j = coarse ? j0 + (j0 & 1) : j0; j <= j1; j += step0) {
      const x = xStart + j * h;
      if ((x - sx) * (x - sx) + (y - sy) * (y - sy) > r2) continue;
      const v = sb(x, y);
      values[i * W + j] = v;
      if (v !== 0) anyLight = true;
      if (Math.abs(v) > peak) {
        // A cusp's own cell would set an absurd scale (a Sérsic n = 4 centre is 2000 × I_e): leave it out.
        let cusp = false;
        for (let c = 0; c < nc; c++) if (Math.abs(cuspX[c]! - x) <= half && Math.abs(cuspY[c]! - y) <= half) cusp = true;
        if (!cusp) peak = Math.abs(v);
      }
    }
  }
  if (!coarse) return { peak, anyLight };
  // The coarse peak (cells near a cusp, where the true peak is, are sampled below and raise it).
  const eps = smooth * peak;
  const near = 3.5 * h;
  // Pass 1: even rows, odd columns (along the row); pass 2: odd rows, every column (along the column).
  for (let pass = 1; pass <= 2; pass++) {
    const step = pass === 1 ? 1 : W;
    const parity = pass === 1 ? 0 : 1;
    for (let i = i0 + ((i0 & 1) === parity ? 0 : 1); i <= i1; i += 2) {
      const y = yStart + i * h;
      const jStep = pass === 1 ? 2 : 1;
      for (let j = pass === 1 ? j0 + ((j0 & 1) === 1 ? 0 : 1) : j0; j <= j1; j += jStep) {
        const x = xStart + j * h;
        if ((x - sx) * (x - sx) + (y - sy) * (y - sy) > r2) continue;
        const k = i * W + j;
        const pos = pass === 1 ? j : i;
        const size = pass === 1 ? W : H;
        let nearCusp = false;
        for (let c = 0; c < nc; c++) if (Math.abs(cuspX[c]! - x) <= near && Math.abs(cuspY[c]! - y) <= near) nearCusp = true;
        if (!nearCusp && pos >= 3 && pos + 3 < size) {
          const a = values[k - step]!, b = values[k + step]!, c = values[k - 3 * step]!, d = values[k + 3 * step]!;
          const curvature = a + b - c - d;
          if (Math.abs(curvature) <= 16 * eps && a !== 0 && b !== 0 && c !== 0 && d !== 0) {
            values[k] = (8 * (a + b) + curvature) / 16;
            continue;
          }
        }
        const v = sb(x, y);
        values[k] = v;
        if (v !== 0) anyLight = true;
        if (Math.abs(v) > peak) {
          let cusp = false;
          for (let c = 0; c < nc; c++) if (Math.abs(cuspX[c]! - x) <= half && Math.abs(cuspY[c]! - y) <= half) cusp = true;
          if (!cusp) peak = Math.abs(v);
        }
      }
    }
  }
  return { peak, anyLight };
}
