/**
 * One `.kenobi` fuzz case: a valid head file (from a few seed heads) mutated at byte level, in its JSON header
 * (a value of the wrong type or absurd size, a key or a layer dropped, the document replaced), in its header
 * length, or in its weight blob, then read: readKenobiHeader → loadModel → predict on two rows. Every stage
 * must end in a result or a `LearnError`. Shared by the fuzz test and `scripts/fuzz/kenobi.ts`. Not shipped.
 */
import { isKenobiError, SeededRandom } from '@kenobi/core';
import { mutateBytes, concat } from '../../../core/src/fuzz/byte-mutations.js';
import { attempt, caseSeed, type StageOutcome } from '../../../core/src/fuzz/fuzz-tally.js';
import { mutateJson } from '../../../core/src/fuzz/json-mutations.js';
import { loadModel, readKenobiHeader, saveModel } from '../io/kenobi-format.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { elu } from '../layers/elu.js';
import { leakyRelu } from '../layers/leaky-relu.js';
import { relu } from '../layers/relu.js';
import { sigmoid } from '../layers/sigmoid.js';
import { softmax } from '../layers/softmax.js';
import { tanh } from '../layers/tanh.js';
import { sequential } from '../model/sequential.js';

/** A named seed head and its `.kenobi` bytes. */
export interface KenobiSeed {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * The seed heads: a linear head, an MLP with batch norm and dropout, a float64 head, one of every activation.
 *
 * @example
 * ```ts
 * kenobiSeeds().map((s) => s.name); // ['linear', 'mlp-bn', 'float64', 'activations']
 * ```
 */
export function kenobiSeeds(): KenobiSeed[] {
  const heads = [
    ['linear', sequential([dense(2)], { inputs: 8, seed: 1 })],
    ['mlp-bn', sequential([dense(6), batchNormalization(), relu(), dropout(0.3), dense(3), softmax()], { inputs: 5, seed: 2 })],
    ['float64', sequential([dense(4), tanh(), dense(1), sigmoid()], { inputs: 3, dtype: 'float64', seed: 3 })],
    ['activations', sequential([dense(4), leakyRelu({ negativeSlope: 0.1 }), elu({ alpha: 1 }), dense(2)], { inputs: 4, seed: 4 })],
  ] as const;
  return heads.map(([name, model]) => ({ name, bytes: saveModel(model, { classes: ['a', 'b'], note: name }) }));
}

/** The bytes of one case and how they were made. */
export interface KenobiFuzzInput {
  readonly id: string;
  readonly bytes: Uint8Array;
}

const HEADER_START = 12;

/**
 * The bytes of case `index` of a run seeded `seed` (always the same for the same arguments).
 *
 * @example
 * ```ts
 * kenobiFuzzInput(kenobiSeeds(), 1, 7).id; // 'seed 1 case 7 (mlp-bn, header:replace-value at layers.0.config.units)'
 * ```
 */
export function kenobiFuzzInput(seeds: readonly KenobiSeed[], seed: number, index: number): KenobiFuzzInput {
  const rng = new SeededRandom(caseSeed(seed, index));
  const s = seeds[rng.int(seeds.length)]!;
  const view = new DataView(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength);
  const length = view.getUint32(8, true);
  const blobStart = Math.ceil((HEADER_START + length) / 8) * 8;
  const header = JSON.parse(new TextDecoder().decode(s.bytes.subarray(HEADER_START, HEADER_START + length))) as unknown;
  const blob = s.bytes.subarray(blobStart);
  const level = rng.int(4);
  let bytes: Uint8Array;
  let how: string;
  if (level === 0) {
    const m = mutateBytes(s.bytes, rng);
    bytes = m.bytes;
    how = `bytes:${m.mutation}`;
  } else if (level === 1) {
    const m = mutateJson(header, rng);
    bytes = withHeader(m.value === undefined ? 'undefined' : JSON.stringify(m.value), blob);
    how = `header:${m.mutation}`;
  } else if (level === 2) {
    const text = JSON.stringify(header);
    const choice = rng.int(3);
    if (choice === 0) {
      bytes = withHeader(text, blob, [length + 1 + rng.int(64), 0, 2 ** 32 - 1, length - 1 - rng.int(8)][rng.int(4)]!);
      how = 'header-length';
    } else if (choice === 1) {
      bytes = withHeader(text.slice(0, rng.int(text.length)), blob);
      how = 'header-cut';
    } else {
      bytes = Uint8Array.from(s.bytes);
      new DataView(bytes.buffer).setUint32(4, [0, 2, 2 ** 32 - 1][rng.int(3)]!, true);
      how = 'format-version';
    }
  } else {
    bytes = concat(s.bytes.subarray(0, blobStart), rng.uniform() < 0.5 ? blob.subarray(0, rng.int(blob.length)) : mutateBytes(blob, rng).bytes);
    how = 'blob';
  }
  return { id: `seed ${seed} case ${index} (${s.name}, ${how})`, bytes };
}

/** A `.kenobi` file with this header text; `declared` lies about its length when given. */
function withHeader(text: string, blob: Uint8Array, declared?: number): Uint8Array {
  const json = new TextEncoder().encode(text);
  const blobStart = Math.ceil((HEADER_START + json.length) / 8) * 8;
  const out = new Uint8Array(blobStart + blob.length);
  out.set([0x4b, 0x4e, 0x42, 0x48]);
  const view = new DataView(out.buffer);
  view.setUint32(4, 1, true);
  view.setUint32(8, declared ?? json.length, true);
  out.set(json, HEADER_START);
  out.set(blob, blobStart);
  return out;
}

const isLearnError = (e: unknown): boolean => isKenobiError(e, 'learn/');

/**
 * Reads one case: header, model, a prediction on two rows of zeros.
 *
 * @example
 * ```ts
 * runKenobiPipeline(kenobiFuzzInput(seeds, 1, 7)).filter((s) => s.outcome === 'untyped'); // []
 * ```
 */
export function runKenobiPipeline(input: KenobiFuzzInput): StageOutcome[] {
  const stages: StageOutcome[] = [];
  attempt('header', () => readKenobiHeader(input.bytes, { source: 'fuzz.kenobi' }), isLearnError, stages);
  const loaded = attempt('load', () => loadModel(input.bytes, { source: 'fuzz.kenobi' }), isLearnError, stages);
  if (loaded) {
    const m = loaded.model;
    attempt('predict', () => m.predict({ rows: 2, cols: m.inputs, data: new Float32Array(2 * m.inputs) }), isLearnError, stages);
  }
  return stages;
}
