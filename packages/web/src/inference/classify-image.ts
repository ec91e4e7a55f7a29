/**
 * Runs an exported model on one prepared input: once, or `samples` times when the model has MC-dropout
 * (its Dropout nodes stay random at inference on ORT's CPU/WASM providers).
 */
import type { KenobiSession } from '@kenobi/runtime';
import type { ModelInfo } from '../model/model-info.js';
import { sampleStatistics, type SampleStatistics } from './mc-statistics.js';

/** Options of {@link classifyImage}. */
export interface ClassifyOptions {
  /** Forward passes for MC-dropout (default 30; 1 when the model has no training-mode Dropout). */
  readonly samples?: number;
}

/**
 * Class probabilities (mean ± std over MC-dropout samples) for one `[1, C, H, W]` input.
 *
 * @example
 * ```ts
 * const r = await classifyImage(session, info, prepareModelInput(decoded, info.preparation), { samples: 30 });
 * r.mean; // [0.12, 0.88]; r.std: [0.03, 0.03]; r.samples: 30 (1 without MC-dropout)
 * ```
 */
export async function classifyImage(
  session: KenobiSession,
  info: ModelInfo,
  input: { readonly data: Float32Array; readonly dims: readonly number[] },
  options: ClassifyOptions = {},
): Promise<SampleStatistics> {
  const n = info.mcDropoutNodes.length > 0 ? Math.max(1, Math.floor(options.samples ?? 30)) : 1;
  const rows: Float32Array[] = [];
  for (let s = 0; s < n; s++) {
    const out = await session.run({ [info.inputName]: { data: input.data, dims: input.dims } }, [info.probabilityOutput]);
    rows.push(Float32Array.from(out[info.probabilityOutput]!.data as Float32Array));
  }
  return sampleStatistics(rows);
}
