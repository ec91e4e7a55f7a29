/**
 * Node-only. Remembers what the auto feature layer (@kenobi/onnx `findFeatureTensor`) chose for a model the
 * first time it was loaded, keyed by the file's sha256, so `kenobi models info` can show it.
 */
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FeatureTensor } from '../zoo-types.js';

/**
 * One recorded choice.
 *
 * @example
 * ```ts
 * const c: AutoFeatureChoice = { tensor: { name: '627', shape: ['N', 1280, 7, 7], pooling: 'global-average' }, chosenAt: '2025-…' };
 * ```
 */
export interface AutoFeatureChoice { readonly tensor: FeatureTensor; readonly chosenAt: string }

/**
 * The recorded choice for a sha256, if any.
 *
 * @example
 * ```ts
 * readAutoFeature('/cache/auto-features.json', 'cc02…')?.tensor.name; // '627'
 * ```
 */
export function readAutoFeature(path: string, sha256: string): AutoFeatureChoice | undefined {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as Record<string, AutoFeatureChoice>)[sha256];
  } catch {
    return undefined;
  }
}

/**
 * Records the choice for a sha256 (atomic rewrite of the small JSON file).
 *
 * @example
 * ```ts
 * recordAutoFeature('/cache/auto-features.json', 'cc02…', { name: '627', shape: ['N', 1280, 7, 7], pooling: 'global-average' });
 * ```
 */
export function recordAutoFeature(path: string, sha256: string, tensor: FeatureTensor): AutoFeatureChoice {
  let all: Record<string, AutoFeatureChoice> = {};
  try { all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, AutoFeatureChoice>; } catch { /* first record */ }
  const choice = { tensor, chosenAt: new Date().toISOString() };
  all[sha256] = choice;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(all, null, 1));
  renameSync(tmp, path);
  return choice;
}
