/**
 * The frozen trunk in its own ORT session, its weights baked in as initializers (FINDINGS: weights fed as
 * inputs lose ORT's prepacked Conv kernels; the trunk never changes, so it keeps them).
 */
import { encodeModel, type ModelProto } from '@kenobi/onnx';
import { createSession, type KenobiSession } from '@kenobi/runtime';
import type { OrtTensor } from '../cnn/ort-graph-session.js';
import type { TrainerDevice } from '../cnn/trainer-options.js';

/**
 * Runs the trunk on batches of prepared inputs.
 *
 * @example
 * ```ts
 * const trunk = await TrunkRunner.open(split.trunk, [3, 224, 224], [512, 7, 7], 'cpu');
 * const out = await trunk.run(inputs, 16); // Float32Array(16 × 512 × 7 × 7)
 * await trunk.dispose();
 * ```
 */
export class TrunkRunner {
  /** Trunk images run so far (what the recompute mode costs). */
  runs = 0;

  private constructor(
    private readonly session: KenobiSession,
    readonly inputDims: readonly number[],
    readonly outputDims: readonly number[],
    readonly batchSize: number,
  ) {}

  /**
   * Opens the trunk on `device`.
   *
   * @example
   * ```ts
   * const trunk = await TrunkRunner.open(split.trunk, [3, 64, 64], split.cutDims, 'cpu', { batchSize: 8 });
   * ```
   */
  static async open(trunk: ModelProto, inputDims: readonly number[], outputDims: readonly number[], device: TrainerDevice, options: { readonly threads?: number; readonly batchSize?: number } = {}): Promise<TrunkRunner> {
    const session = await createSession(encodeModel(trunk), {
      device,
      ...(options.threads === undefined ? {} : { sessionOptions: { intraOpNumThreads: options.threads, interOpNumThreads: 1 } }),
    });
    return new TrunkRunner(session, inputDims, outputDims, Math.max(1, options.batchSize ?? 16));
  }

  /** Values per image out. */
  get perItem(): number {
    return this.outputDims.reduce((a, b) => a * b, 1);
  }

  /** The trunk's output for `n` inputs (NCHW in `input`), written into `out` when given. */
  async run(input: Float32Array, n: number, out: Float32Array = new Float32Array(n * this.perItem)): Promise<Float32Array> {
    const perIn = this.inputDims.reduce((a, b) => a * b, 1), perOut = this.perItem;
    const name = this.session.inputNames[0]!, output = this.session.outputNames[0]!;
    for (let start = 0; start < n; start += this.batchSize) {
      const count = Math.min(this.batchSize, n - start);
      const x = this.session.tensor(input.subarray(start * perIn, (start + count) * perIn), [count, ...this.inputDims]);
      try {
        const result = await this.session.session.run({ [name]: x });
        out.set(result[output]!.data as Float32Array, start * perOut);
        for (const v of Object.values(result)) (v as OrtTensor).dispose();
      } finally {
        x.dispose();
      }
      this.runs += count;
    }
    return out;
  }

  /** Closes the session. */
  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}
