/**
 * The child process of a FITS fuzz run (forked by `fits-fuzz-runner.ts`): runs cases [from, to) one after the
 * other and reports each to the parent as it ends, so that a case that hangs or kills the process is known by
 * its index. Not part of the package's API.
 */
import { nodeDecoders } from '../node.js';
import { loadSeeds, makeCase } from './fits-fuzz-cases.js';
import { runFitsCase } from './fits-fuzz-case.js';

/** What the parent sends to start a run. */
export interface ChildTask {
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly seedFiles: readonly string[];
  readonly maxBytes: number;
  /** For the runner's own tests: make this case hang, kill the child, or throw an untyped error. */
  readonly sabotage?: { readonly index: number; readonly kind: 'hang' | 'crash' | 'untyped' };
}

/** What the child sends after each case: how it ended, how long it took, the process's resident memory. */
export interface ChildCaseReport {
  readonly index: number;
  /** 'decoded', a FitsError code, or 'untyped'. */
  readonly outcome: string;
  readonly ms: number;
  readonly rss: number;
  /** For an untyped error: its name, message and first stack lines; and the case's seed and mutations. */
  readonly error?: string;
  readonly seedName: string;
  readonly steps: readonly string[];
}

/** What the runner's tests ask for, to check that it sees hangs, crashes and untyped errors. */
function sabotage(kind: 'hang' | 'crash' | 'untyped'): void {
  if (kind === 'crash') process.exit(3);
  if (kind === 'untyped') throw new TypeError('sabotaged case');
  for (;;) {
    // hang
  }
}

/** Sends a message and waits until it is out (the parent must see each case end while the next runs). */
function send(message: unknown): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, undefined, {}, (e) => (e ? reject(e) : resolve())));
}

async function run(task: ChildTask): Promise<void> {
  const seeds = loadSeeds(task.seedFiles);
  await send({ ready: true });
  for (let i = task.from; i < task.to; i += 1) {
    const c = makeCase(seeds, task.seed, i);
    const t0 = performance.now();
    let outcome: string;
    let error: string | undefined;
    try {
      if (task.sabotage?.index === i) sabotage(task.sabotage.kind);
      const o = runFitsCase(c.bytes, { decoders: nodeDecoders, maxBytes: task.maxBytes });
      outcome = o.kind === 'decoded' ? 'decoded' : o.code;
    } catch (e) {
      outcome = 'untyped';
      const err = e as Error;
      error = `${err?.name}: ${err?.message}\n${String(err?.stack).split('\n').slice(1, 5).join('\n')}`;
    }
    const ms = performance.now() - t0;
    const report: ChildCaseReport = { index: i, outcome, ms, rss: process.memoryUsage.rss(), error, seedName: c.seedName, steps: c.steps };
    await send(report);
  }
  await send({ done: true });
}

process.once('message', (task: ChildTask) => {
  void run(task).then(() => process.disconnect());
});
