/**
 * Node-only. Reads one dataset item's pixels from disk: PNG/JPEG through @kenobi/imaging, FITS through
 * @kenobi/fits (physical values, BLANK → NaN), `.npy` through @kenobi/core. Runs inside the workers.
 */
import { readFile } from 'node:fs/promises';
import { readNpy, type NpyArray } from '@kenobi/core';
import { readFitsFile, toContiguous, type FitsFile } from '@kenobi/fits/node';
import { decodeImage, type Raster } from '@kenobi/imaging';
import type { DatasetItem, StackLayout } from '../dataset/dataset.js';
import { imageFileKind } from '../dataset/image-extensions.js';
import { FeaturesError } from '../features-error.js';

/** An open stack (FITS cube or `.npy`) kept between items of the same file. */
type OpenStack = { kind: 'npy'; array: NpyArray } | { kind: 'fits'; file: FitsFile };

/**
 * Decodes items; keeps the last stack file open so a stack is read once per worker, not once per image.
 *
 * @example
 * ```ts
 * const reader = new ItemReader();
 * const img = await reader.read(ds.items[0]); // a Raster, or one Raster per band
 * ```
 */
export class ItemReader {
  #stackPath: string | undefined;
  #stack: OpenStack | undefined;

  /** Reads one item: a Raster (PNG/JPEG/one FITS/.npy image) or one float Raster per band. */
  async read(item: DatasetItem): Promise<Raster | Raster[]> {
    const s = item.source;
    if (s.kind === 'bands') return Promise.all(s.paths.map(async (p) => asSingleBand(await readImageFile(p), p)));
    if (s.kind === 'file') return readImageFile(s.path);
    return this.#plane(s.path, s.index, s.layout);
  }

  async #plane(path: string, index: number, layout: StackLayout): Promise<Raster | Raster[]> {
    if (this.#stackPath !== path) {
      this.#stack = undefined;
      this.#stack = path.toLowerCase().endsWith('.npy')
        ? { kind: 'npy', array: readNpy(new Uint8Array(await readFile(path))) }
        : { kind: 'fits', file: await readFitsFile(path) };
      this.#stackPath = path;
    }
    const st = this.#stack!;
    if (st.kind === 'fits') {
      const img = st.file.readImage(st.file.imageHdus()[0]!.index, { plane: index });
      return floatRaster(asFloat(toContiguous(img.data)), img.data.shape);
    }
    const { shape, data } = st.array;
    const per = shape.slice(1).reduce((a, b) => a * b, 1);
    const slice = asFloat32(data.subarray(index * per, (index + 1) * per));
    if (layout === 'NHW') return floatRaster(slice, shape.slice(1));
    if (layout === 'NHWC') return { height: shape[1]!, width: shape[2]!, channels: shape[3]!, data: slice };
    return chwPlanes(slice, shape[1]!, shape[2]!, shape[3]!);
  }
}

/**
 * Reads one image file by extension: PNG/JPEG → integer Raster; FITS → float Raster (a 3-D HDU → one Raster
 * per plane); `.npy` [H, W], [H, W, C] (C ≤ 4) or [C, H, W].
 *
 * @example
 * ```ts
 * await readImageFile('g.fits'); // { width: 101, height: 101, channels: 1, data: Float32Array }
 * ```
 */
export async function readImageFile(path: string): Promise<Raster | Raster[]> {
  const kind = imageFileKind(path);
  if (kind === 'fits') {
    const fits = await readFitsFile(path);
    const img = fits.readImage();
    const shape = img.data.shape;
    const values = asFloat(toContiguous(img.data));
    if (shape.length === 3) return chwPlanes(asFloat32(values), shape[0]!, shape[1]!, shape[2]!);
    return floatRaster(values, shape);
  }
  const bytes = new Uint8Array(await readFile(path));
  if (kind === 'npy') {
    const { shape, data } = readNpy(bytes);
    const values = asFloat32(data);
    if (shape.length === 2) return floatRaster(values, shape);
    if (shape.length === 3 && shape[2]! <= 4) return { height: shape[0]!, width: shape[1]!, channels: shape[2]!, data: values };
    if (shape.length === 3) return chwPlanes(values, shape[0]!, shape[1]!, shape[2]!);
    throw new FeaturesError('features/unreadable-item', `${path}: an .npy image must be [H, W], [H, W, C] or [C, H, W], got [${shape.join(', ')}]`);
  }
  return decodeImage(bytes);
}

function floatRaster(data: Float32Array | Float64Array, shape: readonly number[]): Raster {
  if (shape.length !== 2) throw new FeaturesError('features/unreadable-item', `expected a 2-D image, got shape [${shape.join(', ')}]`);
  return { height: shape[0]!, width: shape[1]!, channels: 1, data };
}

type AnyTypedArray = ArrayLike<number> | BigInt64Array | BigUint64Array;

/** Float32/Float64 arrays as they are; integers (64-bit too) converted to float64. */
function asFloat(values: AnyTypedArray): Float32Array | Float64Array {
  if (values instanceof Float32Array || values instanceof Float64Array) return values;
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) return Float64Array.from(values, Number);
  return Float64Array.from(values as ArrayLike<number>);
}

function asFloat32(values: AnyTypedArray): Float32Array {
  if (values instanceof Float32Array) return values;
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) return Float32Array.from(values, Number);
  return Float32Array.from(values as ArrayLike<number>);
}

function chwPlanes(values: Float32Array, c: number, h: number, w: number): Raster[] {
  return Array.from({ length: c }, (_, k) => ({ height: h, width: w, channels: 1, data: values.subarray(k * h * w, (k + 1) * h * w) }));
}

function asSingleBand(img: Raster | Raster[], path: string): Raster {
  const r = Array.isArray(img) ? (img.length === 1 ? img[0]! : undefined) : img;
  if (!r || r.channels !== 1) throw new FeaturesError('features/unreadable-item', `${path}: a band file must hold one 2-D image`);
  return r.data instanceof Float32Array || r.data instanceof Float64Array ? r : { ...r, data: Float32Array.from(r.data) };
}
