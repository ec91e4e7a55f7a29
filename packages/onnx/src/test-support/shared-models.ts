/**
 * Test support for the shared-model tests: the models of ../shared/models with their input shapes and
 * MODELS.json records, a seeded input, and one ORT-node CPU run that returns named float outputs.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { SeededRandom } from '@kenobi/core';
import { needShared, sharedPath } from '../../../../test/support/shared.js';
import { encodeModel } from '../model-codec.js';
import type { ModelProto } from '../onnx-types.js';

/** One shared model: file, input shape for a batch of 1, and whether its weights are all float. */
export interface SharedModel {
  readonly file: string;
  readonly inputShape: readonly number[];
  readonly fp32: boolean;
  readonly featureTensors: readonly string[];
}

const SHAPES: Readonly<Record<string, readonly number[]>> = {
  'mnist-8.onnx': [1, 1, 28, 28], 'cnn_mnist_pytorch.onnx': [1, 1, 28, 28], 'cifar10-resnet20.onnx': [1, 3, 32, 32],
};

/** Every model listed in MODELS.json; empty when ../shared is absent (a present but unreadable file throws). */
export function sharedModels(): SharedModel[] {
  const path = sharedPath('models/MODELS.json');
  if (!existsSync(path)) return [];
  const records = (JSON.parse(readFileSync(path, 'utf8')) as { models: { file: string; feature_tensors?: { name: string }[]; graph?: { outputs?: Record<string, string> } }[] }).models;
  return records.map((r) => ({
    file: r.file,
    inputShape: SHAPES[r.file] ?? [1, 3, 224, 224],
    fp32: !/int8\.onnx$/.test(r.file),
    featureTensors: r.feature_tensors?.map((f) => f.name) ?? Object.keys(r.graph?.outputs ?? {}).filter((k) => k === 'avg_pool'),
  }));
}

/**
 * Registers `register(model)` for every model in MODELS.json. Without ../shared the per-model tests do not
 * vanish: one test named `what` goes pending with the reason (or fails under KENOBI_REQUIRE_MODELS=1).
 *
 * @example
 * ```ts
 * forEachSharedModel('round trip', (m) => it(`round-trips ${m.file}`, async function () { ... }));
 * ```
 */
export function forEachSharedModel(what: string, register: (model: SharedModel) => void): void {
  const models = sharedModels();
  if (models.length > 0) {
    models.forEach(register);
    return;
  }
  it(`${what}: one test per model of ../shared/models/MODELS.json`, function () {
    needShared(this, 'models/MODELS.json');
  });
}

/** A seeded input in [0, 1). */
export function seededInput(shape: readonly number[], seed = 7): Float32Array {
  const rng = new SeededRandom(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform());
}

/** Runs `model` on ORT-node CPU with one float input and returns the requested (or all) outputs. */
export async function runOrt(model: ModelProto | Uint8Array, input: Float32Array, shape: readonly number[], outputs?: readonly string[]): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
  const bytes = model instanceof Uint8Array ? model : encodeModel(model);
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], logSeverityLevel: 3 });
  try {
    const feed = new ort.Tensor('float32', input, [...shape]);
    const result = await session.run({ [session.inputNames[0]!]: feed }, outputs ? [...outputs] : session.outputNames);
    const out: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
    for (const [name, t] of Object.entries(result)) {
      out[name] = { data: Float32Array.from(t.data as ArrayLike<number>), dims: [...t.dims] };
      t.dispose();
    }
    feed.dispose();
    return out;
  } finally {
    await session.release();
  }
}

/** The largest absolute difference between two arrays (Infinity when their lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
