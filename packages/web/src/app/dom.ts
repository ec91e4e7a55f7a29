/**
 * Tiny DOM helpers for the app (no framework): build elements without innerHTML, so no markup is ever
 * parsed from data and the CSP needs no inline anything.
 */

type Child = Node | string | null | undefined | false;

/**
 * Creates an element with attributes (`class`, `id`, `data-*`, ...) and children.
 *
 * @example
 * ```ts
 * el('td', { class: 'num' }, '0.93'); // <td class="num">0.93</td>
 * ```
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Readonly<Record<string, string | undefined>> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

/**
 * The element with this id (throws when the page lacks it: a bug in index.html).
 *
 * @example
 * ```ts
 * const status = byId('model-status');
 * ```
 */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`index.html has no #${id}`);
  return e as T;
}

/**
 * Formats a probability for display.
 *
 * @example
 * ```ts
 * formatProbability(0.93456); // '0.935'
 * ```
 */
export function formatProbability(p: number): string {
  return p.toFixed(3);
}
