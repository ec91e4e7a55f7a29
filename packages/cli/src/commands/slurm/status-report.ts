/**
 * `JobStatus` for people: a one-line progress (for `--wait`) and the full report of `kenobi slurm status`,
 * with the log tail of every failed task and how to resume.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { JobStatus, StepStatus } from './job-status.js';
import { shellQuote } from './shell-quote.js';

/** Tasks listed one by one before the rest are only counted. */
const LISTED = 40;

const rel = (p: string): string => {
  const r = relative(process.cwd(), p);
  return r !== '' && !r.startsWith('../../') ? r : p;
};

/**
 * One line: the task counts and the merge's state.
 *
 * @example
 * ```ts
 * progressLine(status); // 'tasks 4: 1 complete, 2 running, 1 pending, 0 failed, 0 missing; merge pending (PENDING, Dependency)'
 * ```
 */
export function progressLine(s: JobStatus): string {
  const c = s.counts;
  return `tasks ${s.tasks.length}: ${c.complete} complete, ${c.running} running, ${c.pending} pending, ${c.failed} failed, ${c.missing} missing; merge ${s.merge.state} (${s.merge.why})`;
}

function stepLines(name: string, st: StepStatus): string[] {
  const head = `  ${name}: ${st.state} (${st.why})${st.job ? `, job ${st.job}` : ''}${st.state === 'failed' ? (existsSync(st.log) ? `, log ${rel(st.log)}` : ', no log (it never started)') : ''}`;
  return [head, ...st.logTail.map((l) => `      | ${l}`)];
}

/**
 * The report of `kenobi slurm status`: the job, the counts, every task that is not complete (failed ones
 * with their log tail), the merge, and the next command to run.
 *
 * @example
 * ```ts
 * statusReport(status).join('\n'); // 'feats.slurm: kenobi slurm extract, 4 tasks -> feats\n  tasks 4: 3 complete, ...\n  shard 2/4: failed (FAILED, exit 1:0) ...'
 * ```
 */
export function statusReport(s: JobStatus): string[] {
  const p = s.plan;
  const subs = p.submissions;
  const lines = [
    `${rel(p.jobDir)}: kenobi slurm ${p.kind}, ${p.tasks.length} task(s) -> ${rel(p.out)}${subs.length > 0 ? ` (${subs.length} submission(s); latest: array ${subs.at(-1)!.arrayJobId ?? '-'}, merge ${subs.at(-1)!.mergeJobId})` : ' (not submitted)'}`,
    `  ${progressLine(s)}`,
  ];
  if (!s.schedulerSeen && subs.length > 0) lines.push('  (no Slurm command answered here: states come from the outputs and logs only)');
  const open = s.tasks.filter((t) => t.state !== 'complete');
  const ordered = [...open.filter((t) => t.state === 'failed'), ...open.filter((t) => t.state !== 'failed')];
  for (const t of ordered.slice(0, LISTED)) lines.push(...stepLines(t.task.name, t));
  if (ordered.length > LISTED) lines.push(`  ... and ${ordered.length - LISTED} more task(s) not complete`);
  lines.push(...stepLines('merge', s.merge));
  const dir = shellQuote(rel(p.jobDir));
  if (s.finished) lines.push(`  done: ${rel(p.out)}`);
  else if (s.stuck) lines.push(`  next: fix what the logs say, then: kenobi slurm resume ${dir}   (resubmits only the failed and missing tasks, then the merge)`);
  else lines.push(`  running: kenobi slurm status ${dir} again later, or kenobi slurm resume ${dir} --wait to follow it`);
  return lines;
}
