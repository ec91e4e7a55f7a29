/**
 * Node-only. Runs a long fuzz campaign in a child process (a format's child module, see
 * `fuzz-child.node.ts`) and watches it: a case running longer than `hangMs` is a hang (the child is killed,
 * the run goes on after the case), a child that dies is a crash at the case it was running, an untyped error
 * is a finding, and a case that grows memory beyond `fixedBudget + perByte × input size` is an oversized
 * allocation. Used by `scripts/fuzz/`. Not shipped.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { FuzzChildReport, FuzzChildTask } from './fuzz-child.node.js';
import { FuzzTally } from './fuzz-tally.js';

/** Options of {@link runFuzzCampaign}. */
export interface FuzzCampaignOptions {
  /** Path of the format's child module. */
  readonly childModule: string;
  readonly seed: number;
  readonly cases: number;
  /** First case index (default 0). */
  readonly start?: number;
  /** A case running longer than this is a hang (default 10 s). */
  readonly hangMs?: number;
  /** Memory growth allowed to any case (default 256 MiB)... */
  readonly fixedBudgetBytes?: number;
  /** ...plus this many times its input's size (default 64). */
  readonly perInputByte?: number;
  /** Passed to the child module's prepare function. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Called every 1,000 cases. */
  readonly onProgress?: (done: number, tally: FuzzTally) => void;
}

/** What {@link runFuzzCampaign} found, beyond the tally. */
export interface FuzzCampaignResult {
  readonly tally: FuzzTally;
  /** The case that grew memory most, relative to its budget. */
  readonly largestGrowth: { readonly caseId: string; readonly bytes: number; readonly inputBytes: number } | undefined;
  readonly peakRss: number;
  readonly seconds: number;
}

/**
 * Runs cases [start, start + cases) and returns the tally.
 *
 * @example
 * ```ts
 * const r = await runFuzzCampaign({ childModule: 'packages/onnx/src/fuzz/onnx-fuzz-child.ts', seed: 1, cases: 20000 });
 * r.tally.failures.length; // 0
 * ```
 */
export async function runFuzzCampaign(o: FuzzCampaignOptions): Promise<FuzzCampaignResult> {
  const tally = new FuzzTally();
  const start = o.start ?? 0;
  const end = start + o.cases;
  const hangMs = o.hangMs ?? 10_000;
  const fixed = o.fixedBudgetBytes ?? 256 * 2 ** 20;
  const perByte = o.perInputByte ?? 64;
  let largest: FuzzCampaignResult['largestGrowth'];
  let peakRss = 0;
  const t0 = performance.now();
  let next = start;
  while (next < end) {
    next = await new Promise<number>((resolve) => {
      let current = next;
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const child: ChildProcess = fork(o.childModule, [], {
        execArgv: ['--conditions=@kenobi/source', '--import', 'tsx', '--max-old-space-size=2048'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const finish = (resume: number): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(resume);
      };
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          tally.recordFailure(`seed ${o.seed} case ${current}`, 'hang', `no result after ${hangMs} ms`);
          child.kill('SIGKILL');
          finish(current + 1);
        }, hangMs);
      };
      child.on('message', (m: FuzzChildReport) => {
        tally.record(m.id, m.stages, m.ms);
        peakRss = Math.max(peakRss, m.rss);
        const budget = fixed + perByte * m.inputBytes;
        if (m.grownBytes > budget) tally.recordFailure(m.id, 'oversize', `grew ${m.grownBytes} bytes for ${m.inputBytes} bytes of input`, false);
        if (!largest || m.grownBytes / (fixed + perByte * m.inputBytes) > largest.bytes / (fixed + perByte * largest.inputBytes)) {
          largest = { caseId: m.id, bytes: m.grownBytes, inputBytes: m.inputBytes };
        }
        current = m.index + 1;
        if ((current - start) % 1000 === 0) o.onProgress?.(current - start, tally);
        arm();
      });
      child.on('exit', (code, signal) => {
        if (settled) return;
        if (current < end) {
          tally.recordFailure(`seed ${o.seed} case ${current}`, 'crash', `the child exited (${signal ?? `code ${code}`})`);
          finish(current + 1);
        } else finish(end);
      });
      const task: FuzzChildTask = { seed: o.seed, from: current, to: end, options: o.options ?? {} };
      child.send(task);
      arm();
    });
  }
  return { tally, largestGrowth: largest, peakRss, seconds: (performance.now() - t0) / 1000 };
}
