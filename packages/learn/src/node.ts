/**
 * @kenobi/learn/node: everything of `@kenobi/learn` plus the Node-only file helpers for `.kenobi` heads and
 * training checkpoints.
 */
export * from './index.js';
export { saveHeadFile, loadHeadFile } from './io/kenobi-file.node.js';
export { writeCheckpointFile, readCheckpointFile } from './cnn/checkpoint-file.node.js';
export * from './finetune/node.js';
