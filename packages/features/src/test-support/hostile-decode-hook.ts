/**
 * Test support: a decode hook (`KENOBI_TEST_DECODE_HOOK`) that makes the decoder misbehave on files whose
 * name says so, since real hangs and crashes get fixed in the readers: `*hang*` loops forever, `*heap-bomb*`
 * fills the V8 heap, `*typed-bomb*` touches gigabytes of typed arrays outside the heap (stopped by the
 * process-memory guard, or by its own 3 GB cap), `*crash*` ends its thread, `*throws*` throws. Loaded by the
 * decode workers; imported by tests only.
 */
import { fileURLToPath } from 'node:url';
import type { DatasetItem } from '../dataset/dataset.js';

/** The absolute path of this module, for `KENOBI_TEST_DECODE_HOOK`. @example `process.env.KENOBI_TEST_DECODE_HOOK = HOSTILE_DECODE_HOOK;` */
export const HOSTILE_DECODE_HOOK = fileURLToPath(import.meta.url);

/**
 * Runs before each item is decoded.
 *
 * @example
 * ```ts
 * beforeDecode({ row: 2, id: 'x', source: { kind: 'file', path: 'x.hang.fits' } }); // never returns
 * ```
 */
export function beforeDecode(item: DatasetItem): void {
  const s = item.source;
  const name = s.kind === 'bands' ? s.paths.join(',') : s.path;
  if (name.includes('hang')) for (;;) { /* a decoder stuck in a loop */ }
  if (name.includes('heap-bomb')) {
    const keep: unknown[] = [];
    for (;;) keep.push({ a: [1, 2, 3], b: 'x'.repeat(64) + String(keep.length) });
  }
  if (name.includes('typed-bomb')) {
    const keep: Float64Array[] = [];
    // NOTE: 64 MB at a time, each page written, so resident memory really grows; capped so a broken guard
    // cannot take the machine down.
    for (let k = 0; k < 48; k++) keep.push(new Float64Array(8 * 2 ** 20).fill(k));
    throw new Error(`typed-bomb: the memory guard did not stop ${keep.length * 64} MB`);
  }
  if (name.includes('crash')) process.exit(3);
  if (name.includes('throws')) throw new Error('the injected decoder failed');
}
