/**
 * Runs an exported model on one prepared input: once, or `samples` times when the model has MC-dropout
 * (its random masks stay random at inference on ORT's CPU/WASM providers). Given the model split at its
 * `features` tensor ({@link SplitSessions}), the backbone runs once and only the head runs per sample.
 */
import type { ArrayTensor, KenobiSession } from '@kenobi/runtime';
import type { ModelInfo } from '../model/model-info.js';
import { sampleStatistics, type SampleStatistics } from './mc-statistics.js';

/** Options of {@link classifyImage}. */
export interface ClassifyOptions {
  /** Forward passes for MC-dropout (default 30; 1 when the model has no training-mode Dropout). */
  readonly samples?: number;
}

/**
 * An exported model as two sessions (made from `splitAtTensor(model, info.splitTensor)` of `@kenobi/onnx`):
 * `front` maps the image to `tensor`, `back` maps `tensor` to the probabilities and holds the random nodes.
 *
 * @example
 * ```ts
 * const { front, back } = splitAtTensor(proto, info.splitTensor!);
 * const split: SplitSessions = { front: await createSession(encodeModel(front)), back: await createSession(encodeModel(back)), tensor: info.splitTensor! };
 * ```
 */
export interface SplitSessions {
  readonly front: KenobiSession;
  readonly back: KenobiSession;
  readonly tensor: string;
}

/**
 * Class probabilities (mean ± std over MC-dropout samples) for one `[1, C, H, W]` input, from the whole
 * model (one run per sample) or from its two parts (the front once, the back once per sample).
 *
 * @example
 * ```ts
 * const r = await classifyImage(session, info, prepareModelInput(decoded, info.preparation), { samples: 30 });
 * r.mean; // [0.12, 0.88]; r.std: [0.03, 0.03]; r.samples: 30 (1 without MC-dropout)
 * const fast = await classifyImage({ front, back, tensor: 'features' }, info, input, { samples: 30 }); // backbone once
 * ```
 */
export async function classifyImage(
  model: KenobiSession | SplitSessions,
  info: ModelInfo,
  input: { readonly data: Float32Array; readonly dims: readonly number[] },
  options: ClassifyOptions = {},
): Promise<SampleStatistics> {
  const n = info.mcDropoutNodes.length > 0 ? Math.max(1, Math.floor(options.samples ?? 30)) : 1;
  const output = info.probabilityOutput;
  const pixels = { [info.inputName]: { data: input.data, dims: input.dims } };
  let run: () => Promise<Record<string, ArrayTensor>>;
  if ('front' in model) {
    const features = (await model.front.run(pixels, [model.tensor]))[model.tensor]!;
    run = () => model.back.run({ [model.tensor]: features }, [output]);
  } else {
    run = () => model.run(pixels, [output]);
  }
  const rows: Float32Array[] = [];
  for (let s = 0; s < n; s++) rows.push(Float32Array.from((await run())[output]!.data as Float32Array));
  return sampleStatistics(rows);
}
