/**
 * Node-only. Ctrl-C (SIGINT) or SIGTERM during a fine-tuning run as an AbortSignal: `runFinetune` stops at the
 * end of the step and writes its checkpoint. Shared by `kenobi finetune` and the demo's fine-tuning path.
 * NOTE: SIGTERM is what `kill`, Slurm's time limit and preemption send before SIGKILL (Slurm waits `KillWait`,
 * 30 s by default), so a job that runs out of time leaves a checkpoint that `--resume` continues, as
 * `kenobi train` does. Each handler fires once: a second signal of the same kind ends the process at once.
 */

/** The signals that stop a run at the end of its step. @example `STOP_SIGNALS.includes('SIGTERM'); // true` */
export const STOP_SIGNALS = Object.freeze(['SIGINT', 'SIGTERM'] as const);

/**
 * An AbortSignal that Ctrl-C (SIGINT) or SIGTERM aborts, until `release()` removes the handlers.
 *
 * @example
 * ```ts
 * const interrupt = interruptSignal();
 * try { await runFinetune(config, source, width, { say, bar, signal: interrupt.signal }); } finally { interrupt.release(); }
 * ```
 */
export function interruptSignal(): { readonly signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const handlers = STOP_SIGNALS.map((name) => {
    const handler = (): void => controller.abort(name);
    process.once(name, handler);
    return [name, handler] as const;
  });
  return { signal: controller.signal, release: () => { for (const [name, handler] of handlers) process.off(name, handler); } };
}
