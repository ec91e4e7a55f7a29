/**
 * The `metadata_props` keys the app reads from an exported model (`exportModel` in `@kenobi/learn` writes
 * them). Each value is text; all but `version` are JSON.
 * - `kenobi.export`: everything (input name, main output, classes, preprocessing and whether it is in the
 *   graph, the FITS interval/stretch/band order, MC-dropout nodes); read first when present.
 * - `kenobi.classes`: the head's class names, e.g. `["non-lens","lens"]`.
 * - `kenobi.preprocessing`: a `PreprocessingConfig`, or `{ config, interval?, stretch?, bandOrder? }` with
 *   the interval and stretch the head was trained with (the app starts its controls there).
 * - `kenobi.version`: the Kenobi version that exported the model.
 * Keys without the `kenobi.` prefix (`classes`, `preprocessing`) are read too.
 *
 * @example
 * ```ts
 * MODEL_METADATA_KEYS.classes; // 'kenobi.classes'
 * ```
 */
export const MODEL_METADATA_KEYS = Object.freeze({
  export: 'kenobi.export',
  classes: 'kenobi.classes',
  preprocessing: 'kenobi.preprocessing',
  version: 'kenobi.version',
} as const);

/**
 * The output names an exported model uses, in the order the app looks for them.
 *
 * @example
 * ```ts
 * PROBABILITY_OUTPUTS[0]; // 'probabilities'
 * ```
 */
export const PROBABILITY_OUTPUTS = Object.freeze(['probabilities', 'prediction'] as const);

/** The name of the pooled feature output of an exported model. @example `FEATURES_OUTPUT; // 'features'` */
export const FEATURES_OUTPUT = 'features';
