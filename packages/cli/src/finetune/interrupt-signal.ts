/**
 * Node-only. Ctrl-C during a fine-tuning run as an AbortSignal: `runFinetune` stops at the end of the step and
 * writes its checkpoint. Shared by `kenobi finetune` and the demo's fine-tuning path.
 */

/**
 * An AbortSignal that Ctrl-C (SIGINT) aborts, until `release()` removes the handler.
 *
 * @example
 * ```ts
 * const interrupt = interruptSignal();
 * try { await runFinetune(config, source, width, { say, bar, signal: interrupt.signal }); } finally { interrupt.release(); }
 * ```
 */
export function interruptSignal(): { readonly signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  return { signal: controller.signal, release: () => void process.off('SIGINT', onSigint) };
}
