/**
 * One ONNX fuzz case: seeded bytes (a seed model mutated at byte, wire or structure level) run through
 * decode → validate → summary → cutAtTensor → findFeatureTensor (and a cut at the tensor found). Every stage
 * must end in a result or an `OnnxError`; anything else is a bug. Shared by the fuzz test and
 * `scripts/fuzz/onnx.ts`. Not shipped.
 */
import { attempt, caseSeed, type StageOutcome } from '../../../core/src/fuzz/fuzz-tally.js';
import { mutateBytes } from '../../../core/src/fuzz/byte-mutations.js';
import { isKenobiError, SeededRandom } from '@kenobi/core';
import { cutAtTensor, POOL_MODES } from '../cut-at-tensor.js';
import { findFeatureTensor } from '../feature-tensor.js';
import { graphView } from '../graph-view.js';
import { decodeModel, encodeModel, validateModel } from '../model-codec.js';
import { summary } from '../model-summary.js';
import { formatSummary } from '../summary-format.js';
import { parseWire, type WireField } from './protobuf-wire.js';
import { mutateWire } from './protobuf-mutations.js';
import { mutateModel, type ModelMutationOptions } from './model-mutations.js';
import type { FuzzSeed } from './fuzz-seeds.js';

/** A seed with its parsed wire tree, made once per run. */
export interface PreparedSeed extends FuzzSeed {
  readonly tree: WireField[] | undefined;
}

/**
 * Parses each seed's wire tree once.
 *
 * @example
 * ```ts
 * const seeds = prepareSeeds(builtinSeeds());
 * ```
 */
export function prepareSeeds(seeds: readonly FuzzSeed[]): PreparedSeed[] {
  return seeds.map((s) => ({ ...s, tree: parseWire(s.bytes) }));
}

/** The bytes of one case and how they were made. */
export interface OnnxFuzzInput {
  /** 'seed 1 case 42 (lenet5, wire:huge-length)': enough to rerun it. */
  readonly id: string;
  readonly bytes: Uint8Array;
  /** Draws for the pipeline (which tensor to cut at, which pooling). */
  readonly rng: SeededRandom;
}

/**
 * The bytes of case `index` of a run seeded `seed`: a third byte-level, a third wire-level, a third
 * structure-level mutations (now and then two stacked). The same arguments always give the same bytes.
 *
 * @example
 * ```ts
 * const input = onnxFuzzInput(seeds, 1, 42);
 * input.id; // 'seed 1 case 42 (resnet18, model:cycle)'
 * ```
 */
export function onnxFuzzInput(seeds: readonly PreparedSeed[], seed: number, index: number, options: ModelMutationOptions = {}): OnnxFuzzInput {
  const rng = new SeededRandom(caseSeed(seed, index));
  const s = seeds[rng.int(seeds.length)]!;
  const level = rng.int(3);
  let bytes: Uint8Array;
  let how: string;
  if (level === 0) {
    const m = mutateBytes(s.bytes, rng);
    bytes = m.bytes;
    how = `bytes:${m.mutation}`;
  } else if (level === 1) {
    const m = mutateWire(s.bytes, rng, s.tree);
    bytes = m.bytes;
    how = `wire:${m.mutation}`;
  } else {
    const model = decodeModel(s.bytes);
    const first = mutateModel(model, rng, undefined, options);
    const second = rng.uniform() < 0.25 ? mutateModel(model, rng, undefined, options) : undefined;
    bytes = encodeModel(model);
    how = `model:${first}${second ? `+${second}` : ''}`;
  }
  if (rng.uniform() < 0.1) {
    const m = mutateBytes(bytes, rng);
    bytes = m.bytes;
    how += `+bytes:${m.mutation}`;
  }
  return { id: `seed ${seed} case ${index} (${s.name}, ${how})`, bytes, rng };
}

const isOnnxError = (e: unknown): boolean => isKenobiError(e, 'onnx/');

/**
 * Runs the pipeline on one case's bytes; each stage's outcome is returned (a stage is skipped when the one it
 * needs failed).
 *
 * @example
 * ```ts
 * const stages = runOnnxPipeline(input);
 * stages.filter((s) => s.outcome === 'untyped'); // [] unless there is a bug
 * ```
 */
export function runOnnxPipeline(input: OnnxFuzzInput): StageOutcome[] {
  const stages: StageOutcome[] = [];
  const { rng } = input;
  const model = attempt('decode', () => decodeModel(input.bytes, { source: 'fuzz.onnx' }), isOnnxError, stages);
  if (!model) return stages;
  attempt('validate', () => validateModel(model, 'fuzz.onnx'), isOnnxError, stages);
  attempt('summary', () => formatSummary(summary(model)), isOnnxError, stages);
  const names = attempt('graph-view', () => graphView(model).tensorNames, isOnnxError, stages) ?? [];
  const tensor = names.length > 0 && rng.uniform() < 0.9 ? names[rng.int(names.length)]! : `no_such_tensor_${rng.int(100)}`;
  const pool = POOL_MODES[rng.int(POOL_MODES.length)]!;
  const cut = attempt('cut', () => encodeModel(cutAtTensor(model, tensor, { pool })), isOnnxError, stages);
  if (cut) attempt('cut-redecode', () => decodeModel(cut, { source: 'cut.onnx' }), isOnnxError, stages);
  const feature = attempt('feature-tensor', () => findFeatureTensor(model), isOnnxError, stages);
  if (feature) attempt('auto-cut', () => encodeModel(cutAtTensor(model, feature.name, { pool: feature.poolingNeeded ? 'avg' : 'none' })), isOnnxError, stages);
  return stages;
}
