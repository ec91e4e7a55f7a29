/**
 * @kenobi/core: what every Kenobi package shares. Pure TypeScript: runs the same in Node and the browser.
 */
export { KenobiError, isKenobiError } from './kenobi-error.js';
export { RUNTIMES, runtimeKind, hardwareConcurrency, envVar } from './environment.js';
export type { RuntimeKind } from './environment.js';
export { SeededRandom } from './seeded-random.js';
export { throttleProgress } from './progress.js';
export type { ProgressEvent, ProgressCallback } from './progress.js';
export { readNpy, writeNpy, parseNpyHeader } from './npy/npy.js';
export type { NpyArray, NpyHeader, ReadNpyOptions } from './npy/npy.js';
export { NPY_DTYPES, parseNpyDescr, npyDescr, npyDtypeOf } from './npy/npy-dtype.js';
export type { NpyDescr, NpyDtype, NpyTypedArray } from './npy/npy-dtype.js';
export { nearestNames, editDistance } from './nearest-names.js';
export { firstJsonDifference, jsonDifference } from './json-difference.js';
export type { JsonDifference } from './json-difference.js';
export { base64Bytes, instantiateEmbeddedWasm } from './embedded-wasm.js';
export { embeddedKernels } from './embedded-kernels.js';
export type { EmbeddedKernels } from './embedded-kernels.js';
export { isStridedView, cOrderStrides, isCContiguous, cOrderValues } from './ndarray/strided-view.js';
export type { StridedView, ViewData } from './ndarray/strided-view.js';
export { float32View } from './ndarray/float32-view.js';
