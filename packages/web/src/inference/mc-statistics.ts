/**
 * Mean and spread of MC-dropout samples, per class. Pure TypeScript.
 */

/** Per-class mean and standard deviation over samples. */
export interface SampleStatistics {
  readonly mean: readonly number[];
  /** Population standard deviation (numpy `std`, ddof 0); zeros for one sample. */
  readonly std: readonly number[];
  readonly samples: number;
}

/**
 * Mean and standard deviation of each column of `samples` (one row per forward pass).
 *
 * @example
 * ```ts
 * sampleStatistics([[0.2, 0.8], [0.4, 0.6]]); // { mean: [0.3, 0.7], std: [0.1, 0.1], samples: 2 }
 * ```
 */
export function sampleStatistics(samples: readonly (readonly number[] | ArrayLike<number>)[]): SampleStatistics {
  const n = samples.length;
  const k = n === 0 ? 0 : samples[0]!.length;
  const mean = new Array<number>(k).fill(0);
  const std = new Array<number>(k).fill(0);
  for (const s of samples) for (let j = 0; j < k; j++) mean[j]! += s[j]! / n;
  if (n > 1) {
    for (const s of samples) for (let j = 0; j < k; j++) std[j]! += (s[j]! - mean[j]!) ** 2 / n;
    for (let j = 0; j < k; j++) std[j] = Math.sqrt(std[j]!);
  }
  return { mean, std, samples: n };
}
