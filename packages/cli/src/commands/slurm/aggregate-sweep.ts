/**
 * The merge of `kenobi slurm train|finetune`: the tasks' `--json` outputs aggregated per grid point (the
 * folds' metrics and their mean ± std, computed as a local `--kfold` does), written as `summary.json` and
 * `summary.csv`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvText } from '@kenobi/features';
import { writeFileAtomic } from '@kenobi/features/node';
import { crossValidate, type CrossValidationResult } from '@kenobi/learn';
import type { SlurmJobPlan, SlurmTask } from './job-plan.js';
import { SlurmError } from './slurm-error.js';
import { FINAL_TASK, pointName } from './sweep-tasks.js';

/** One grid point's result. @example `{ point: { lr: '1e-3' }, name: 'lr=1e-3', crossValidation: { mean: { rocAuc: 0.93 }, … }, numbers: {} }` */
export interface SweepPointResult {
  readonly point: Readonly<Record<string, string>>;
  readonly name: string;
  readonly crossValidation?: CrossValidationResult;
  /** Top-level numbers of a task's output (a point run without folds). */
  readonly numbers: Readonly<Record<string, number>>;
}

/** `summary.json`. @example `summary.points[0].crossValidation?.mean.rocAuc` */
export interface SweepSummary {
  readonly kind: string;
  readonly tasks: number;
  readonly points: readonly SweepPointResult[];
  /** The final model's output (a k-fold job without a grid), as the command printed it. */
  readonly final?: unknown;
}

type TaskOutput = { readonly crossValidation?: CrossValidationResult } & Record<string, unknown>;

function readOutput(t: SlurmTask): TaskOutput {
  try {
    return JSON.parse(readFileSync(t.output, 'utf8')) as TaskOutput;
  } catch (e) {
    throw new SlurmError('slurm/task-failed', `${t.name}: ${t.output} cannot be read as --json output: ${(e as Error).message}`, { cause: e, hint: 'remove it and resume the job' });
  }
}

const numbersOf = (o: Record<string, unknown>): Record<string, number> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === 'number' && Number.isFinite(v))) as Record<string, number>;

/**
 * Aggregates the outputs of a sweep job (every task complete) and writes `summary.json` and `summary.csv`
 * into the job folder.
 *
 * @example
 * ```ts
 * const s = await aggregateSweep(readJobPlan('head.kenobi.slurm')); s.points[0].crossValidation?.mean.rocAuc;
 * ```
 */
export async function aggregateSweep(plan: SlurmJobPlan): Promise<SweepSummary> {
  const byPoint = new Map<string, SlurmTask[]>();
  let final: unknown;
  for (const t of plan.tasks) {
    if (t.name === FINAL_TASK) {
      final = readOutput(t);
      continue;
    }
    const key = pointName(t.point ?? {});
    byPoint.set(key, [...(byPoint.get(key) ?? []), t]);
  }
  const points: SweepPointResult[] = [];
  for (const [name, tasks] of byPoint) {
    const point = tasks[0]!.point ?? {};
    const folds = tasks.filter((t) => t.fold !== undefined).sort((a, b) => a.fold! - b.fold!);
    if (folds.length > 0) {
      const perFold = folds.map((t) => {
        const m = readOutput(t).crossValidation?.perFold;
        if (!m || m.length !== 1) throw new SlurmError('slurm/task-failed', `${t.name}: ${t.output} holds no one-fold crossValidation (perFold of length 1)`, { hint: 'the command must print --json with --fold' });
        return m[0]!;
      });
      // NOTE: the same aggregation as a local --kfold (population std, missing metrics left out), on the folds' metrics.
      const crossValidation = await crossValidate(folds.map(() => ({ train: new Int32Array(0), test: new Int32Array(0) })), (_f, i) => perFold[i]!);
      points.push({ point, name, crossValidation, numbers: {} });
    } else {
      const o = readOutput(tasks[0]!);
      points.push({ point, name, ...(o.crossValidation ? { crossValidation: o.crossValidation } : {}), numbers: numbersOf(o) });
    }
  }
  const summary: SweepSummary = { kind: plan.kind, tasks: plan.tasks.length, points, ...(final !== undefined ? { final } : {}) };
  writeFileAtomic(join(plan.jobDir, 'summary.csv'), summaryCsv(summary));
  writeFileAtomic(plan.out, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/**
 * The table of a sweep: one row per grid point, its swept values, then `<metric>_mean` and `<metric>_std`
 * (cross-validated points) or the numbers the task printed.
 *
 * @example
 * ```ts
 * summaryCsv(summary); // 'lr,rocAuc_mean,rocAuc_std\n1e-4,0.91,0.012\n1e-3,0.93,0.010\n'
 * ```
 */
export function summaryCsv(s: SweepSummary): string {
  const swept = [...new Set(s.points.flatMap((p) => Object.keys(p.point)))];
  const metrics = [...new Set(s.points.flatMap((p) => (p.crossValidation ? Object.keys(p.crossValidation.mean).flatMap((m) => [`${m}_mean`, `${m}_std`]) : Object.keys(p.numbers))))];
  const cell = (p: SweepPointResult, c: string): number | undefined => {
    const m = /^(.*)_(mean|std)$/.exec(c);
    return m && p.crossValidation ? p.crossValidation[m[2] as 'mean' | 'std'][m[1]!] : p.numbers[c];
  };
  // NOTE: Kenobi's one CSV writer (RFC 4180 quoting of swept values such as 'a,b' lists).
  return csvText([...swept, ...metrics], s.points.map((p) => [...swept.map((k) => p.point[k] ?? ''), ...metrics.map((c) => cell(p, c))]));
}

/**
 * One line per grid point: its metrics as mean ± std over its folds.
 *
 * @example
 * ```ts
 * summaryLines(summary); // ['lr=1e-3: rocAuc 0.9312 ± 0.0101, accuracy 0.8800 ± 0.0200 (5 folds)']
 * ```
 */
export function summaryLines(s: SweepSummary): string[] {
  return s.points.map((p) => {
    const cv = p.crossValidation;
    const body = cv
      ? `${Object.keys(cv.mean).map((m) => `${m} ${cv.mean[m]!.toFixed(4)} ± ${cv.std[m]!.toFixed(4)}`).join(', ')} (${cv.perFold.length} folds)`
      : Object.entries(p.numbers).map(([k, v]) => `${k} ${v}`).join(', ');
    return `${p.name || 'all'}: ${body}`;
  });
}
