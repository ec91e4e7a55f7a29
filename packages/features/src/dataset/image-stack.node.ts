/**
 * Node-only. A FITS cube (`[N, H, W]`, one image per plane) or an `.npy` stack as a dataset.
 */
import { resolve } from 'node:path';
import { readFitsFile } from '@kenobi/fits/node';
import { FeaturesError } from '../features-error.js';
import type { Dataset, DatasetItem, StackLayout } from './dataset.js';
import { readNpyHeader } from './npy-header.node.js';

/** Options of {@link loadImageStack}. @example `{ layout: 'NHWC', labels: ['lens', 'lens', 'nonlens'] }` */
export interface ImageStackOptions {
  /** `.npy` layout; default guessed: 3-D → NHW, 4-D → NHWC when the last axis is ≤ 4, else NCHW. */
  readonly layout?: StackLayout;
  /** One label per image, in order. */
  readonly labels?: readonly string[];
  /** Ids, in order (default the plane index, zero-padded). */
  readonly ids?: readonly string[];
}

/**
 * Loads a FITS cube or an `.npy` stack. Items are `stack` sources; the pixels are read in the workers.
 *
 * @example
 * ```ts
 * const ds = await loadImageStack('lenses.npy'); // float32 [20, 100, 100, 3]
 * ds.items.length; // 20
 * ```
 */
export async function loadImageStack(path: string, options: ImageStackOptions = {}): Promise<Dataset> {
  const file = resolve(path);
  const npy = file.toLowerCase().endsWith('.npy');
  let n: number;
  let layout: StackLayout;
  if (npy) {
    const { shape, fortranOrder } = await readNpyHeader(file);
    if (fortranOrder) throw new FeaturesError('features/bad-dataset', `${file} is in Fortran order`, { hint: 'save it with np.ascontiguousarray' });
    if (shape.length !== 3 && shape.length !== 4) throw new FeaturesError('features/bad-dataset', `${file} has shape [${shape.join(', ')}]: a stack is [N, H, W] or [N, H, W, C] or [N, C, H, W]`);
    // NOTE: images of 0 pixels hold no data, so the header's N is not backed by the file's size; a stack
    // [10^9, 0, 0] made 10^9 items (seen while fuzzing the .npy readers).
    if (shape.slice(1).some((d) => d === 0)) throw new FeaturesError('features/bad-dataset', `${file} has shape [${shape.join(', ')}]: its images have no pixels`);
    n = shape[0]!;
    layout = options.layout ?? (shape.length === 3 ? 'NHW' : shape[3]! <= 4 ? 'NHWC' : 'NCHW');
  } else {
    const fits = await readFitsFile(file);
    const hdu = fits.imageHdus()[0];
    if (!hdu || hdu.shape.length !== 3) throw new FeaturesError('features/bad-dataset', `${file} holds no 3-D image (a cube [N, H, W])`);
    n = hdu.shape[0]!;
    layout = 'NHW';
  }
  if (options.labels && options.labels.length !== n) throw new FeaturesError('features/bad-option', `${n} images but ${options.labels.length} labels`);
  if (options.ids && options.ids.length !== n) throw new FeaturesError('features/bad-option', `${n} images but ${options.ids.length} ids`);
  const width = String(Math.max(1, n - 1)).length;
  const items: DatasetItem[] = Array.from({ length: n }, (_, i) => ({
    row: i + 1,
    id: options.ids?.[i] ?? String(i).padStart(width, '0'),
    source: { kind: 'stack', path: file, index: i, layout },
    ...(options.labels ? { label: options.labels[i]! } : {}),
  }));
  const classNames = options.labels ? [...new Set(options.labels)].sort() : [];
  return { kind: npy ? 'npy-stack' : 'fits-cube', source: file, items, classNames, targetNames: [], bandNames: [] };
}
