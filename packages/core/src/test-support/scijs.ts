/**
 * Test support: scijs `ndarray` and `ndarray-ops` (dependencies of `@kenobi/core`, resolved from here) for
 * the tests of other packages that check strided, transposed and offset views.
 */
export { default as ndarray } from 'ndarray';
export { default as ops } from 'ndarray-ops';
