/**
 * Test support: a decode hook (`KENOBI_TEST_DECODE_HOOK`) that holds every item whose file name contains
 * `gate` while the file named by `KENOBI_TEST_GATE` exists, so a test can stop a Slurm array task in the
 * middle of its shard (some parts written, one item held) and let it go on by removing the file. Loaded by
 * the decode workers; imported by tests only.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DatasetItem } from '@kenobi/features';

/** The absolute path of this module, for `KENOBI_TEST_DECODE_HOOK`. @example `process.env.KENOBI_TEST_DECODE_HOOK = GATE_DECODE_HOOK;` */
export const GATE_DECODE_HOOK = fileURLToPath(import.meta.url);

/**
 * Runs before each item is decoded: waits while the gate file exists (for items named `*gate*`).
 *
 * @example
 * ```ts
 * await beforeDecode({ row: 2, id: 'x', source: { kind: 'file', path: 'img/gate-3.png' } }); // returns once the gate is gone
 * ```
 */
export async function beforeDecode(item: DatasetItem): Promise<void> {
  const gate = process.env.KENOBI_TEST_GATE;
  const s = item.source;
  const name = (s.kind === 'bands' ? s.paths.join(',') : s.path).split('/').at(-1)!;
  if (!gate || !name.includes('gate')) return;
  while (existsSync(gate)) await new Promise((r) => setTimeout(r, 50));
}
