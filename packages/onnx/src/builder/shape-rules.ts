/**
 * Shape rules of the non-windowed ops the builder tracks: broadcasting, flattening and reshaping, with
 * symbolic dims (such as 'N') carried through where the result is still certain.
 */
import { product } from './graph-builder-core.js';
import type { Dim } from './spatial-shape.js';

/**
 * numpy broadcasting of two shapes.
 *
 * @example
 * ```ts
 * broadcastDims(['N', 8, 4, 4], [8, 1, 1]); // ['N', 8, 4, 4]
 * ```
 */
export function broadcastDims(a: readonly Dim[], b: readonly Dim[]): Dim[] {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/**
 * The product of dims folded into one (Flatten): a number, the one symbolic dim among 1s, or undefined.
 *
 * @example
 * ```ts
 * foldDims([64, 7, 7]); // 3136
 * foldDims(['N']);      // 'N'
 * foldDims(['N', 3]);   // undefined (not known)
 * ```
 */
export function foldDims(dims: readonly Dim[]): Dim | undefined {
  if (dims.every((d) => typeof d === 'number')) return product(dims as number[]);
  if (dims.length === 1) return dims[0];
  const symbolic = dims.filter((d) => typeof d === 'string');
  return symbolic.length === 1 && dims.every((d) => d === symbolic[0] || d === 1) ? symbolic[0] : undefined;
}

/**
 * The output shape of Reshape (0 copies the input dim, -1 is inferred; allowzero = 0), or undefined when a
 * symbolic dim makes it uncertain.
 *
 * @example
 * ```ts
 * reshapeDims(['N', 64, 7, 7], [-1, 3136]); // ['N', 3136]
 * reshapeDims([2, 6], [3, -1]);             // [3, 4]
 * ```
 */
export function reshapeDims(input: readonly Dim[], shape: readonly number[]): Dim[] | undefined {
  const dims: Dim[] = shape.map((d, i) => (d === 0 ? input[i]! : d));
  if (!dims.includes(-1)) return dims;
  const known = dims.filter((d) => d !== -1);
  if (!known.every((d) => typeof d === 'number')) return undefined;
  const symbolic = input.filter((d) => typeof d === 'string');
  if (symbolic.length === 0) return dims.map((d) => (d === -1 ? product(input as number[]) / product(known as number[]) : d));
  const fixed = product(input.filter((d) => typeof d === 'number') as number[]);
  if (symbolic.length === 1 && fixed === product(known as number[])) return dims.map((d) => (d === -1 ? symbolic[0]! : d));
  return undefined;
}
