/**
 * @kenobi/learn/node: everything of `@kenobi/learn` plus the Node-only file helpers for `.kenobi` heads and
 * training checkpoints.
 */
export * from './index.js';
export { saveHeadFile, loadHeadFile } from './io/kenobi-file.node.js';
export { writeCheckpointFile, readCheckpointFile } from './cnn/checkpoint-file.node.js';
export * from './finetune/node.js';
/**
 * scijs `ndarray` views of embeddings and head outputs (`asNdarray(head.predict(x))`: an ndarray
 * `[rows, outputs]`, no copy) and scijs arrays back as C-order `{ data, shape }`. The heads take any 2-D
 * strided view as features. NOTE: Node only: scijs compiles code with `new Function`.
 */
export { asNdarray, fromNdarray } from '@kenobi/core/node';
export type { NdarraySource } from '@kenobi/core/node';
