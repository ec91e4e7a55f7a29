/**
 * @kenobi/sim/node: everything in `@kenobi/sim` plus writing simulated sets to disk (Node only: uses fs).
 */
export * from './index.js';
export { writeLensDataset } from './write-lens-dataset-node.js';
export type { LensDatasetSummary } from './write-lens-dataset-node.js';
