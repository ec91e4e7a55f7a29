/**
 * Where a training step's time goes, accumulated over steps (milliseconds), so copies and TypeScript work
 * can be weighed against ORT's run.
 */

/**
 * Phases of a step: `read` (images into the batch buffer), `feeds` (targets, dropout masks, tensors),
 * `run` (ORT: forward, loss, backward), `gradients` (gradient outputs into the params' grad arrays),
 * `optimizer` (the update in TypeScript), `statistics` (batch-norm running statistics, accuracy).
 *
 * @example
 * ```ts
 * import { STEP_PHASES } from '@kenobi/learn';
 * STEP_PHASES.length; // 6
 * ```
 */
export const STEP_PHASES = Object.freeze(['read', 'feeds', 'run', 'gradients', 'optimizer', 'statistics'] as const);
/** One of {@link STEP_PHASES}. */
export type StepPhase = (typeof STEP_PHASES)[number];

/**
 * Accumulated milliseconds per phase and the step count.
 *
 * @example
 * ```ts
 * const t = trainer.timings();
 * t.ms.run / t.steps; // ORT milliseconds per step
 * ```
 */
export interface StepTimings {
  readonly steps: number;
  readonly ms: Readonly<Record<StepPhase, number>>;
}

/**
 * A mutable accumulator of {@link StepTimings}.
 *
 * @example
 * ```ts
 * const t = new StepClock();
 * t.lap('run'); // adds the time since the previous lap to 'run'
 * t.snapshot().ms.run;
 * ```
 */
export class StepClock {
  private readonly ms: Record<StepPhase, number> = { read: 0, feeds: 0, run: 0, gradients: 0, optimizer: 0, statistics: 0 };
  private steps = 0;
  private last = 0;

  /** Starts timing a step. */
  start(): void {
    this.last = performance.now();
  }

  /** Adds the time since the previous lap (or `start`) to `phase`. */
  lap(phase: StepPhase): void {
    const now = performance.now();
    this.ms[phase] += now - this.last;
    this.last = now;
  }

  /** Counts one finished step. */
  done(): void {
    this.steps++;
  }

  snapshot(): StepTimings {
    return { steps: this.steps, ms: { ...this.ms } };
  }
}
