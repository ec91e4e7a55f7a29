/**
 * Where pixels are on the sky. Pixel (row i, column j) has its centre at x = (j − (W−1)/2)·s,
 * y = (i − (H−1)/2)·s arcsec (s = pixel scale): (0, 0) is the geometric centre of the cutout, x grows with
 * the column and y with the row (FITS's order: row 0 is the bottom row when displayed with origin='lower').
 */
import { requireInRange } from './sim-error.js';

/**
 * A pixel grid on the sky.
 *
 * @example
 * ```ts
 * const grid: PixelGrid = pixelGrid(64, 64, 0.263);
 * ```
 */
export interface PixelGrid {
  readonly width: number;
  readonly height: number;
  /** Arcsec per pixel. */
  readonly pixelScale: number;
}

/**
 * Checks a grid (1 to 8192 pixels a side, pixel scale 1e-4 to 100 arcsec) and returns it.
 *
 * @example
 * ```ts
 * const grid = pixelGrid(64, 64, 0.263); // a DES-like 16.8" cutout
 * ```
 */
export function pixelGrid(width: number, height: number, pixelScale: number): PixelGrid {
  requireInRange('width (pixels)', width, 1, 8192);
  requireInRange('height (pixels)', height, 1, 8192);
  requireInRange('pixel scale (arcsec/pixel)', pixelScale, 1e-4, 100);
  if (!Number.isInteger(width) || !Number.isInteger(height)) requireInRange('width and height must be integers', NaN, 0, 0);
  return Object.freeze({ width, height, pixelScale });
}

/**
 * The grid grown by `margin` pixels on every side (same centre).
 *
 * @example
 * ```ts
 * padGrid(pixelGrid(64, 64, 0.263), 8); // 80×80, same pixel scale
 * ```
 */
export function padGrid(grid: PixelGrid, margin: number): PixelGrid {
  return Object.freeze({ width: grid.width + 2 * margin, height: grid.height + 2 * margin, pixelScale: grid.pixelScale });
}
