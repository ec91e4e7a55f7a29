/**
 * Node-only. The child-process side of a long fuzz run (see `fuzz-runner.node.ts`): a format's child module
 * calls {@link serveFuzzCases} with its case function; the child then runs cases [from, to) one after the
 * other and reports each as it ends (outcomes, time, memory), so a case that hangs or kills the process is
 * known by its index. Not shipped.
 */
import vm from 'node:vm';
import v8 from 'node:v8';
import { pathToFileURL } from 'node:url';
import type { StageOutcome } from './fuzz-tally.js';

/** What a format's case function returns. */
export interface FuzzCaseRun {
  /** Names the case: seed, index, seed file, mutations. */
  readonly id: string;
  /** Bytes of the damaged input (for the memory budget). */
  readonly inputBytes: number;
  readonly stages: readonly StageOutcome[];
}

/** What the parent sends: run cases [from, to) of the run seeded `seed`; `options` go to the case function. */
export interface FuzzChildTask {
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly options: Readonly<Record<string, unknown>>;
}

/** What the child sends after each case. */
export interface FuzzChildReport {
  readonly index: number;
  readonly id: string;
  readonly stages: readonly StageOutcome[];
  readonly ms: number;
  readonly inputBytes: number;
  /** JS heap + array buffers grown during the case (a garbage collection runs before each case). */
  readonly grownBytes: number;
  readonly rss: number;
}

/**
 * Serves cases to the parent process. `prepare` runs once (seeds), `run` once per case.
 *
 * @example
 * ```ts
 * serveFuzzCases(() => prepareSeeds(builtinSeeds()), (seeds, seed, i) => {
 *   const input = onnxFuzzInput(seeds, seed, i);
 *   return { id: input.id, inputBytes: input.bytes.length, stages: runOnnxPipeline(input) };
 * });
 * ```
 */
export function serveFuzzCases<S>(prepare: (options: Readonly<Record<string, unknown>>) => S, run: (state: S, seed: number, index: number) => FuzzCaseRun | Promise<FuzzCaseRun>): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  process.once('message', (task: FuzzChildTask) => {
    void (async () => {
      const state = prepare(task.options);
      for (let i = task.from; i < task.to; i++) {
        gc();
        const before = process.memoryUsage();
        const t0 = performance.now();
        const r = await run(state, task.seed, i);
        const ms = performance.now() - t0;
        const after = process.memoryUsage();
        const grownBytes = Math.max(0, after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers);
        const report: FuzzChildReport = { index: i, id: r.id, stages: r.stages, ms, inputBytes: r.inputBytes, grownBytes, rss: after.rss };
        await new Promise<void>((done) => process.send!(report, () => done()));
      }
      process.disconnect();
    })();
  });
}

/**
 * True when the module at `url` is the process's entry point (a child module serves cases only then, not
 * when a script imports it for `--replay`).
 *
 * @example
 * ```ts
 * if (isMainModule(import.meta.url)) serveFuzzCases(prepare, run);
 * ```
 */
export function isMainModule(url: string): boolean {
  return process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
}
