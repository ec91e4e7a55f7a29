/**
 * Node-only. The version of @kenobi/features, written into every store's meta.
 */
import { readFileSync } from 'node:fs';

/**
 * The package version (from `package.json`, the same from `src/` and `dist/`).
 *
 * @example
 * ```ts
 * kenobiVersion(); // '0.1.0'
 * ```
 */
export function kenobiVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
