/**
 * @kenobi/learn/node: everything of `@kenobi/learn` plus the Node-only file helpers for `.kenobi` heads.
 */
export * from './index.js';
export { saveHeadFile, loadHeadFile } from './io/kenobi-file.node.js';
