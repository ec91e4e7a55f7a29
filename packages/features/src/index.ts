/**
 * @kenobi/features: datasets, the feature-extraction pipeline and the feature store. This entry is the pure
 * part (types, splits, preprocessing, store format); reading files, worker threads and ONNX Runtime are in
 * the Node entry `@kenobi/features/node`.
 */
export { FeaturesError, FEATURES_ERROR_CODES } from './features-error.js';
export type { FeaturesErrorCode } from './features-error.js';
export { STACK_LAYOUTS, DATASET_KINDS, labelIndices, subsetDataset } from './dataset/dataset.js';
export type { Dataset, DatasetItem, DatasetKind, ItemSource, StackLayout } from './dataset/dataset.js';
export { IMAGE_EXTENSIONS, imageFileKind } from './dataset/image-extensions.js';
export { shuffledIndices, stratifiedSplit } from './dataset/split.js';
export type { SplitOptions } from './dataset/split.js';
export { checkImagePreprocessing, prepareImage, variantCount } from './pipeline/image-preprocessing.js';
export type { ImagePreprocessing } from './pipeline/image-preprocessing.js';
export { LUPTON_DEFAULTS, isLuptonStretch, parseLuptonStretch, formatLuptonStretch, luptonComposite, luptonStretchFromNoise } from './pipeline/lupton-preprocessing.js';
export type { LuptonParameters } from './pipeline/lupton-preprocessing.js';
export { TTA_MODES, dihedralVariants, reduceVariants } from './pipeline/dihedral-tta.js';
export type { TtaMode } from './pipeline/dihedral-tta.js';
export { formatFailure, failureReason, itemFailure, itemPath } from './pipeline/item-failure.js';
export type { ItemFailure } from './pipeline/item-failure.js';
export { DEFAULT_ITEM_TIMEOUT_MS, MIN_WORKER_MEMORY_MB, defaultWorkerMemoryMb, workerResourceLimits, checkDecodeLimits } from './pipeline/decode-limits.js';
export type { DecodeLimits } from './pipeline/decode-limits.js';
export type { DecodeStats } from './pipeline/decode-messages.js';
export { ON_ERROR_POLICIES } from './pipeline/extract-options.js';
export type { OnErrorPolicy, ExtractOptions, ExtractResult } from './pipeline/extract-options.js';
export { parseShardSpec, shardRange } from './store/shard-spec.js';
export type { ShardSpec } from './store/shard-spec.js';
export { FEATURE_STORE_FORMAT, canonicalJson, assertCompatible } from './store/store-meta.js';
export type { FeatureStoreMeta } from './store/store-meta.js';
export { STORE_FILES, partFile, partRowsFile } from './store/store-layout.js';
export type { PartRows } from './store/store-layout.js';
export { AUGMENTATIONS, parseAugment, augments, formatAugment } from './stream/augment-spec.js';
export type { AugmentationName, AugmentSpec } from './stream/augment-spec.js';
export { augmentInput, itemRandom } from './stream/augment-input.js';
export { CATALOG_COLUMN_KINDS, ID_COLUMN_NAMES, csvCatalogTable, detectIdColumn, findCatalogColumn } from './dataset/catalog-table.js';
export type { CatalogColumn, CatalogColumnKind, CatalogTable } from './dataset/catalog-table.js';
export type { IdSource } from './dataset/dataset.js';
export { csvText, csvCell } from './table/csv-text.js';
export type { CsvCell, CsvTextOptions } from './table/csv-text.js';
export { resultTable, flatColumnNames } from './table/result-table.js';
export type { ResultTable, ResultColumn, ResultValues } from './table/result-table.js';
export { resultTableCsv } from './table/result-table-csv.js';
export { resultTableFits } from './table/result-table-fits.js';
export { structuredNpy } from './interchange/structured-npy.js';
export type { NpyField } from './interchange/structured-npy.js';
