/**
 * Runs a FITS fuzz campaign in child processes (see `fits-fuzz-child.ts`) and watches them: a case that runs
 * longer than `hangMs` is a hang (the child is killed and the run goes on after it), a child that dies is a
 * crash at the case it was running, an untyped error is a finding, and a child whose resident memory passes
 * `maxRssBytes` after a case is a memory finding. Used by the in-suite fuzz test and `scripts/fuzz/fits.ts`.
 * Not part of the package's API.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildCaseReport, ChildTask } from './fits-fuzz-child.js';
import { loadSeeds, makeCase } from './fits-fuzz-cases.js';
import type { FitsSeed } from './fits-seeds.js';

/** Options of {@link runFitsFuzz}. */
export interface FitsFuzzOptions {
  readonly seed: number;
  readonly cases: number;
  /** First case index (default 0): cases are numbered, so a run can be split or resumed. */
  readonly start?: number;
  /** Extra seed files (the astropy fixture, corpus files), after the built-in seeds. */
  readonly seedFiles?: readonly string[];
  /** A case running longer than this is a hang (default 10 s). */
  readonly hangMs?: number;
  /** `maxBytes` for `openFits` (default 256 MiB). */
  readonly maxBytes?: number;
  /** Child processes in parallel, each with a contiguous share of the cases (default 1). */
  readonly jobs?: number;
  /** Resident memory of a child, after a case, that counts as a finding (default 2 GiB). */
  readonly maxRssBytes?: number;
  /** For the runner's own tests: a case that hangs, kills its child or throws untyped on purpose. */
  readonly sabotage?: ChildTask['sabotage'];
  /** Called every 1,000 cases with the number done. */
  readonly onProgress?: (done: number) => void;
}

/** A case that went wrong, with what is needed to replay it. */
export interface FuzzFailure {
  readonly index: number;
  readonly seedName: string;
  readonly steps: readonly string[];
  readonly error: string;
}

/** The result of a run. */
export interface FitsFuzzReport {
  readonly seed: number;
  readonly start: number;
  /** Cases attempted (decoded + typed + untyped + crashes + hangs). */
  readonly cases: number;
  readonly seedCount: number;
  /** Cases by outcome: 'decoded', or the first FitsError code met. */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly untyped: readonly FuzzFailure[];
  readonly crashes: readonly FuzzFailure[];
  readonly hangs: readonly FuzzFailure[];
  readonly memory: readonly FuzzFailure[];
  readonly slowest: { readonly index: number; readonly ms: number; readonly seedName: string; readonly steps: readonly string[] } | undefined;
  /** The largest resident memory of a child after any case, in bytes. */
  readonly peakRss: number;
  readonly seconds: number;
}

const CHILD = fileURLToPath(new URL('./fits-fuzz-child.ts', import.meta.url));

interface Tally {
  outcomes: Record<string, number>;
  untyped: FuzzFailure[];
  crashes: FuzzFailure[];
  hangs: FuzzFailure[];
  memory: FuzzFailure[];
  slowest: FitsFuzzReport['slowest'];
  peakRss: number;
  done: number;
}

/** Runs cases [from, to) in one child at a time, starting a new child after a hang, crash or memory finding. */
async function runRange(o: FitsFuzzOptions, from: number, to: number, tally: Tally, seedFiles: readonly string[], seeds: readonly FitsSeed[]): Promise<void> {
  const hangMs = o.hangMs ?? 10_000;
  const maxRss = o.maxRssBytes ?? 2 ** 31;
  let next = from;
  while (next < to) {
    next = await new Promise<number>((resolve) => {
      const child: ChildProcess = fork(CHILD, [], { execArgv: [...process.execArgv, '--max-old-space-size=2048'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let current = next;
      let last = Date.now();
      let started = false;
      let finished = false;
      let lastCase: ChildCaseReport | undefined;
      const end = (resumeAt: number): void => {
        if (finished) return;
        finished = true;
        clearInterval(watchdog);
        child.kill('SIGKILL');
        resolve(resumeAt);
      };
      const watchdog = setInterval(() => {
        // NOTE: before its first case the child is loading TypeScript: give it longer.
        if (Date.now() - last > (started ? hangMs : Math.max(hangMs, 60_000))) {
          const c = makeCase(seeds, o.seed, current);
          tally.hangs.push({ index: current, seedName: c.seedName, steps: c.steps, error: `no answer after ${hangMs} ms (previous case: ${lastCase?.index ?? 'none'})` });
          tally.outcomes.hang = (tally.outcomes.hang ?? 0) + 1;
          tally.done += 1;
          end(current + 1);
        }
      }, 100);
      child.on('message', (m: ChildCaseReport | { done: true } | { ready: true }) => {
        last = Date.now();
        if ('ready' in m) { started = true; return; }
        if ('done' in m) { end(to); return; }
        started = true;
        lastCase = m;
        current = m.index + 1;
        tally.done += 1;
        tally.outcomes[m.outcome] = (tally.outcomes[m.outcome] ?? 0) + 1;
        if (m.outcome === 'untyped') tally.untyped.push({ index: m.index, seedName: m.seedName, steps: m.steps, error: m.error ?? '' });
        if (!tally.slowest || m.ms > tally.slowest.ms) tally.slowest = { index: m.index, ms: m.ms, seedName: m.seedName, steps: m.steps };
        tally.peakRss = Math.max(tally.peakRss, m.rss);
        if (tally.done % 1000 === 0) o.onProgress?.(tally.done);
        if (m.rss > maxRss) {
          tally.memory.push({ index: m.index, seedName: m.seedName, steps: m.steps, error: `resident memory ${m.rss} bytes after this case` });
          end(current);
        }
      });
      child.on('exit', (code, signal) => {
        if (finished) return;
        const c = makeCase(seeds, o.seed, current);
        tally.crashes.push({ index: current, seedName: c.seedName, steps: c.steps, error: `child exited (code ${code}, signal ${signal}) during this case` });
        tally.outcomes.crash = (tally.outcomes.crash ?? 0) + 1;
        tally.done += 1;
        end(current + 1);
      });
      const task: ChildTask = { seed: o.seed, from: next, to, seedFiles, maxBytes: o.maxBytes ?? 256 * 2 ** 20, sabotage: o.sabotage };
      child.send(task);
    });
  }
}

/**
 * Runs `cases` fuzz cases from `start` and tallies them.
 *
 * @example
 * ```ts
 * const report = await runFitsFuzz({ seed: 1, cases: 3000 });
 * report.untyped.length + report.crashes.length + report.hangs.length; // 0
 * ```
 */
export async function runFitsFuzz(o: FitsFuzzOptions): Promise<FitsFuzzReport> {
  const t0 = Date.now();
  const start = o.start ?? 0;
  const seedFiles = o.seedFiles ?? [];
  const tally: Tally = { outcomes: {}, untyped: [], crashes: [], hangs: [], memory: [], slowest: undefined, peakRss: 0, done: 0 };
  const jobs = Math.max(1, Math.min(o.jobs ?? 1, o.cases));
  const share = Math.ceil(o.cases / jobs);
  // The parent rebuilds a hung or crashed case (from its seed and index) to say what it was.
  const seeds = loadSeeds(seedFiles);
  const ranges: Promise<void>[] = [];
  for (let j = 0; j < jobs; j += 1) {
    const from = start + j * share;
    const to = Math.min(start + o.cases, from + share);
    if (from < to) ranges.push(runRange(o, from, to, tally, seedFiles, seeds));
  }
  await Promise.all(ranges);
  return {
    seed: o.seed,
    start,
    cases: tally.done,
    seedCount: seeds.length,
    outcomes: tally.outcomes,
    untyped: tally.untyped,
    crashes: tally.crashes,
    hangs: tally.hangs,
    memory: tally.memory,
    slowest: tally.slowest,
    peakRss: tally.peakRss,
    seconds: (Date.now() - t0) / 1000,
  };
}

/**
 * The report as text: seed, cases, outcomes, failures (with how to replay them), the slowest case.
 *
 * @example
 * ```ts
 * console.log(formatFuzzReport(report));
 * ```
 */
export function formatFuzzReport(r: FitsFuzzReport): string {
  const lines = [
    `seed ${r.seed}, cases ${r.start}..${r.start + r.cases - 1} (${r.cases}), ${r.seedCount} seed files, ${r.seconds.toFixed(1)} s`,
    'outcomes:',
    ...Object.entries(r.outcomes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `  ${k.padEnd(28)} ${v}`),
    `untyped errors: ${r.untyped.length}, crashes: ${r.crashes.length}, hangs: ${r.hangs.length}, memory: ${r.memory.length}`,
  ];
  for (const [what, list] of [['untyped', r.untyped], ['crash', r.crashes], ['hang', r.hangs], ['memory', r.memory]] as const) {
    for (const f of list.slice(0, 20)) lines.push(`  ${what} at case ${f.index} (seed file ${f.seedName}; ${f.steps.join('; ')}): ${f.error.split('\n').join('\n      ')}`);
  }
  if (r.slowest) lines.push(`slowest case: ${r.slowest.index} (${r.slowest.ms.toFixed(1)} ms, seed file ${r.slowest.seedName}; ${r.slowest.steps.join('; ')})`);
  lines.push(`peak resident memory of a child: ${(r.peakRss / 2 ** 20).toFixed(0)} MiB`);
  return lines.join('\n');
}
