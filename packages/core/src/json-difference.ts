/**
 * The first place two JSON values differ, as a person reads it: "where: a vs b". Used by every "this
 * checkpoint (or job) was made with other settings" error to name the setting, not to print both blobs.
 */

/** Longer values are cut to this many characters in the message. */
const SHOWN = 60;

/**
 * One difference: where, and each side's value as shown to a person (`(none)` for a missing key or element).
 * @example `const d: JsonDifference = { path: 'optimizer.lr', left: '0.0001', right: '0.001' };`
 */
export interface JsonDifference {
  readonly path: string;
  readonly left: string;
  readonly right: string;
}

/**
 * The first difference between `a` and `b` (objects by sorted key, arrays by index, depth first), or
 * undefined when they are equal.
 *
 * @example
 * ```ts
 * jsonDifference({ optimizer: { lr: 1e-4 } }, { optimizer: { lr: 1e-3 } }); // { path: 'optimizer.lr', left: '0.0001', right: '0.001' }
 * ```
 */
export function jsonDifference(a: unknown, b: unknown, path = ''): JsonDifference | undefined {
  if (Object.is(a, b)) return undefined;
  const side = (at: string, x: unknown, y: unknown): JsonDifference => ({ path: at, left: show(x), right: show(y) });
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const at = `${path}[${i}]`;
      const d = i >= a.length || i >= b.length ? side(at, i < a.length ? a[i] : NONE, i < b.length ? b[i] : NONE) : jsonDifference(a[i], b[i], at);
      if (d) return d;
    }
    return undefined;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const at = path ? `${path}.${k}` : k;
      const d = !(k in a) || !(k in b) ? side(at, k in a ? a[k] : NONE, k in b ? b[k] : NONE) : jsonDifference(a[k], b[k], at);
      if (d) return d;
    }
    return undefined;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  return side(path || '(the whole value)', a, b);
}

/**
 * {@link jsonDifference} as `path: a vs b`, or undefined when the values are equal.
 *
 * @example
 * ```ts
 * firstJsonDifference({ optimizer: { lr: 1e-4 } }, { optimizer: { lr: 1e-3 } }); // 'optimizer.lr: 0.0001 vs 0.001'
 * firstJsonDifference([1, 2], [1, 2, 3]);                                        // '[2]: (none) vs 3'
 * ```
 */
export function firstJsonDifference(a: unknown, b: unknown): string | undefined {
  const d = jsonDifference(a, b);
  return d && `${d.path}: ${d.left} vs ${d.right}`;
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
