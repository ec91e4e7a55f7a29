/**
 * Node-only. Writes `montage-cluster-<c>.png` for every cluster: the cutouts nearest its centre and the
 * farthest (outliers), read from the store's dataset.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterMontage } from '@kenobi/cluster';
import { ItemReader } from '@kenobi/features/node';
import { encodePng, type Raster } from '@kenobi/imaging';
import type { CutoutItems } from './cutout-items.js';
import { cutoutThumbnail } from './cutout-thumbnail.js';
import { montageImage } from './montage-grid.js';

/**
 * What was written: the files, the rows shown per cluster (ids), and cutouts that could not be read.
 *
 * @example
 * ```ts
 * const m: MontageOutput = { files: ['out/montage-cluster-0.png'], clusters: [{ cluster: 0, size: 40, nearest: ['a'], farthest: ['z'] }], unreadable: [] };
 * ```
 */
export interface MontageOutput {
  readonly files: readonly string[];
  readonly clusters: readonly { cluster: number; size: number; nearest: readonly string[]; farthest: readonly string[] }[];
  readonly unreadable: readonly string[];
}

/**
 * Decodes the selected cutouts and writes one PNG per cluster into `outDir`.
 *
 * @example
 * ```ts
 * await writeMontages(montageSelection(x, labels, centers, { nearest: 16, farthest: 8 }), ids, found, 'out', { thumb: 64 });
 * ```
 */
export async function writeMontages(
  selection: readonly ClusterMontage[],
  ids: readonly string[],
  found: Extract<CutoutItems, { items: unknown }>,
  outDir: string,
  o: { thumb: number },
): Promise<MontageOutput> {
  const reader = new ItemReader();
  const unreadable: string[] = [];
  const thumbs = async (rows: readonly number[]): Promise<(Raster<Uint8Array> | undefined)[]> => {
    const out: (Raster<Uint8Array> | undefined)[] = [];
    for (const r of rows) {
      const item = found.items.get(ids[r]!);
      try {
        out.push(item ? cutoutThumbnail(await reader.read(item), found.bandNames, o.thumb) : undefined);
      } catch {
        out.push(undefined);
      }
      if (out[out.length - 1] === undefined) unreadable.push(ids[r]!);
    }
    return out;
  };
  const files: string[] = [];
  for (const m of selection) {
    if (m.size === 0) continue;
    const file = join(outDir, `montage-cluster-${m.cluster}.png`);
    writeFileSync(file, encodePng(montageImage(await thumbs(m.nearest), await thumbs(m.farthest), { thumb: o.thumb })));
    files.push(file);
  }
  return {
    files,
    clusters: selection.map((m) => ({ cluster: m.cluster, size: m.size, nearest: m.nearest.map((r) => ids[r]!), farthest: m.farthest.map((r) => ids[r]!) })),
    unreadable,
  };
}
