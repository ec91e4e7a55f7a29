/** @kenobi/onnx/node: the Node-only part (file reading and writing, external data). */
export { loadModelFile, saveModelFile, inlineExternalData } from './model-file.node.js';
export type { LoadModelOptions } from './model-file.node.js';
