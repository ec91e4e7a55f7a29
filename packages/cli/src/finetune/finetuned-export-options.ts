/**
 * The `exportFinetuned` options of a fine-tuned model from what `kenobi finetune` records (classes, backbone id
 * and sha256, preprocessing and image stretch), so `finetune --export`, `kenobi export` of a `.kenobi` file and
 * the demo write the same `kenobi.export` metadata. Pure.
 */
import type { ImagePreprocessing } from '@kenobi/features';
import type { FinetuneExportOptions } from '@kenobi/learn';
import { imageStretchOf } from '../image-training/image-model-file.js';

/**
 * What an export of a fine-tuned model records: a `FinetuneRunConfig` has it, and so has a read
 * `.kenobi` file with its resolved backbone.
 *
 * @example
 * ```ts
 * const s: FinetunedExportSource = { classes: ['elliptical', 'spiral'], backboneId: 'densenet121-keras', sha256, preprocessing };
 * ```
 */
export interface FinetunedExportSource {
  readonly classes: readonly string[];
  readonly backboneId: string;
  /** The sha256 of the backbone's bytes. */
  readonly sha256: string;
  readonly preprocessing: ImagePreprocessing;
  /** The bands of the training catalog (recorded in the export when two or more). */
  readonly bandNames?: readonly string[];
}

/**
 * How the fine-tuned model is exported.
 *
 * @example
 * ```ts
 * const h: FinetunedExportChoice = { inGraph: true, mcDropout: false };
 * ```
 */
export interface FinetunedExportChoice {
  /** Scale, mean and std in the graph (raw 0–255 pixels in); else recorded for the client. */
  readonly inGraph?: boolean;
  /** Keep the head's dropout random at inference. */
  readonly mcDropout?: boolean;
}

/**
 * The options of `exportFinetuned` for `source`.
 *
 * @example
 * ```ts
 * finetunedExportOptions(config, { inGraph: true });
 * // { classes: ['non-lens', 'lens'], backboneId: 'densenet121-keras', backboneSha256: 'ab12…', mcDropout: false,
 * //   preprocessing: { inputSize: [224, 224], ... }, imageStretch: { stretch: 'lupton' } }
 * ```
 */
export function finetunedExportOptions(source: FinetunedExportSource, choice: FinetunedExportChoice = {}): FinetuneExportOptions {
  const entry = source.preprocessing.config;
  return {
    classes: [...source.classes], backboneId: source.backboneId, backboneSha256: source.sha256, mcDropout: choice.mcDropout === true,
    ...(choice.inGraph ? { preprocessing: entry } : { clientPreprocessing: entry }),
    imageStretch: imageStretchOf(source.preprocessing, source.bandNames),
  };
}
