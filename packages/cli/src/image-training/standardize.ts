/**
 * Keras's `featurewise_center` + `featurewise_std_normalization` for `kenobi train --arch`: per-channel mean
 * and standard deviation of the prepared inputs, measured on a sample of the images, written into the
 * preprocessing config's `mean` and `std` (so evaluation, export and predict apply them too). Without it,
 * Lupton or stretched [0, 1] inputs of mostly dark sky kill the seeds' CNN's ReLUs within an epoch (Adam
 * moves every bias by ~lr per step while the activations are ~1e-2): measured, the loss stays at ln 2.
 */
import { FeaturesError, formatFailure, itemFailure, prepareImage, type Dataset, type ImagePreprocessing } from '@kenobi/features';
import { ItemReader } from '@kenobi/features/node';

/**
 * The preprocessing with `mean`/`std` set from up to `sample` items spread evenly over `dataset` (pixel
 * statistics only: no labels are read). Population std, floored at 1e-3. An item that cannot be read is
 * `features/unreadable-item` naming its row. Without `center`, the mean stays 0
 * and `std` is the root mean square (inputs scaled to unit RMS, zero stays zero).
 *
 * @example
 * ```ts
 * const p = await standardized(dataset, preprocessing); // p.config.mean ≈ [0.04, 0.05, 0.06]
 * ```
 */
export async function standardized(dataset: Dataset, preprocessing: ImagePreprocessing, sample = 256, center = true): Promise<ImagePreprocessing> {
  const c = preprocessing.config.channels ?? preprocessing.config.mean.length;
  const zero: ImagePreprocessing = { ...preprocessing, config: { ...preprocessing.config, mean: Array(c).fill(0), std: Array(c).fill(1) } };
  const reader = new ItemReader();
  const step = Math.max(1, Math.floor(dataset.items.length / sample));
  const sum = new Float64Array(c), sq = new Float64Array(c);
  let count = 0;
  for (let i = 0; i < dataset.items.length && count < sample; i += step, count++) {
    const item = dataset.items[i]!;
    let x: Float32Array;
    try {
      x = prepareImage(await reader.read(item), dataset.bandNames, zero);
    } catch (e) {
      // NOTE: the same typed error, naming the row, as a bad image met later in training (decoded-inputs)
      const f = itemFailure(item, e);
      throw new FeaturesError('features/unreadable-item', `cannot measure the featurewise mean and std on ${formatFailure(f)}`, {
        hint: 'fix or remove that row (training needs every image of the set), or give --skip-unreadable: each image is read once first and those that cannot be are left out and listed', details: { row: f.row, id: f.id, path: f.path, code: f.code }, cause: e,
      });
    }
    const plane = x.length / c;
    for (let ch = 0; ch < c; ch++) {
      for (let p = 0; p < plane; p++) {
        const v = x[ch * plane + p]!;
        sum[ch] += v;
        sq[ch] += v * v;
      }
    }
  }
  const n = count * (preprocessing.config.inputSize[0] * preprocessing.config.inputSize[1]);
  const mean = Array.from(sum, (s) => s / n);
  const std = Array.from(sq, (s, ch) => Math.max(1e-3, Math.sqrt(Math.max(0, s / n - mean[ch]! ** 2))));
  // NOTE: `center` false keeps mean 0 (Keras's featurewise_std_normalization alone): empty sky stays exactly 0.
  return { ...preprocessing, config: { ...preprocessing.config, mean: center ? mean : mean.map(() => 0), std: center ? std : std.map((s, ch) => Math.sqrt(s * s + mean[ch]! ** 2)) } };
}
