/**
 * One cutout as an RGB thumbnail for a montage: 8-bit images as they are, three bands (g, r, i or any three)
 * as a Lupton asinh composite, other float images with a 99.5 % percentile interval and an asinh stretch;
 * then fitted into a `size`×`size` square (aspect kept, padded black).
 */
import { compositeBands, makeLuptonRgb, orderBands, padTo, percentileOfSorted, resize, toUint8, type Raster } from '@kenobi/imaging';

/**
 * The thumbnail of a decoded item (`ItemReader.read`'s result).
 *
 * @example
 * ```ts
 * const t = cutoutThumbnail(await reader.read(item), ['g', 'r', 'i'], 64); // Raster<Uint8Array> 64×64×3
 * ```
 */
export function cutoutThumbnail(image: Raster | readonly Raster[], bandNames: readonly string[], size: number): Raster<Uint8Array> {
  return fit(toRgb8(image, bandNames), size);
}

function toRgb8(image: Raster | readonly Raster[], bandNames: readonly string[]): Raster<Uint8Array> {
  if (Array.isArray(image)) {
    const bands = image as readonly Raster[];
    if (bands.length === 3) {
      const named = bandNames.length === 3 && ['g', 'r', 'i'].every((b) => bandNames.includes(b))
        ? orderBands(Object.fromEntries(bandNames.map((b, i) => [b, bands[i]!])), ['i', 'r', 'g'])
        : [bands[0]!, bands[1]!, bands[2]!];
      return makeLuptonRgb(named[0]!, named[1]!, named[2]!, { stretch: luptonStretch(named), Q: 8 });
    }
    return gray(toUint8(compositeBands([bands[0]!])));
  }
  const r = image as Raster;
  const rgb = r.data instanceof Uint8Array ? (r as Raster<Uint8Array>) : toUint8(compositeBands(Array.from({ length: r.channels }, (_, c) => channel(r, c)).slice(0, 3)));
  if (rgb.channels === 3) return rgb;
  if (rgb.channels === 1) return gray(rgb);
  const out = new Uint8Array(rgb.width * rgb.height * 3);
  for (let p = 0; p < rgb.width * rgb.height; p++) for (let c = 0; c < 3; c++) out[p * 3 + c] = rgb.data[p * rgb.channels + Math.min(c, rgb.channels - 1)]!;
  return { width: rgb.width, height: rgb.height, channels: 3, data: out };
}

/** A stretch for `makeLuptonRgb` from the data: the 99.5th percentile of the mean intensity. */
function luptonStretch(bands: readonly Raster[]): number {
  const n = bands[0]!.width * bands[0]!.height;
  const mean: number[] = [];
  for (let p = 0; p < n; p++) {
    const v = (Number(bands[0]!.data[p]) + Number(bands[1]!.data[p]) + Number(bands[2]!.data[p])) / 3;
    if (Number.isFinite(v)) mean.push(v);
  }
  mean.sort((a, b) => a - b);
  const s = mean.length ? percentileOfSorted(mean, 99.5) : 1;
  return s > 0 ? s : 1;
}

function channel(r: Raster, c: number): Raster<Float32Array> {
  const n = r.width * r.height;
  const out = new Float32Array(n);
  for (let p = 0; p < n; p++) out[p] = Number(r.data[p * r.channels + c]);
  return { width: r.width, height: r.height, channels: 1, data: out };
}

function gray(r: Raster<Uint8Array>): Raster<Uint8Array> {
  if (r.channels === 3) return r;
  const out = new Uint8Array(r.width * r.height * 3);
  for (let p = 0; p < r.width * r.height; p++) out.fill(r.data[p * r.channels]!, p * 3, p * 3 + 3);
  return { width: r.width, height: r.height, channels: 3, data: out };
}

function fit(r: Raster<Uint8Array>, size: number): Raster<Uint8Array> {
  const scale = size / Math.max(r.width, r.height);
  const w = Math.max(1, Math.round(r.width * scale)), h = Math.max(1, Math.round(r.height * scale));
  const small = w === r.width && h === r.height ? r : resize(r, w, h);
  return small.width === size && small.height === size ? small : padTo(small, size, size, 0);
}
