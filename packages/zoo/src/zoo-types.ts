/**
 * The shape of `models/zoo.json` (validated by `models/zoo.schema.json`): sha256-pinned files, each model's
 * input, preprocessing in timm's spirit, label set and feature tensors. Pure types: Node and browser.
 */

/** Where an entry comes from. */
export const MODEL_SOURCES = Object.freeze(['onnx-zoo', 'offline-only', 'user'] as const);
export type ModelSource = (typeof MODEL_SOURCES)[number];

/** Model families `kenobi models list --family` filters on. */
export const MODEL_FAMILIES = Object.freeze(['lenet', 'alexnet', 'vgg', 'resnet', 'inception', 'squeezenet', 'mobilenet', 'shufflenet', 'densenet', 'user'] as const);
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

/** Whether the batch dimension of the input is fixed at 1 (see `makeBatchDynamic` in @kenobi/onnx). */
export const BATCH_KINDS = Object.freeze(['fixed-1', 'dynamic', 'unknown'] as const);
export type BatchKind = (typeof BATCH_KINDS)[number];

/** How the feature tensors of an entry were found. */
export const FEATURE_TENSOR_SOURCES = Object.freeze(['verified', 'auto-on-first-load', 'user'] as const);
export type FeatureTensorSource = (typeof FEATURE_TENSOR_SOURCES)[number];

/**
 * One sha256-pinned file: a model, an archive or a label file. `name` is how a mirror holds it (it may hold
 * one sub-folder, e.g. `labels/imagenet_synset.txt`); `url` is absent for offline-only files.
 *
 * @example
 * ```ts
 * const f: ZooFile = { name: 'mnist-8.onnx', url: 'https://github.com/onnx/models/raw/main/validated/vision/classification/mnist/model/mnist-8.onnx', sha256: '2f06e7…', size: 26454 };
 * ```
 */
export interface ZooFile {
  readonly name: string;
  /** Path inside github.com/onnx/models. */
  readonly path?: string;
  readonly url?: string;
  readonly sha256: string;
  readonly size: number;
}

/**
 * Preprocessing in timm's spirit, in the shape of @kenobi/imaging's `PreprocessingConfig` so that
 * `toModelInput(images, entry.preprocessing)` applies it: `inputSize` [H, W], `channels`, `resize`
 * ('shorter-side' to `resizeSize` then `crop` 'center'; 'exact' to `inputSize` ignoring aspect), pixel
 * `scale`, `mean`/`std` in the model's channel order and in `scale` units, `channelOrder`.
 *
 * @example
 * ```ts
 * const imagenet: ZooPreprocessing = { inputSize: [224, 224], channels: 3, resize: 'shorter-side', resizeSize: 256, crop: 'center',
 *   interpolation: 'bilinear', scale: '0-1', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB', layout: 'NCHW' };
 * ```
 */
export interface ZooPreprocessing {
  readonly inputSize: readonly [height: number, width: number];
  readonly channels: 1 | 3;
  readonly resize: 'shorter-side' | 'exact' | 'none';
  readonly resizeSize?: number;
  readonly crop: 'center' | 'none' | 'pad';
  readonly interpolation?: 'bilinear' | 'box';
  readonly scale: '0-1' | '0-255';
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly channelOrder: 'RGB' | 'BGR';
  readonly layout: 'NCHW';
}

/**
 * A tensor to read features from: name, shape (strings are symbolic dims) and the pooling it needs.
 *
 * @example
 * ```ts
 * const f: FeatureTensor = { name: '627', shape: ['N', 1280, 7, 7], pooling: 'global-average' };
 * ```
 */
export interface FeatureTensor {
  readonly name: string;
  readonly shape: ReadonlyArray<number | string>;
  readonly pooling: 'none' | 'global-average' | 'global-max';
  readonly note?: string;
}

/**
 * A set of class names: a file (synset lines or plain lines) or inline names.
 *
 * @example
 * ```ts
 * const digits: LabelSet = { kind: 'inline', count: 10, names: ['0','1','2','3','4','5','6','7','8','9'] };
 * ```
 */
export interface LabelSet {
  readonly kind: 'synset-lines' | 'lines' | 'inline';
  readonly count: number;
  readonly file?: ZooFile;
  readonly names?: readonly string[];
  readonly note?: string;
}

/**
 * One model of the zoo (or of the user registry).
 *
 * @example
 * ```ts
 * const e = catalog.get('mnist-8');
 * e.input.name;            // 'Input3'
 * e.batch;                 // 'fixed-1'
 * e.featureTensors[0].name // 'Pooling160_Output_0_reshape0'
 * ```
 */
export interface ZooEntry {
  readonly id: string;
  readonly family: ModelFamily;
  readonly arch?: string;
  readonly variant?: string;
  readonly license: string;
  readonly opset: number;
  readonly origin?: string;
  readonly source: ModelSource;
  readonly file: ZooFile;
  /** The zoo's `.tar.gz` with sample test data, when there is one. */
  readonly archive?: ZooFile;
  readonly input: { readonly name: string; readonly layout: 'NCHW' | 'NHWC'; readonly shape: ReadonlyArray<number | string>; readonly dtype?: 'float32' };
  readonly batch: BatchKind;
  readonly preprocessing: ZooPreprocessing;
  /** Key into the manifest's `labelSets`. */
  readonly labels: string;
  readonly output: { readonly name?: string; readonly kind: 'logits' | 'probabilities' | 'log-probabilities' | 'features' };
  readonly featureTensors: readonly FeatureTensor[];
  readonly featureTensorSource: FeatureTensorSource;
  readonly factsSource?: 'verified' | 'zoo-readme' | 'user';
}

/**
 * The whole of `models/zoo.json`.
 *
 * @example
 * ```ts
 * const manifest = JSON.parse(text) as ZooManifest;
 * manifest.models.length; // 100
 * ```
 */
export interface ZooManifest {
  readonly version: 1;
  readonly about?: string;
  readonly manifestCommit?: string;
  readonly labelSets: Readonly<Record<string, LabelSet>>;
  readonly models: readonly ZooEntry[];
}
