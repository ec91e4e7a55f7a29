/**
 * What `kenobi extract` and `kenobi predict` share about decoding: the `--item-timeout` and `--worker-memory`
 * flags of the decode workers, and the summary of the rows that failed.
 */
import { MIN_WORKER_MEMORY_MB, type DecodeLimits, type ItemFailure } from '@kenobi/features';
import { UsageError } from '../usage-error.js';

/** Failure lines printed in full before the rest are only counted. */
const LISTED = 20;

/**
 * Reads `--item-timeout <seconds>` and `--worker-memory <MB>` into decode limits (absent flags: defaults).
 *
 * @example
 * ```ts
 * decodeLimitFlags('extract', { 'item-timeout': '30', 'worker-memory': '2048' }); // { itemTimeoutMs: 30000, workerMemoryMb: 2048 }
 * ```
 */
export function decodeLimitFlags(command: string, values: Record<string, unknown>): DecodeLimits {
  const out: { itemTimeoutMs?: number; workerMemoryMb?: number } = {};
  const t = values['item-timeout'];
  if (t !== undefined) {
    const s = Number(t);
    if (!Number.isFinite(s) || s <= 0) throw new UsageError(`kenobi ${command}: --item-timeout must be a positive number of seconds, got '${String(t)}'`);
    out.itemTimeoutMs = s * 1000;
  }
  const m = values['worker-memory'];
  if (m !== undefined) {
    const mb = Number(m);
    if (!Number.isInteger(mb) || mb < MIN_WORKER_MEMORY_MB) throw new UsageError(`kenobi ${command}: --worker-memory must be a whole number of MB, at least ${MIN_WORKER_MEMORY_MB}, got '${String(m)}'`);
    out.workerMemoryMb = mb;
  }
  return out;
}

/**
 * Lines for a person about the rows that failed: how many, by reason, then each (the first 20) with its
 * row, id, path, code and message, and where the full list is.
 *
 * @example
 * ```ts
 * failureSummary(failures, 'feats/failures.json');
 * // ['2 item(s) could not be read and are not in the store (fits/not-fits 1, features/decode-timeout 1); all in feats/failures.json:', '  row 3 (id b, /d/b.fits): fits/not-fits: ...', ...]
 * ```
 */
export function failureSummary(failures: readonly ItemFailure[], listFile?: string): string[] {
  if (failures.length === 0) return [];
  const byCode = new Map<string, number>();
  for (const f of failures) byCode.set(f.code ?? 'unknown', (byCode.get(f.code ?? 'unknown') ?? 0) + 1);
  const reasons = [...byCode].map(([c, n]) => `${c} ${n}`).join(', ');
  const lines = failures.slice(0, LISTED).map((f) => `  row ${f.row} (id ${f.id}, ${f.path}): ${f.code ? `${f.code}: ` : ''}${f.error}`);
  if (failures.length > LISTED) lines.push(`  ... and ${failures.length - LISTED} more`);
  return [`${failures.length} item(s) could not be read and are not in the results (${reasons})${listFile ? `; all in ${listFile}` : ''}:`, ...lines];
}
