/**
 * How pixels outside the image are filled by geometric augmentation, as Keras' `fill_mode` (scipy
 * ndimage modes): `reflect` (d c b a | a b c d | d c b a), `nearest` (a a a a | a b c d | d d d d),
 * `wrap` (a b c d | a b c d | a b c d), `constant` (k k k k | a b c d | k k k k, with `cval`).
 *
 * @example
 * ```ts
 * FILL_MODES; // ['reflect', 'nearest', 'wrap', 'constant']
 * ```
 */
export const FILL_MODES = Object.freeze(['reflect', 'nearest', 'wrap', 'constant'] as const);

/** One of {@link FILL_MODES}. @example `const m: FillMode = 'reflect';` */
export type FillMode = (typeof FILL_MODES)[number];

/**
 * Maps an integer index along an axis of `size` samples into the image under `mode`, or -1 for
 * `constant` outside.
 *
 * @example
 * ```ts
 * fillIndex(-1, 4, 'reflect');  // 0
 * fillIndex(5, 4, 'reflect');   // 2
 * fillIndex(-1, 4, 'wrap');     // 3
 * fillIndex(-1, 4, 'constant'); // -1
 * ```
 */
export function fillIndex(i: number, size: number, mode: FillMode): number {
  if (i >= 0 && i < size) return i;
  switch (mode) {
    case 'nearest':
      return i < 0 ? 0 : size - 1;
    case 'wrap':
      return ((i % size) + size) % size;
    case 'reflect': {
      const period = 2 * size;
      const m = ((i % period) + period) % period;
      return m < size ? m : period - 1 - m;
    }
    case 'constant':
      return -1;
  }
}
