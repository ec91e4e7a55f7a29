/**
 * Test support: compares a decoded FITS image with an expected numpy array (exactly, or with a relative
 * tolerance), NaN positions included. Imported by tests only.
 */
import type { NpyArray } from '@kenobi/core';
import type { NdArray } from '../data/nd-array.js';
import { toContiguous } from '../data/nd-array.js';

/**
 * The first mismatch between `actual` and `expected`, or `undefined` when they agree.
 *
 * @example
 * ```ts
 * expect(firstMismatch(img.data, readNpy(bytes), 1e-6)).to.equal(undefined);
 * ```
 */
export function firstMismatch(actual: NdArray, expected: NpyArray, rtol = 0): string | undefined {
  if (actual.dtype !== expected.dtype) return `dtype ${actual.dtype}, expected ${expected.dtype}`;
  if (actual.shape.join(',') !== expected.shape.join(',')) return `shape [${actual.shape.join(', ')}], expected [${expected.shape.join(', ')}]`;
  const a = toContiguous(actual) as ArrayLike<number | bigint>;
  const e = expected.data as ArrayLike<number | bigint>;
  for (let i = 0; i < e.length; i += 1) {
    const x = a[i]!;
    const y = e[i]!;
    if (typeof x === 'bigint' || typeof y === 'bigint') {
      if (x !== y) return `index ${i}: ${x}, expected ${y}`;
      continue;
    }
    if (Number.isNaN(y) || Number.isNaN(x)) {
      if (Number.isNaN(y) !== Number.isNaN(x)) return `index ${i}: ${x}, expected ${y} (NaN positions differ)`;
      continue;
    }
    if (x === y) continue;
    if (rtol > 0 && Math.abs(x - y) <= rtol * Math.abs(y)) continue;
    return `index ${i}: ${x}, expected ${y}`;
  }
  return undefined;
}
