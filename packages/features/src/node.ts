/**
 * @kenobi/features/node: loading datasets from disk, the worker-thread extraction pipeline on ONNX Runtime,
 * and reading, writing and merging feature stores. Re-exports everything of `@kenobi/features`.
 */
export * from './index.js';
export { loadDataset } from './dataset/load-dataset.node.js';
export type { LoadDatasetOptions } from './dataset/load-dataset.node.js';
export { loadCatalogCsv } from './dataset/catalog-csv.node.js';
export type { CatalogColumns } from './dataset/catalog-csv.node.js';
export { loadClassFolders } from './dataset/class-folders.node.js';
export { loadImageStack } from './dataset/image-stack.node.js';
export type { ImageStackOptions } from './dataset/image-stack.node.js';
export { readNpyHeader } from './dataset/npy-header.node.js';
export { datasetFingerprint } from './dataset/dataset-fingerprint.node.js';
export { ItemReader, readImageFile } from './pipeline/decode-item.node.js';
export { prepareBatch } from './pipeline/prepare-batch.node.js';
export type { BatchJob, PreparedBatch } from './pipeline/prepare-batch.node.js';
export { DecodePool } from './pipeline/decode-pool.node.js';
export { prepareFeatureModel, BATCH_MODES } from './pipeline/feature-model.node.js';
export type { FeatureModel, ModelSource, BatchMode } from './pipeline/feature-model.node.js';
export { extractFeatures } from './pipeline/extract-features.node.js';
export { writeFileAtomic, appendLineDurably } from './store/atomic-file.node.js';
export { openStoreWriter, readJournal, StoreWriter } from './store/store-writer.node.js';
export type { JournalEntry, OpenStoreOptions } from './store/store-writer.node.js';
export { readFeatures, streamFeatures, readStoreMeta } from './store/read-features.node.js';
export type { FeatureTable, FeaturePart } from './store/read-features.node.js';
export { mergeFeatureStores } from './store/merge-stores.node.js';
export { kenobiVersion } from './store/kenobi-version.node.js';
