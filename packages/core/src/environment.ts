/**
 * The one place Kenobi asks where it runs. Nothing else in the code base tests `typeof window` or
 * `process.versions`.
 */
export const RUNTIMES = Object.freeze(['node', 'browser', 'worker', 'unknown'] as const);
export type RuntimeKind = (typeof RUNTIMES)[number];

interface GlobalProbe {
  process?: { versions?: { node?: string } };
  window?: unknown;
  document?: unknown;
  importScripts?: unknown;
  navigator?: { gpu?: unknown; hardwareConcurrency?: number; userAgent?: string };
}

/**
 * Where this code runs now.
 *
 * @example
 * ```ts
 * import { runtimeKind } from '@kenobi/core';
 * runtimeKind(); // 'node' under Node.js, 'browser' in a page, 'worker' in a Web Worker
 * ```
 */
export function runtimeKind(): RuntimeKind {
  const g = globalThis as GlobalProbe;
  if (g.process?.versions?.node) return 'node';
  if (g.window !== undefined && g.document !== undefined) return 'browser';
  if (typeof g.importScripts === 'function') return 'worker';
  return 'unknown';
}

/**
 * Number of logical cores (Node's `os.availableParallelism` is not importable from the browser core, so this
 * reads `navigator.hardwareConcurrency`, which Node ≥ 21 and every browser provide, and falls back to 1).
 *
 * @example
 * ```ts
 * hardwareConcurrency(); // 2 on the CI machine
 * ```
 */
export function hardwareConcurrency(): number {
  const g = globalThis as GlobalProbe;
  const n = g.navigator?.hardwareConcurrency;
  return typeof n === 'number' && n > 0 ? n : 1;
}

/**
 * Reads an environment variable in Node; `undefined` in the browser.
 *
 * @example
 * ```ts
 * envVar('KENOBI_MIRROR'); // '../shared/models' when set
 * ```
 */
export function envVar(name: string): string | undefined {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> } };
  const v = g.process?.env?.[name];
  return v === undefined || v === '' ? undefined : v;
}
