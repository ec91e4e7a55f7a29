/**
 * Node-only. The child process of `scripts/fuzz/onnx.ts`: serves ONNX fuzz cases (see `onnx-fuzz-case.ts`).
 * With the `shared` option the seeds also include ../shared's mnist-8 and cnn_mnist_pytorch models when
 * present. Not shipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isMainModule, serveFuzzCases, type FuzzCaseRun } from '../../../core/src/fuzz/fuzz-child.node.js';
import { sharedPath } from '../../../../test/support/shared.js';
import { builtinSeeds, type FuzzSeed } from './fuzz-seeds.js';
import { onnxFuzzInput, prepareSeeds, runOnnxPipeline, type PreparedSeed } from './onnx-fuzz-case.js';

/** The shared models used as extra seeds with `--shared`. */
export const SHARED_SEED_MODELS = Object.freeze(['mnist-8.onnx', 'cnn_mnist_pytorch.onnx']);

/**
 * The seeds of a run: the built-in ones, plus the shared models when asked and present.
 *
 * @example
 * ```ts
 * onnxRunSeeds({ shared: true }).map((s) => s.name).slice(-2); // ['mnist-8.onnx', 'cnn_mnist_pytorch.onnx']
 * ```
 */
export function onnxRunSeeds(options: Readonly<Record<string, unknown>>): PreparedSeed[] {
  const seeds: FuzzSeed[] = builtinSeeds();
  if (options.shared === true) {
    for (const name of SHARED_SEED_MODELS) {
      const path = sharedPath('models', name);
      if (existsSync(path)) seeds.push({ name, bytes: new Uint8Array(readFileSync(path)) });
    }
  }
  return prepareSeeds(seeds);
}

/**
 * One case, run in this process.
 *
 * @example
 * ```ts
 * runOnnxCase(onnxRunSeeds({}), 1, 42).stages; // [{ stage: 'decode', outcome: 'onnx/truncated' }]
 * ```
 */
export function runOnnxCase(seeds: readonly PreparedSeed[], seed: number, index: number): FuzzCaseRun {
  const input = onnxFuzzInput(seeds, seed, index);
  return { id: input.id, inputBytes: input.bytes.length, stages: runOnnxPipeline(input) };
}

if (isMainModule(import.meta.url)) serveFuzzCases(onnxRunSeeds, runOnnxCase);
