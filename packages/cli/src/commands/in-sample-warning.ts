/**
 * The warning `kenobi evaluate` gives when it is asked to score a model on the data it was trained on: the
 * dataset fingerprint recorded at training (ids, paths, labels, in order) equals the evaluated one.
 */

/**
 * The warning text when `recorded` (the training data's fingerprint, from the model file) equals `evaluated`,
 * else `undefined` (also when the file recorded none).
 *
 * @example
 * ```ts
 * inSampleWarning(meta.features?.fingerprint, table.meta.dataset.fingerprint); // 'the evaluation rows are the ...' or undefined
 * ```
 */
export function inSampleWarning(recorded: unknown, evaluated: string): string | undefined {
  if (typeof recorded !== 'string' || recorded !== evaluated) return undefined;
  return 'the evaluation rows are the rows the model was trained on (the same dataset fingerprint): these metrics are in-sample, not a test. '
    + 'Evaluate on held-out rows (a catalog split, e.g. --where split=test), or train with --kfold for out-of-fold metrics';
}
