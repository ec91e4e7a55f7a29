import type { EpochLogs, TrainingCallback, TrainingState } from './training-callback.js';

/**
 * Formats one epoch as a line: `epoch 3/10  loss 0.4123  val_loss 0.4500  auc 0.9120  lr 1.0e-3  0.82 s`.
 *
 * @example
 * ```ts
 * formatEpochLine(logs, 10); // 'epoch 1/10  loss 0.6931  lr 1.0e-3  0.10 s'
 * ```
 */
export function formatEpochLine(logs: EpochLogs, epochs: number): string {
  const parts = [`epoch ${logs.epoch + 1}/${epochs}`, `loss ${logs.loss.toFixed(4)}`];
  if (logs.valLoss !== undefined) parts.push(`val_loss ${logs.valLoss.toFixed(4)}`);
  for (const [k, v] of Object.entries(logs.metrics)) parts.push(`${k} ${v.toFixed(4)}`);
  parts.push(`lr ${logs.lr.toExponential(1)}`, `${logs.seconds.toFixed(2)} s`);
  return parts.join('  ');
}

/**
 * A callback that writes one progress line per epoch (default: `console.log`; the CLI passes stderr).
 *
 * @example
 * ```ts
 * await fit(model, x, y, { ..., callbacks: [progressLogger((line) => process.stderr.write(line + '\n'))] });
 * ```
 */
export function progressLogger(write: (line: string) => void = (l) => console.log(l)): TrainingCallback {
  return {
    onEpochEnd(logs: EpochLogs, state: TrainingState): void {
      write(formatEpochLine(logs, state.epochs));
    },
  };
}
