/**
 * 8-bit pixel input: for a photo (PNG/JPEG) run whose preprocessing is only resize, crop, scale, mean/std and
 * channel order, the decode workers send the fitted 8-bit RGB pixels ([H, W, 3], a quarter of the float32
 * bytes) and the model's graph does the scaling (`pixelInputModel` in `@kenobi/onnx`). Writing the float32
 * input beside ONNX Runtime is what slowed inference most on a 2-core machine (docs/benchmarks/extract.md);
 * the pixels are the same Pillow-exact ones and the graph's float32 steps are those of `toModelInput`, so
 * the model input is the same. Pure TypeScript.
 */
import { fitToSize, matchChannels, normaliseFitted, type Raster } from '@kenobi/imaging';
import type { ImagePreprocessing } from './image-preprocessing.js';
import type { ItemFailure } from './item-failure.js';

/**
 * Whether a run can take 8-bit pixels: 3 channels, NCHW, no interval, stretch, band order or TTA variants.
 * Items that are not 8-bit images (FITS, 16-bit PNGs) still come as float32 inputs.
 *
 * @example
 * ```ts
 * pixelInputPossible({ config: densenetConfig, tta: 'none' }); // true
 * pixelInputPossible({ config: densenetConfig, stretch: 'asinh', tta: 'none' }); // false
 * ```
 */
export function pixelInputPossible(p: ImagePreprocessing): boolean {
  const c = p.config;
  return p.tta === 'none' && p.interval === undefined && p.stretch === undefined && p.bandOrder === undefined
    && (c.channels ?? c.mean.length) === 3 && c.layout === 'NCHW' && (c.scale === '0-1' || c.scale === '0-255')
    && (c.channelOrder === 'RGB' || c.channelOrder === 'BGR');
}

/**
 * One decoded image as fitted 8-bit RGB pixels ([H, W, 3]), or `undefined` when it is not an 8-bit image (its
 * input is then made as float32 by `prepareImage`).
 *
 * @example
 * ```ts
 * preparePixels(await reader.read(item), p); // Uint8Array(224 * 224 * 3)
 * ```
 */
export function preparePixels(image: Raster | readonly Raster[], p: ImagePreprocessing): Uint8Array | undefined {
  if (Array.isArray(image)) return undefined;
  const raster = image as Raster;
  if (!(raster.data instanceof Uint8Array || raster.data instanceof Uint8ClampedArray)) return undefined;
  const fitted = fitToSize(matchChannels(raster, 3, p.config), p.config);
  const d = fitted.data;
  if (fitted.channels !== 3 || !(d instanceof Uint8Array || d instanceof Uint8ClampedArray)) return undefined;
  return d instanceof Uint8Array && d.byteOffset === 0 && d.byteLength === d.buffer.byteLength ? d : new Uint8Array(d);
}

/**
 * The inputs of one batch's items joined in item order: 8-bit pixels [ok, H, W, 3] when every readable item
 * gave pixels, else float32 NCHW (pixel items normalised here, the same float32s as `toModelInput`).
 *
 * @example
 * ```ts
 * const { data, ok, failures } = joinItemInputs(results, p); // data: Uint8Array for a batch of JPEGs
 * ```
 */
export function joinItemInputs(results: readonly (Float32Array | Uint8Array | ItemFailure)[], p: ImagePreprocessing): { data: Float32Array | Uint8Array; ok: number[]; failures: ItemFailure[] } {
  const ok: number[] = [];
  const failures: ItemFailure[] = [];
  results.forEach((r, i) => (r instanceof Float32Array || r instanceof Uint8Array ? ok.push(i) : failures.push(r)));
  const inputs = ok.map((i) => results[i] as Float32Array | Uint8Array);
  if (inputs.length > 0 && inputs.every((x) => x instanceof Uint8Array)) {
    const per = inputs[0]!.length;
    const data = new Uint8Array(inputs.length * per);
    inputs.forEach((x, k) => data.set(x, k * per));
    return { data, ok, failures };
  }
  const [h, w] = p.config.inputSize;
  const per = inputs.find((x) => x instanceof Float32Array)?.length ?? 0;
  const data = new Float32Array(inputs.length * per);
  inputs.forEach((x, k) => {
    if (x instanceof Float32Array) data.set(x, k * per);
    else normaliseFitted({ width: w, height: h, channels: 3, data: x }, p.config, data.subarray(k * per, (k + 1) * per));
  });
  return { data, ok, failures };
}
