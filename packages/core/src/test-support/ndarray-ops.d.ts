/**
 * Test support: the types of the parts of scijs `ndarray-ops` (a dev dependency without published types)
 * that the tests use.
 */
declare module 'ndarray-ops' {
  import type { NdArray } from 'ndarray';
  /** dst = src, element by element. */
  export function assign(dst: NdArray, src: NdArray): void;
  /** a *= s in place. */
  export function mulseq(a: NdArray, s: number): void;
  /** a /= s in place. */
  export function divseq(a: NdArray, s: number): void;
  /** dst = a - b. */
  export function sub(dst: NdArray, a: NdArray, b: NdArray): void;
  /** The sum of every element. */
  export function sum(a: NdArray): number;
  /** The largest element. */
  export function sup(a: NdArray): number;
  /** The smallest element. */
  export function inf(a: NdArray): number;
  const ops: { assign: typeof assign; mulseq: typeof mulseq; divseq: typeof divseq; sub: typeof sub; sum: typeof sum; sup: typeof sup; inf: typeof inf };
  export default ops;
}
