/**
 * Node-only. A k-means montage of the features: one row of cutouts per cluster, nearest to its centroid
 * first, as one PNG. g, r, i band images are shown as Lupton RGB (astropy's make_lupton_rgb).
 */
import { writeFileSync } from 'node:fs';
import { KMeans } from '@kenobi/cluster';
import type { Dataset } from '@kenobi/features';
import { isLuptonStretch, luptonComposite, parseLuptonStretch } from '@kenobi/features';
import { ItemReader } from '@kenobi/features/node';
import { createRaster, encodePng, extractChannel, makeLuptonRgb, resize, toUint8, type Raster } from '@kenobi/imaging';

/** Options of {@link writeClusterMontage}. */
export interface MontageOptions {
  readonly k?: number;
  readonly perCluster?: number;
  /** Tile side in pixels (default 64). */
  readonly tile?: number;
  readonly seed?: number;
  /** The Lupton stretch the backbone saw (`lupton:stretch=…`): tiles show that very composite. Default: each
   * cutout scaled by its own r-band 99.5th percentile. */
  readonly lupton?: string;
}

/**
 * Clusters `x` with k-means and writes the montage PNG to `path`; returns the cluster sizes and, per
 * cluster, the fraction of positive labels.
 *
 * @example
 * ```ts
 * await writeClusterMontage('demo-output/kmeans-montage.png', X, 1024, dataset, y, { k: 6 });
 * ```
 */
export async function writeClusterMontage(path: string, x: Float32Array, dim: number, dataset: Dataset, y: Int32Array, options: MontageOptions = {}): Promise<{ k: number; sizes: number[]; positiveFraction: number[] }> {
  const k = options.k ?? 6, per = options.perCluster ?? 8, tile = options.tile ?? 64;
  const rows = y.length;
  const km = await new KMeans({ k, seed: options.seed ?? 0, nInit: 3 }).fit({ rows, cols: dim, data: x });
  const labels = km.labels;
  const centers = km.centers;
  const canvas = new Uint8Array(k * tile * per * tile * 3);
  const reader = new ItemReader();
  const sizes: number[] = [], positiveFraction: number[] = [];
  for (let c = 0; c < k; c++) {
    const members: { i: number; d: number }[] = [];
    for (let i = 0; i < rows; i++) {
      if (labels[i] !== c) continue;
      let d = 0;
      for (let j = 0; j < dim; j++) d += (x[i * dim + j]! - centers[c * dim + j]!) ** 2;
      members.push({ i, d });
    }
    members.sort((a, b) => a.d - b.d);
    sizes.push(members.length);
    positiveFraction.push(members.length ? members.filter((m) => y[m.i] === 1).length / members.length : 0);
    for (let t = 0; t < Math.min(per, members.length); t++) {
      const rgb = resize(await renderItem(reader, dataset, members[t]!.i, options.lupton), tile, tile);
      for (let py = 0; py < tile; py++) for (let px = 0; px < tile; px++) for (let ch = 0; ch < 3; ch++) {
        canvas[((c * tile + py) * per * tile + t * tile + px) * 3 + ch] = rgb.data[(py * tile + px) * 3 + ch]!;
      }
    }
  }
  writeFileSync(path, encodePng(createRaster(per * tile, k * tile, 3, canvas)));
  return { k, sizes, positiveFraction };
}

async function renderItem(reader: ItemReader, dataset: Dataset, index: number, lupton: string | undefined): Promise<Raster<Uint8Array>> {
  const img = await reader.read(dataset.items[index]!);
  if (Array.isArray(img)) {
    const bands = img as Raster[];
    if (bands.length >= 3) {
      const names = dataset.bandNames.map((b) => b.replace(/^path_/, ''));
      const at = (b: string, fallback: number): Raster => bands[names.indexOf(b) >= 0 ? names.indexOf(b) : fallback]!;
      if (isLuptonStretch(lupton)) return luptonComposite([at('i', 2), at('r', 1), at('g', 0)], parseLuptonStretch(lupton));
      const [ri, rr, rg] = normaliseBands([at('i', 2), at('r', 1), at('g', 0)]);
      return makeLuptonRgb(ri!, rr!, rg!, { stretch: 0.5, Q: 8 });
    }
    const one = toUint8(bands[0]!);
    return createRaster(one.width, one.height, 3, Uint8Array.from({ length: one.width * one.height * 3 }, (_, i) => one.data[Math.floor(i / 3)]!));
  }
  const r = img as Raster;
  const u8 = r.data instanceof Uint8Array ? (r as Raster<Uint8Array>) : toUint8(r);
  if (u8.channels === 3) return u8;
  const g = u8.channels === 1 ? u8 : extractChannel(u8, 0);
  return createRaster(g.width, g.height, 3, Uint8Array.from({ length: g.width * g.height * 3 }, (_, i) => g.data[Math.floor(i / 3)]!));
}

/** Subtracts each band's median (sky) and divides all by the r band's 99.5th percentile, so Lupton's stretch sees signal near 1. */
function normaliseBands(bands: Raster[]): Raster[] {
  const quantile = (d: ArrayLike<number>, q: number): number => {
    const s = Float64Array.from(d).filter((v) => Number.isFinite(v)).sort();
    return s.length ? s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))]! : 0;
  };
  const skies = bands.map((b) => quantile(b.data, 0.5));
  const r = bands[1]!;
  const scale = Math.max(1e-12, quantile(Float64Array.from(r.data, (v) => v - skies[1]!), 0.995));
  return bands.map((b, k) => ({ ...b, data: Float32Array.from(b.data, (v) => (v - skies[k]!) / scale) }));
}
