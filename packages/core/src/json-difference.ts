/**
 * The first place two JSON values differ, as a person reads it: "where: a vs b". Used by every "this
 * checkpoint (or job) was made with other settings" error to name the setting, not to print both blobs.
 */

/** Longer values are cut to this many characters in the message. */
const SHOWN = 60;

/**
 * The first difference between `a` and `b` (objects by sorted key, arrays by index, depth first) as
 * `path: a vs b`, or undefined when they are equal. A key missing on one side reads as `(none)`.
 *
 * @example
 * ```ts
 * firstJsonDifference({ optimizer: { lr: 1e-4 } }, { optimizer: { lr: 1e-3 } }); // 'optimizer.lr: 0.0001 vs 0.001'
 * firstJsonDifference([1, 2], [1, 2, 3]);                                        // '[2]: (none) vs 3'
 * ```
 */
export function firstJsonDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (Object.is(a, b)) return undefined;
  const bothArrays = Array.isArray(a) && Array.isArray(b);
  const bothObjects = isRecord(a) && isRecord(b);
  if (bothArrays) {
    const x = a as unknown[], y = b as unknown[];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const d = i >= x.length || i >= y.length ? `${path}[${i}]: ${show(i < x.length ? x[i] : NONE)} vs ${show(i < y.length ? y[i] : NONE)}` : firstJsonDifference(x[i], y[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (bothObjects) {
    const x = a as Record<string, unknown>, y = b as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
      const at = path ? `${path}.${k}` : k;
      const d = !(k in x) || !(k in y) ? `${at}: ${show(k in x ? x[k] : NONE)} vs ${show(k in y ? y[k] : NONE)}` : firstJsonDifference(x[k], y[k], at);
      if (d) return d;
    }
    return undefined;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  return `${path || '(the whole value)'}: ${show(a)} vs ${show(b)}`;
}

const NONE = Symbol('none');

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === NONE) return '(none)';
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s.length > SHOWN ? `${s.slice(0, SHOWN - 1)}…` : s;
}
