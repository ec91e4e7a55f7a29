/**
 * The run checkpoint of `kenobi train --arch`: where a (cross-validated) run stands, so `--resume` continues
 * bit-identically: the stage in progress and its trainer checkpoint (`ImageTrainer.checkpoint()` bytes:
 * weights, optimizer state, position), the early-stopping state with the best epoch's weights, and the
 * finished folds' results. One file: `KNBR`, a little-endian u32 header length, the JSON header, then the
 * blobs, each 8-byte aligned. Written atomically (`writeCheckpointFile`).
 */
import { KenobiError } from '@kenobi/core';
import { readCheckpointFile, writeCheckpointFile } from '@kenobi/learn/node';
import type { StageOutcome } from './image-run-config.js';

/**
 * Early stopping of the stage in progress (validation loss, Keras's `restore_best_weights`).
 *
 * @example
 * ```ts
 * const e: EarlyState = { bestLoss: 0.31, bestEpoch: 4, wait: 1, stopped: false, val: [{ loss: 0.4, auc: 0.9 }] };
 * ```
 */
export interface EarlyState {
  readonly bestLoss: number | null;
  readonly bestEpoch: number;
  readonly wait: number;
  readonly stopped: boolean;
  /** Validation metrics per finished epoch. */
  readonly val: readonly Readonly<Record<string, number>>[];
}

/**
 * A finished fold: its test rows, their outputs and its metrics.
 *
 * @example
 * ```ts
 * const f: FoldResult = { test: [0, 5, 9], scores: [0.9, 0.2, 0.7], metrics: { auc: 0.93 } };
 * ```
 */
export interface FoldResult {
  readonly test: readonly number[];
  readonly scores: readonly number[];
  readonly metrics: Readonly<Record<string, number>>;
}

/**
 * The JSON part of a run checkpoint.
 *
 * @example
 * ```ts
 * const s: RunState = { fingerprint, stage: 2, outcomes: [...], folds: [...], early, stageSeconds: 120, bestFold: 0 };
 * ```
 */
export interface RunState {
  readonly fingerprint: string;
  /** The settings the fingerprint hashes (absent in checkpoints written before 2026-12-07): a refused resume names what differs. */
  readonly settings?: unknown;
  /** Index of the stage in progress: folds 0..k−1, then the final model. */
  readonly stage: number;
  readonly outcomes: readonly StageOutcome[];
  readonly folds: readonly FoldResult[];
  readonly early: EarlyState;
  /** Seconds the stage in progress has trained so far (over all resumes). */
  readonly stageSeconds: number;
  /** The fold whose weights are in the `bestFold` blob (final model 'best-fold'). */
  readonly bestFold?: number;
}

/**
 * The binary parts: `trainer` (checkpoint bytes; empty between stages), `bestEpoch` and `bestFold` (weights,
 * params then buffers).
 *
 * @example
 * ```ts
 * const b: RunBlobs = { trainer: trainer.checkpoint(), bestEpoch: flatWeights(model) };
 * ```
 */
export interface RunBlobs {
  readonly trainer: Uint8Array;
  readonly bestEpoch?: Float32Array;
  readonly bestFold?: Float32Array;
}

const MAGIC = 'KNBR';
const BLOBS = ['trainer', 'bestEpoch', 'bestFold'] as const;

function corrupt(path: string, why: string): KenobiError {
  return new KenobiError('cli/bad-checkpoint', `${path} is not a kenobi train checkpoint: ${why}`, { hint: 'start again without --resume' });
}

/**
 * Writes the run checkpoint atomically (the previous one stays intact until the rename).
 *
 * @example
 * ```ts
 * writeRunCheckpoint('lensnet.kenobi.ckpt', state, { trainer: trainer.checkpoint() });
 * ```
 */
export function writeRunCheckpoint(path: string, state: RunState, blobs: RunBlobs): void {
  const parts: { name: string; bytes: Uint8Array }[] = [];
  for (const name of BLOBS) {
    const b = blobs[name];
    if (b) parts.push({ name, bytes: b instanceof Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength) });
  }
  let offset = 0;
  const table = parts.map((p) => {
    const entry = { name: p.name, offset, bytes: p.bytes.length };
    offset += Math.ceil(p.bytes.length / 8) * 8;
    return entry;
  });
  const json = new TextEncoder().encode(JSON.stringify({ format: 'kenobi-train-run', version: 1, state, blobs: table }));
  const head = Math.ceil((8 + json.length) / 8) * 8;
  const out = new Uint8Array(head + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  parts.forEach((p, i) => out.set(p.bytes, head + table[i]!.offset));
  writeCheckpointFile(path, out);
}

/**
 * Reads a run checkpoint (`cli/bad-checkpoint` when it is not one; `learn/bad-file` when it cannot be read).
 *
 * @example
 * ```ts
 * const { state, blobs } = readRunCheckpoint('lensnet.kenobi.ckpt');
 * ```
 */
export function readRunCheckpoint(path: string): { state: RunState; blobs: RunBlobs } {
  const bytes = readCheckpointFile(path);
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw corrupt(path, 'wrong magic');
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
  if (8 + len > bytes.length) throw corrupt(path, 'truncated header');
  let header: { format?: string; state?: RunState; blobs?: { name: string; offset: number; bytes: number }[] };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) as typeof header;
  } catch (e) {
    throw corrupt(path, `bad header (${(e as Error).message})`);
  }
  if (header.format !== 'kenobi-train-run' || !header.state || !Array.isArray(header.blobs)) throw corrupt(path, 'unknown format');
  const head = Math.ceil((8 + len) / 8) * 8;
  const found: Record<string, Uint8Array> = {};
  for (const b of header.blobs) {
    if (head + b.offset + b.bytes > bytes.length) throw corrupt(path, `blob ${b.name} is truncated`);
    found[b.name] = bytes.slice(head + b.offset, head + b.offset + b.bytes);
  }
  if (!found['trainer']) throw corrupt(path, 'no trainer state');
  const floats = (u: Uint8Array | undefined): Float32Array | undefined => (u ? new Float32Array(u.buffer, u.byteOffset, u.byteLength / 4) : undefined);
  const bestEpoch = floats(found['bestEpoch']), bestFold = floats(found['bestFold']);
  return { state: header.state, blobs: { trainer: found['trainer'], ...(bestEpoch ? { bestEpoch } : {}), ...(bestFold ? { bestFold } : {}) } };
}
