/**
 * The sessions `kenobi predict` runs: the whole exported model, or (MC-dropout with several samples) the
 * model split at its `features` tensor, so the backbone runs once per batch and only the random head runs
 * once per sample.
 */
import type { ExportInfo } from '@kenobi/learn';
import { encodeModel, splitAtTensor, type ModelProto } from '@kenobi/onnx';
import { createSession, type ArrayTensor, type Device, type KenobiSession, type PassThroughSessionOptions } from '@kenobi/runtime';

/** How many times each part ran: the whole model, the backbone part (front) and the head part (back). */
export interface PredictPasses {
  whole: number;
  backbone: number;
  head: number;
}

/** Sessions for one model, and a run of `samples` passes over one batch. */
export interface PredictSessions {
  /** True when the model runs as backbone + head (see {@link openPredictSessions}). */
  readonly split: boolean;
  /** The session that runs the backbone (the whole model when not split). */
  readonly main: KenobiSession;
  readonly passes: Readonly<PredictPasses>;
  /** Declared batch size of the image input when it is fixed. */
  readonly fixedBatch: number | undefined;
  /** Calls `onSample` with the main output of each of `samples` passes over `input`. */
  sample(input: ArrayTensor, samples: number, onSample: (out: ArrayTensor, s: number) => void): Promise<void>;
  report(): string;
  dispose(): Promise<void>;
}

/**
 * Opens the sessions for an exported model. With `split` the model is cut at `info.outputs.features`
 * (`splitAtTensor`): the front (pixels → features) runs once per call of `sample`, the back (features →
 * probabilities, holding the MC-dropout masks) once per sample. Both parts run on `device`.
 *
 * @example
 * ```ts
 * const s = await openPredictSessions(model, info, { device: 'cpu', split: true });
 * await s.sample({ data: pixels, dims: [16, 3, 224, 224] }, 30, (out) => accumulate(out));
 * s.passes; // { whole: 0, backbone: 1, head: 30 }
 * await s.dispose();
 * ```
 */
export async function openPredictSessions(model: ModelProto, info: ExportInfo, options: { device: Device; split: boolean; sessionOptions?: PassThroughSessionOptions }): Promise<PredictSessions> {
  const create = { device: options.device, ...(options.sessionOptions ? { sessionOptions: options.sessionOptions } : {}) };
  const passes: PredictPasses = { whole: 0, backbone: 0, head: 0 };
  const inputName = info.input.name;
  const main = info.outputs.main;
  if (!options.split) {
    const whole = await createSession(encodeModel(model), create);
    const fixed = whole.inputShape(inputName)?.[0];
    return {
      split: false, main: whole, passes, fixedBatch: typeof fixed === 'number' ? fixed : undefined,
      async sample(input, samples, onSample) {
        for (let s = 0; s < samples; s++) {
          passes.whole++;
          onSample((await whole.run({ [inputName]: input }, [main]))[main]!, s);
        }
      },
      report: () => whole.report(),
      dispose: () => whole.dispose(),
    };
  }
  const features = info.outputs.features;
  const parts = splitAtTensor(model, features);
  const front = await createSession(encodeModel(parts.front), create);
  let back: KenobiSession;
  try {
    back = await createSession(encodeModel(parts.back), create);
  } catch (e) {
    await front.dispose();
    throw e;
  }
  const fixed = front.inputShape(inputName)?.[0];
  return {
    split: true, main: front, passes, fixedBatch: typeof fixed === 'number' ? fixed : undefined,
    async sample(input, samples, onSample) {
      passes.backbone++;
      const f = (await front.run({ [inputName]: input }, [features]))[features]!;
      for (let s = 0; s < samples; s++) {
        passes.head++;
        onSample((await back.run({ [features]: f }, [main]))[main]!, s);
      }
    },
    report: () => `backbone (once per batch): ${front.report()}\nhead (once per MC sample): ${back.report()}`,
    async dispose() {
      await front.dispose();
      await back.dispose();
    },
  };
}
