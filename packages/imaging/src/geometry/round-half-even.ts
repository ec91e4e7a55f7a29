/**
 * Python's `round()`: to the nearest integer, ties to even. Used where Kenobi must reproduce Python
 * pipelines' sizes and offsets.
 *
 * @example
 * ```ts
 * roundHalfEven(2.5); // 2
 * roundHalfEven(3.5); // 4
 * ```
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
