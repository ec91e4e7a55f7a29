/**
 * @kenobi/zoo: the model zoo manifest (`models/zoo.json`), catalog lookups with "did you mean", label
 * parsing, preprocessing presets, and the browser store on the Cache API. Pure: Node and browser.
 * Node's cache/mirror/download side is `@kenobi/zoo/node`.
 */
export { MODEL_SOURCES, MODEL_FAMILIES, BATCH_KINDS, FEATURE_TENSOR_SOURCES } from './zoo-types.js';
export type { ModelSource, ModelFamily, BatchKind, FeatureTensorSource, ZooFile, ZooPreprocessing, FeatureTensor, LabelSet, ZooEntry, ZooManifest } from './zoo-types.js';
export { ZooCatalog } from './zoo-catalog.js';
export { nearestNames, editDistance } from '@kenobi/core';
export { parseLabels } from './label-text.js';
export { PREPROCESSING_PRESETS, preprocessingPreset } from './preprocessing-presets.js';
export type { PreprocessingPreset } from './preprocessing-presets.js';
export {
  UnknownModelError, ChecksumError, CorruptCacheError, OfflineError, NotInMirrorError, HttpError, DownloadTimeoutError,
  DownloadInterruptedError, UnsafeArchiveError, RegistryError, LockTimeoutError,
} from './zoo-errors.js';
export { sha256Hex } from './sha256-web.js';
export { BrowserModelStore } from './browser/cache-api-store.js';
export type { BrowserModelStoreOptions, CacheLike, CacheStorageLike } from './browser/cache-api-store.js';
