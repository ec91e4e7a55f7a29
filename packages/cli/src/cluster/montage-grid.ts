/**
 * The montage image of one cluster: a grid of thumbnails, the cutouts nearest the centre on top and, below a
 * red bar, the farthest ones (outliers). Pure: thumbnails in, one RGB raster out.
 */
import type { Raster } from '@kenobi/imaging';

/**
 * Where each tile goes.
 *
 * @example
 * ```ts
 * montageLayout(16, 8, { thumb: 64 }); // { width: 530, height: 282, columns: 8, ... }
 * ```
 */
export interface MontageLayout {
  readonly width: number;
  readonly height: number;
  readonly columns: number;
  /** Top-left corner of each nearest tile, then of each farthest tile. */
  readonly nearest: readonly (readonly [number, number])[];
  readonly farthest: readonly (readonly [number, number])[];
  /** The separator bar's top row and height (height 0 when there are no outliers). */
  readonly bar: readonly [number, number];
}

/** Gap between tiles and the height of the bar above the outliers, in pixels. */
export const MONTAGE_GAP = 2;
export const MONTAGE_BAR = 6;

/**
 * The layout of `nearest` + `farthest` tiles of `thumb` pixels, `columns` wide (default min(8, the larger
 * count)): width = columns·thumb + (columns+1)·gap; height = gap + rowsNear·(thumb+gap) + [bar + gap +
 * rowsFar·(thumb+gap)].
 *
 * @example
 * ```ts
 * montageLayout(4, 2, { thumb: 16 }).width; // 4·16 + 5·2 = 74
 * ```
 */
export function montageLayout(nearest: number, farthest: number, o: { thumb: number; columns?: number }): MontageLayout {
  const columns = Math.max(1, o.columns ?? Math.min(8, Math.max(nearest, farthest)));
  const cell = o.thumb + MONTAGE_GAP;
  const place = (n: number, top: number): [number, number][] => Array.from({ length: n }, (_, i) => [MONTAGE_GAP + (i % columns) * cell, top + Math.floor(i / columns) * cell]);
  const nearRows = Math.ceil(nearest / columns);
  const near = place(nearest, MONTAGE_GAP);
  let height = MONTAGE_GAP + nearRows * cell;
  let bar: [number, number] = [height, 0];
  let far: [number, number][] = [];
  if (farthest > 0) {
    bar = [height, MONTAGE_BAR];
    far = place(farthest, height + MONTAGE_BAR + MONTAGE_GAP);
    height += MONTAGE_BAR + MONTAGE_GAP + Math.ceil(farthest / columns) * cell;
  }
  return { width: MONTAGE_GAP + columns * cell, height, columns, nearest: near, farthest: far, bar };
}

/**
 * Tiles RGB thumbnails (each `thumb`×`thumb`, 3 channels; `undefined` leaves a grey tile for a cutout that
 * could not be read) into one raster on a dark background.
 *
 * @example
 * ```ts
 * const img = montageImage(nearThumbs, farThumbs, { thumb: 64 });
 * writeFileSync('montage-cluster-0.png', encodePng(img));
 * ```
 */
export function montageImage(
  nearest: readonly (Raster<Uint8Array> | undefined)[],
  farthest: readonly (Raster<Uint8Array> | undefined)[],
  o: { thumb: number; columns?: number },
): Raster<Uint8Array> {
  const layout = montageLayout(nearest.length, farthest.length, o);
  const { width, height } = layout;
  const data = new Uint8Array(width * height * 3).fill(24);
  const fill = (x0: number, y0: number, w: number, h: number, rgb: readonly [number, number, number]): void => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) data.set(rgb, (y * width + x) * 3);
  };
  const put = (t: Raster<Uint8Array> | undefined, [x0, y0]: readonly [number, number]): void => {
    if (!t || t.width !== o.thumb || t.height !== o.thumb || t.channels !== 3) { fill(x0, y0, o.thumb, o.thumb, [96, 96, 96]); return; }
    for (let y = 0; y < o.thumb; y++) data.set(t.data.subarray(y * o.thumb * 3, (y + 1) * o.thumb * 3), ((y0 + y) * width + x0) * 3);
  };
  nearest.forEach((t, i) => put(t, layout.nearest[i]!));
  if (layout.bar[1] > 0) fill(0, layout.bar[0], width, layout.bar[1], [200, 40, 40]);
  farthest.forEach((t, i) => put(t, layout.farthest[i]!));
  return { width, height, channels: 3, data };
}
