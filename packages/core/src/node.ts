/**
 * `@kenobi/core/node`: the Node-only part of `@kenobi/core`, plus everything of `@kenobi/core`. Holds the
 * scijs `ndarray` bridge, which compiles code with `new Function` and so stays out of browser bundles.
 */
export * from './index.js';
export { asNdarray, fromNdarray } from './ndarray/as-ndarray.node.js';
export type { NdarraySource } from './ndarray/as-ndarray.node.js';
