import type { DType } from '../backend/matrix.js';
import type { MatrixBackend } from '../backend/matrix-backend.js';
import { LearnError } from '../learn-error.js';

/** Options shared by the ready-made heads. */
export interface HeadOptions {
  /** Input features (the backbone's feature width). */
  readonly inputs: number;
  /** Classes: 2 (default) gives one logit for `binaryCrossEntropy`; K > 2 gives K logits for `categoricalCrossEntropy`. */
  readonly classes?: number;
  /** Output width for regression (overrides `classes`), e.g. 1 for photo-z. */
  readonly outputs?: number;
  readonly seed?: number;
  readonly dtype?: DType;
  readonly backend?: MatrixBackend;
}

/**
 * The output width a head needs: `outputs` if given, 1 for two classes, else the class count.
 *
 * @example
 * ```ts
 * headOutputs({ inputs: 512, classes: 2 }); // 1
 * headOutputs({ inputs: 512, classes: 6 }); // 6
 * ```
 */
export function headOutputs(options: HeadOptions): number {
  if (options.outputs !== undefined) {
    if (!(Number.isInteger(options.outputs) && options.outputs > 0)) throw new LearnError('learn/bad-argument', `outputs must be a positive integer, got ${options.outputs}`);
    return options.outputs;
  }
  const classes = options.classes ?? 2;
  if (!(Number.isInteger(classes) && classes >= 2)) throw new LearnError('learn/bad-argument', `classes must be an integer >= 2, got ${classes}`, { hint: 'use outputs for regression' });
  return classes === 2 ? 1 : classes;
}
