/**
 * What one fuzz case ended in, stage by stage, and the tally of a fuzz run: outcomes by error code, untyped
 * errors (the bugs), hangs, crashes, oversized allocations and the slowest case. Shared by the fuzz tests
 * and the long runs in `scripts/fuzz/`; not shipped.
 */

/** How one stage of a case ended: `ok`, the typed error's code, or `untyped` (a bug). */
export interface StageOutcome {
  readonly stage: string;
  readonly outcome: string;
  /** For `untyped`: the error's name, message and first stack frame. */
  readonly error?: string;
}

/**
 * Runs one stage of a case and records how it ended in `into`. Returns the stage's result, or undefined
 * when it threw. `typed` decides which errors are the reader's own typed errors.
 *
 * @example
 * ```ts
 * const stages: StageOutcome[] = [];
 * const model = attempt('decode', () => decodeModel(bytes), (e) => isKenobiError(e, 'onnx/'), stages);
 * stages[0]; // { stage: 'decode', outcome: 'ok' } or { stage: 'decode', outcome: 'onnx/truncated' }
 * ```
 */
export function attempt<T>(stage: string, fn: () => T, typed: (e: unknown) => boolean, into: StageOutcome[]): T | undefined {
  try {
    const value = fn();
    into.push({ stage, outcome: 'ok' });
    return value;
  } catch (e) {
    into.push(describeError(stage, e, typed));
    return undefined;
  }
}

/**
 * {@link attempt} for an async stage.
 *
 * @example
 * ```ts
 * const table = await attemptAsync('read', () => readFeatures(dir), (e) => isKenobiError(e), stages);
 * ```
 */
export async function attemptAsync<T>(stage: string, fn: () => Promise<T>, typed: (e: unknown) => boolean, into: StageOutcome[]): Promise<T | undefined> {
  try {
    const value = await fn();
    into.push({ stage, outcome: 'ok' });
    return value;
  } catch (e) {
    into.push(describeError(stage, e, typed));
    return undefined;
  }
}

function describeError(stage: string, e: unknown, typed: (e: unknown) => boolean): StageOutcome {
  if (typed(e)) return { stage, outcome: (e as { code: string }).code };
  const err = e instanceof Error ? e : new Error(String(e));
  const frame = err.stack?.split('\n').find((l) => l.trim().startsWith('at '))?.trim() ?? '';
  return { stage, outcome: 'untyped', error: `${err.name}: ${err.message.slice(0, 300)} ${frame}` };
}

/** One untyped error, hang, crash or oversized allocation, named by its case. */
export interface FuzzFailure {
  readonly caseId: string;
  readonly kind: 'untyped' | 'hang' | 'crash' | 'oversize';
  readonly detail: string;
}

/**
 * Counts the outcomes of a fuzz run.
 *
 * @example
 * ```ts
 * const tally = new FuzzTally();
 * tally.record('seed 1 case 0 (lenet5, truncate)', stages, 1.2);
 * tally.failures.length; // 0 when every stage ended in a result or a typed error
 * console.log(tally.format());
 * ```
 */
export class FuzzTally {
  cases = 0;
  readonly byOutcome = new Map<string, number>();
  readonly failures: FuzzFailure[] = [];
  slowest: { caseId: string; ms: number } | undefined;

  /** Records a case that ran to its end. */
  record(caseId: string, stages: readonly StageOutcome[], ms: number): void {
    this.cases++;
    for (const s of stages) {
      const key = `${s.stage} ${s.outcome}`;
      this.byOutcome.set(key, (this.byOutcome.get(key) ?? 0) + 1);
      if (s.outcome === 'untyped') this.failures.push({ caseId, kind: 'untyped', detail: `${s.stage}: ${s.error ?? ''}` });
    }
    if (!this.slowest || ms > this.slowest.ms) this.slowest = { caseId, ms };
  }

  /** Records a case that did not end normally: a hang, a crash of the worker, or an oversized allocation. */
  recordFailure(caseId: string, kind: 'hang' | 'crash' | 'oversize', detail: string, counted = true): void {
    if (counted) this.cases++;
    this.failures.push({ caseId, kind, detail });
  }

  /** How many failures of a kind. */
  count(kind: FuzzFailure['kind']): number {
    return this.failures.filter((f) => f.kind === kind).length;
  }

  /** The report: outcomes by stage and code, failure counts, the slowest case and the first failures. */
  format(maxFailures = 20): string {
    const lines = [`cases: ${this.cases}`, 'outcomes (stage outcome: cases):'];
    for (const [k, v] of [...this.byOutcome].sort((a, b) => (a[0] < b[0] ? -1 : 1))) lines.push(`  ${k}: ${v}`);
    lines.push(`untyped errors: ${this.count('untyped')}`, `crashes: ${this.count('crash')}`, `hangs: ${this.count('hang')}`, `oversized allocations: ${this.count('oversize')}`);
    if (this.slowest) lines.push(`slowest case: ${this.slowest.caseId} (${this.slowest.ms.toFixed(1)} ms)`);
    for (const f of this.failures.slice(0, maxFailures)) lines.push(`  ${f.kind.toUpperCase()} ${f.caseId}: ${f.detail}`);
    if (this.failures.length > maxFailures) lines.push(`  ... and ${this.failures.length - maxFailures} more`);
    return lines.join('\n');
  }
}

/**
 * A 32-bit seed for case `index` of a run seeded `seed`, so any case can be rerun on its own.
 *
 * @example
 * ```ts
 * const rng = new SeededRandom(caseSeed(1, 4711)); // the same draws every time
 * ```
 */
export function caseSeed(seed: number, index: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}
