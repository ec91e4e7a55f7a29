/**
 * Node-only parts of fine-tuning: the frozen-trunk cache on disk (a `@kenobi/features` store).
 */
export { buildTrunkStore, checkTrunkStore, storePreprocessing, StoreTrunkCache } from './store-trunk-cache.node.js';
export type { BuildTrunkStoreOptions, TrunkStoreKey } from './store-trunk-cache.node.js';
