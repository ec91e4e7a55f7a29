/**
 * Node-only. Finds a pinned file in the mirror folders (KENOBI_MIRROR, `:`-separated) by its name (with or
 * without its sub-folder) or by its sha256 (`<sha256>`, `<sha256><ext>`, `sha256/<sha256>`).
 */
import { existsSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { envVar } from '@kenobi/core';
import { blobExtension } from './cache-layout.js';
import type { ZooFile } from '../zoo-types.js';

/**
 * The mirror folders named by KENOBI_MIRROR.
 *
 * @example
 * ```ts
 * // KENOBI_MIRROR=/data/models:/shared/models
 * mirrorDirsFromEnv(); // ['/data/models', '/shared/models']
 * ```
 */
export function mirrorDirsFromEnv(): string[] {
  return (envVar('KENOBI_MIRROR') ?? '').split(delimiter).filter((d) => d !== '').map((d) => resolve(d));
}

/**
 * Candidate paths of `file` in the mirrors whose size matches, in search order.
 *
 * @example
 * ```ts
 * findInMirrors({ name: 'mnist-8.onnx', sha256: '2f06…', size: 26454 }, ['/shared/models']); // ['/shared/models/mnist-8.onnx']
 * ```
 */
export function findInMirrors(file: Pick<ZooFile, 'name' | 'sha256' | 'size'>, mirrors: readonly string[]): string[] {
  const base = file.name.split('/').pop()!;
  const names = [...new Set([file.name, base, file.sha256, `${file.sha256}${blobExtension(file.name)}`, join('sha256', file.sha256)])];
  const found: string[] = [];
  for (const dir of mirrors) {
    for (const n of names) {
      const p = join(dir, n);
      try {
        if (existsSync(p) && statSync(p).isFile() && statSync(p).size === file.size) found.push(p);
      } catch { /* unreadable: skip */ }
    }
  }
  return [...new Set(found)];
}
