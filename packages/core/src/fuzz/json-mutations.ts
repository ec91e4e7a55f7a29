/**
 * Seeded mutations of parsed JSON, for fuzzing readers of JSON headers and sidecar files (`.kenobi` headers,
 * a feature store's `meta.json`, rows files and journal lines): a value somewhere in the tree replaced by
 * one of the wrong type or an absurd number, a key deleted, an array element dropped or repeated, or the
 * whole document replaced. Used by the fuzz tests and `scripts/fuzz/`; not shipped.
 */
import type { SeededRandom } from '../seeded-random.js';

/** The JSON mutations {@link mutateJson} draws from. */
export const JSON_MUTATIONS = Object.freeze(['replace-value', 'delete-key', 'drop-element', 'repeat-element', 'replace-document'] as const);

/** One of {@link JSON_MUTATIONS}. */
export type JsonMutation = (typeof JSON_MUTATIONS)[number];

const ABSURD: readonly unknown[] = [
  null, true, false, 0, -1, 1.5, -0.5, 2 ** 31, 2 ** 32 + 1, 1e12, 2 ** 53, 1e308, -1e308, '', 'x', '12', '-1', 'NaN', [], [0], {}, { a: 1 },
];

/**
 * A mutated deep copy of `value` (the input is not changed), and what was done, e.g. `replace-value at
 * layers.1.config.units`.
 *
 * @example
 * ```ts
 * const { value, mutation } = mutateJson({ rows: 3, ids: ['a', 'b', 'c'] }, new SeededRandom(1));
 * mutation; // e.g. 'delete-key at rows'
 * ```
 */
export function mutateJson(value: unknown, rng: SeededRandom): { value: unknown; mutation: string } {
  const copy = structuredClone(value) as unknown;
  const kind = JSON_MUTATIONS[rng.int(JSON_MUTATIONS.length)]!;
  if (kind === 'replace-document' || copy === null || typeof copy !== 'object') {
    return { value: ABSURD[rng.int(ABSURD.length)], mutation: 'replace-document' };
  }
  const paths = containerPaths(copy);
  const containers = paths.filter((p) => {
    const c = p.node as object;
    return Array.isArray(c) ? c.length > 0 : Object.keys(c).length > 0;
  });
  if (containers.length === 0) return { value: ABSURD[rng.int(ABSURD.length)], mutation: 'replace-document' };
  const { node, path } = containers[rng.int(containers.length)]!;
  if (Array.isArray(node)) {
    const i = rng.int(node.length);
    if (kind === 'drop-element' || kind === 'delete-key') node.splice(i, 1);
    else if (kind === 'repeat-element') node.splice(i, 0, structuredClone(node[i]));
    else node[i] = absurdFor(node[i], rng);
    return { value: copy, mutation: `${kind === 'delete-key' ? 'drop-element' : kind} at ${[...path, i].join('.')}` };
  }
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  const key = keys[rng.int(keys.length)]!;
  if (kind === 'delete-key' || kind === 'drop-element') delete record[key];
  else if (kind === 'repeat-element') record[key] = Array.isArray(record[key]) ? [...(record[key] as unknown[]), ...(record[key] as unknown[])] : absurdFor(record[key], rng);
  else record[key] = absurdFor(record[key], rng);
  return { value: copy, mutation: `${kind === 'drop-element' ? 'delete-key' : kind} at ${[...path, key].join('.')}` };
}

/** A wrong value for a slot holding `old`: mostly a number near or far from it, or a value of another type. */
function absurdFor(old: unknown, rng: SeededRandom): unknown {
  if (typeof old === 'number' && rng.uniform() < 0.5) {
    const near = [old + 1, old - 1, -old, old * 2 ** 20, old / 3, old + 0.5];
    return near[rng.int(near.length)];
  }
  if (typeof old === 'string' && rng.uniform() < 0.3) return old.slice(0, rng.int(old.length + 1)) + (rng.uniform() < 0.5 ? '\u0000/..' : '');
  return structuredClone(ABSURD[rng.int(ABSURD.length)]);
}

function containerPaths(root: object): { node: unknown; path: (string | number)[] }[] {
  const out: { node: unknown; path: (string | number)[] }[] = [];
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    out.push(item);
    const entries = Array.isArray(item.node) ? item.node.map((v, i) => [i, v] as const) : Object.entries(item.node as Record<string, unknown>);
    for (const [k, v] of entries) if (v !== null && typeof v === 'object') stack.push({ node: v, path: [...item.path, k] });
  }
  return out;
}
