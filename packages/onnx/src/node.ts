/** @kenobi/onnx/node: the Node-only part (file reading and writing, external data). */
export { loadModelFile, saveModelFile, inlineExternalData } from './model-file.node.js';
export type { LoadModelOptions } from './model-file.node.js';
/**
 * scijs `ndarray` views of tensors (`asNdarray(tensorArray(initializer))`: an ndarray over the weights, in C
 * order) and scijs arrays back as `{ data, shape }`; the builder (`float32Tensor`, `initializer`, `constant`)
 * takes strided views, a scijs array included. NOTE: Node only: scijs compiles code with `new Function`.
 */
export { asNdarray, fromNdarray } from '@kenobi/core/node';
export type { NdarraySource } from '@kenobi/core/node';
