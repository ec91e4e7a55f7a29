/**
 * Node-only. The command line of the long fuzz scripts in `scripts/fuzz/` (onnx, npy, kenobi, store): parses
 * `--cases`, `--seed`, `--start`, `--hang-ms` and `--replay`, runs the campaign in a child process, prints
 * the seed, the case count, outcomes by stage and error code, untyped errors, crashes, hangs and oversized
 * allocations, the slowest case and the largest memory growth, and sets the exit code (1 on any finding).
 * Not shipped.
 */
import { parseArgs } from 'node:util';
import { runFuzzCampaign } from './fuzz-runner.node.js';
import type { FuzzCaseRun } from './fuzz-child.node.js';

/** What a format's script gives {@link fuzzMain}. */
export interface FuzzScript {
  /** 'onnx', 'npy', 'kenobi', 'store'. */
  readonly format: string;
  /** Path of the format's child module. */
  readonly childModule: string;
  /** Runs one case in this process (for `--replay`). */
  readonly replay: (seed: number, index: number, options: Readonly<Record<string, unknown>>) => Promise<FuzzCaseRun>;
  /** Default case count. */
  readonly defaultCases: number;
  /** Extra options parsed from the command line and passed to the child (e.g. `--shared`). */
  readonly extraFlags?: Readonly<Record<string, 'boolean' | 'string'>>;
}

/**
 * Runs the script's command line; resolves to the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await fuzzMain({ format: 'onnx', childModule, replay, defaultCases: 20000 }, process.argv.slice(2));
 * ```
 */
export async function fuzzMain(script: FuzzScript, argv: readonly string[]): Promise<number> {
  const extra = Object.fromEntries(Object.entries(script.extraFlags ?? {}).map(([k, type]) => [k, { type }])) as Record<string, { type: 'boolean' | 'string' }>;
  const { values } = parseArgs({
    args: [...argv],
    options: {
      cases: { type: 'string', default: String(script.defaultCases) },
      seed: { type: 'string', default: '1' },
      start: { type: 'string', default: '0' },
      'hang-ms': { type: 'string', default: '10000' },
      replay: { type: 'string' },
      ...extra,
    },
  });
  const seed = Number(values.seed);
  const options = Object.fromEntries(Object.keys(extra).map((k) => [k, (values as Record<string, unknown>)[k]]));
  if (values.replay !== undefined) {
    const r = await script.replay(seed, Number(values.replay), options);
    console.log(r.id);
    for (const s of r.stages) console.log(`  ${s.stage}: ${s.outcome}${s.error ? ` ${s.error}` : ''}`);
    return r.stages.some((s) => s.outcome === 'untyped') ? 1 : 0;
  }
  const cases = Number(values.cases);
  const start = Number(values.start);
  console.log(`${script.format} fuzz: seed ${seed}, cases ${start} to ${start + cases - 1} (node ${process.version}, ${new Date().toISOString()})`);
  const result = await runFuzzCampaign({
    childModule: script.childModule, seed, cases, start, hangMs: Number(values['hang-ms']), options,
    onProgress: (done, tally) => console.log(`  ${done} cases, ${tally.failures.length} findings`),
  });
  console.log(`seed: ${seed}`);
  console.log(result.tally.format());
  if (result.largestGrowth) {
    const g = result.largestGrowth;
    console.log(`largest memory growth in a case: ${(g.bytes / 2 ** 20).toFixed(1)} MiB for ${g.inputBytes} bytes of input (${g.caseId})`);
  }
  console.log(`peak resident memory of the child: ${(result.peakRss / 2 ** 20).toFixed(0)} MiB; ${result.seconds.toFixed(0)} s`);
  const failed = result.tally.failures.length > 0;
  console.log(failed ? `FAILED: ${result.tally.failures.length} findings (replay one with --seed ${seed} --replay <case>)` : 'OK: no untyped error, crash, hang or oversized allocation');
  return failed ? 1 : 0;
}
