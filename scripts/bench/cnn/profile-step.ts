/**
 * Where one training step of an image model goes inside ONNX Runtime: compiles the model's training graph as
 * `ImageTrainer` does (`compileTrainingGraph`), opens it with the session options of @kenobi/learn's
 * `openGraphSession` (Convs lowered to NCHWc kernels unless KENOBI_NCHWC=0) plus ORT's profiler, runs one warm-up and one profiled step on seeded feeds (weights from
 * the model, images N(0, 1), dropout masks of 0 and 1/(1 − p) at about rate p) and sums kernel time by op type,
 * forward (the model's nodes and the training rewrites, `train/…`) vs backward (`grad/…`), and by node.
 * Used by scripts/bench/cnn/run.ts `--profile`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '@kenobi/core';
import { compileTrainingGraph, gradientFormsFor, lowerConvsToNchwc, nchwcSupport, type ImageModel } from '@kenobi/learn';
import { encodeModel } from '@kenobi/onnx';
import { nodePlatform } from '@kenobi/runtime';
import { lastRunKernels, sumBy, type ProfiledKernel } from '../ort-profile.js';

/** Kernel milliseconds of one profiled step. */
export interface StepProfile {
  readonly run: number;
  readonly forward: number;
  readonly backward: number;
  /** [`F|B OpType`, ms], largest first. */
  readonly byOp: readonly (readonly [string, number])[];
  /** [node name, ms], largest first (the top 12). */
  readonly byNode: readonly (readonly [string, number])[];
}

/**
 * Profiles one training step of `model` at `batch` images and `threads` intra-op threads.
 *
 * @example
 * ```ts
 * const p = await profileStep(seedsCnn(), 64, 2); // p.byOp[0]: ['B Gemm', 880.3]
 * ```
 */
export async function profileStep(model: ImageModel, batch: number, threads: number): Promise<StepProfile> {
  const { ort } = await nodePlatform.loadOrt('onnxruntime-node');
  const plan = compileTrainingGraph(model, 'binaryCrossEntropy', await gradientFormsFor('cpu'));
  const dir = mkdtempSync(join(tmpdir(), 'kenobi-bench-cnn-profile-'));
  try {
    // as openGraphSession runs it on CPU: eligible Convs lowered to ORT's NCHWc kernels unless KENOBI_NCHWC=0
    const support = process.env['KENOBI_NCHWC'] === '0' ? undefined : await nchwcSupport();
    const model = support?.ok ? lowerConvsToNchwc(plan.model, support.blockSize).model : plan.model;
    const session = await ort.InferenceSession.create(encodeModel(model), {
      executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential',
      enableMemPattern: false, extra: { session: { intra_op: { allow_spinning: '0' } } }, enableProfiling: true, profileFilePrefix: join(dir, 'p'),
    });
    const rng = new SeededRandom(3);
    const rates = new Map(plan.masks.map((m) => [m.name, m.rate]));
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
    for (const input of plan.model.graph!.input!) {
      const name = input.name!;
      const dims = (input.type!.tensor_type!.shape!.dim ?? []).map((d) => (d.dim_param ? batch : Number(d.dim_value)));
      const weight = plan.weights.get(name);
      const count = dims.reduce((a, b) => a * b, 1);
      const rate = rates.get(name);
      const data = weight ? (weight.value as Float32Array)
        : rate !== undefined ? Float32Array.from({ length: count }, () => (rng.uniform() < rate ? 0 : 1 / (1 - rate)))
          : Float32Array.from({ length: count }, () => (name === plan.input ? rng.normal() : rng.uniform() < 0.5 ? 1 : 0));
      feeds[name] = new ort.Tensor('float32', data, dims);
    }
    await session.run(feeds);
    await session.run(feeds);
    session.endProfiling();
    await session.release();
    const { runMs, kernels } = lastRunKernels(dir);
    const sum = (ks: readonly ProfiledKernel[]): number => ks.reduce((t, k) => t + k.ms, 0);
    return {
      run: runMs, forward: sum(kernels.filter((k) => !k.backward)), backward: sum(kernels.filter((k) => k.backward)),
      byOp: sumBy(kernels, (k) => `${k.backward ? 'B' : 'F'} ${k.op}`), byNode: sumBy(kernels, (k) => k.node).slice(0, 12),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
