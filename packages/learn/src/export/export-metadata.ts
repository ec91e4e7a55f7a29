/**
 * What an exported model says about itself in `model_metadata_props`, and reading it back.
 */
import type { ModelProto } from '@kenobi/onnx';
import { ExportError } from './export-error.js';
import type { GraphPreprocessing } from './preprocessing-graph.js';

/**
 * The Kenobi version written into exported models.
 *
 * @example
 * ```ts
 * KENOBI_VERSION; // '0.1.0'
 * ```
 */
export const KENOBI_VERSION = '0.1.0';

/** The tasks an exported head serves. */
export const EXPORT_TASKS = Object.freeze(['classification', 'regression'] as const);
/** One of {@link EXPORT_TASKS}. */
export type ExportTask = (typeof EXPORT_TASKS)[number];

/**
 * Everything a client needs to use an exported model, stored as JSON under the `kenobi.export` key (the
 * version, task, classes and preprocessing are also flat keys for people reading the file in Netron).
 *
 * @example
 * ```ts
 * const info = readExportInfo(model);
 * info.input.name;         // 'pixels' (raw 0–255 RGB) when preprocessing is in the graph
 * info.outputs.main;       // 'probabilities' [N, 2]
 * info.classes;            // ['non-lens', 'lens']
 * ```
 */
export interface ExportInfo {
  readonly kenobiVersion: string;
  readonly task: ExportTask;
  /** Class names in output column order (classification); empty for regression unless given. */
  readonly classes: readonly string[];
  readonly input: {
    readonly name: string;
    readonly dims: readonly (number | string)[];
    /** 'raw-pixels': 0–255 RGB, NCHW float (preprocessing in the graph); 'normalised': the backbone's own input. */
    readonly expects: 'raw-pixels' | 'normalised';
  };
  readonly outputs: {
    /** 'probabilities' [N, K] (binary heads give [1 − p, p]) or 'prediction' [N, outputs]. */
    readonly main: string;
    readonly features: string;
    readonly featureWidth: number;
  };
  /** The preprocessing config (the part in the graph, and resize/crop for the client). */
  readonly preprocessing: GraphPreprocessing | null;
  readonly preprocessingInGraph: boolean;
  /** How float images (FITS bands) were stretched to pixels before the model, as `kenobi extract` did. */
  readonly image: ImageStretch;
  readonly backbone: { readonly id?: string; readonly sha256?: string; readonly tensor: string; readonly pool: string };
  readonly head: { readonly layers: readonly string[]; readonly inputs: number; readonly outputs: number };
  readonly mcDropout: {
    readonly enabled: boolean;
    readonly nodes: readonly string[];
    readonly rates: readonly number[];
    /** Where the random nodes can run. */
    readonly note: string;
  };
}

/**
 * The display stretch that turns float images (FITS, one per band) into pixels, recorded so clients repeat
 * what feature extraction did.
 *
 * @example
 * ```ts
 * const s: ImageStretch = { interval: 'zscale', stretch: 'asinh', bandOrder: ['i', 'r', 'g'] };
 * ```
 */
export interface ImageStretch {
  readonly interval?: string;
  /** e.g. 'asinh', or 'lupton:stretch=100,Q=8,minimum=0' for a Lupton RGB composite (then no interval). */
  readonly stretch?: string;
  readonly bandOrder?: readonly (string | number)[];
  /**
   * The bands of the training catalog, in its order (e.g. `['g', 'r', 'i']`), when it
   * had two or more: `kenobi predict` refuses a catalog with other bands and warns for images without band
   * names (a single FITS plane would be repeated on every channel).
   */
  readonly bands?: readonly string[];
}

/** The key holding the {@link ExportInfo} JSON. */
export const EXPORT_INFO_KEY = 'kenobi.export';

/**
 * The metadata entries for `info`.
 *
 * @example
 * ```ts
 * model.metadata_props = exportMetadataProps(info); // [{ key: 'kenobi.export', value: '{...}' }, ...]
 * ```
 */
export function exportMetadataProps(info: ExportInfo): { key: string; value: string }[] {
  return [
    { key: EXPORT_INFO_KEY, value: JSON.stringify(info) },
    { key: 'kenobi.version', value: info.kenobiVersion },
    { key: 'kenobi.task', value: info.task },
    { key: 'kenobi.classes', value: JSON.stringify(info.classes) },
    { key: 'kenobi.preprocessing', value: JSON.stringify(info.preprocessing) },
  ];
}

/**
 * Reads the {@link ExportInfo} of a model `exportModel` wrote; throws `learn/export-metadata` for a model
 * without it.
 *
 * @example
 * ```ts
 * readExportInfo(decodeModel(bytes)).task; // 'classification'
 * ```
 */
export function readExportInfo(model: ModelProto): ExportInfo {
  const entry = (model.metadata_props ?? []).find((p) => p.key === EXPORT_INFO_KEY);
  if (!entry?.value) {
    throw new ExportError('learn/export-metadata', 'this model has no Kenobi export metadata (kenobi.export)', { hint: 'make it with kenobi export, or pass a model exported by Kenobi' });
  }
  try {
    return JSON.parse(entry.value) as ExportInfo;
  } catch (cause) {
    throw new ExportError('learn/export-metadata', 'the kenobi.export metadata is not valid JSON', { cause });
  }
}

/**
 * The export info when present, else undefined (for tools that take any model).
 *
 * @example
 * ```ts
 * findExportInfo(plainResnet); // undefined
 * ```
 */
export function findExportInfo(model: ModelProto): ExportInfo | undefined {
  return (model.metadata_props ?? []).some((p) => p.key === EXPORT_INFO_KEY) ? readExportInfo(model) : undefined;
}
