/** Test support: float64 reference forward ops, BatchNormalization, LRN, Dropout. */
import { SeededRandom } from '@kenobi/core';
import { attrInt, type NodeProto } from '@kenobi/onnx';
import { zeros, type F64Tensor } from './f64-tensor.js';

type Op = (inputs: readonly (F64Tensor | undefined)[], node: NodeProto) => F64Tensor[];
const floatAttr = (node: NodeProto, name: string, fallback: number): number => {
  const a = (node.attribute ?? []).find((x) => x.name === name);
  return a && a.f !== undefined && a.f !== null ? Number(a.f) : fallback;
};

/** [N, C, rest] sizes of an [N, C, D1, …] tensor. */
const ncr = (dims: readonly number[]): [number, number, number] => [dims[0]!, dims[1]!, dims.slice(2).reduce((a, b) => a * b, 1)];

/**
 * Per-channel mean and BIASED variance over every axis but 1 (what BatchNormalization's training mode uses).
 *
 * @example
 * ```ts
 * batchStatistics(x).variance; // Float64Array [C]
 * ```
 */
export function batchStatistics(x: F64Tensor): { mean: Float64Array; variance: Float64Array } {
  const [n, c, r] = ncr(x.dims);
  const mean = new Float64Array(c), variance = new Float64Array(c);
  for (let ch = 0; ch < c; ch++) {
    let s = 0;
    for (let b = 0; b < n; b++) for (let i = 0; i < r; i++) s += x.data[(b * c + ch) * r + i]!;
    const m = s / (n * r);
    let q = 0;
    for (let b = 0; b < n; b++) for (let i = 0; i < r; i++) q += (x.data[(b * c + ch) * r + i]! - m) ** 2;
    mean[ch] = m;
    variance[ch] = q / (n * r);
  }
  return { mean, variance };
}

/** The ONNX spec: training_mode=1 → batch statistics, outputs [Y, running_mean, running_var]; else [Y] on the inputs' statistics. */
function batchNormalization([x, scale, bias, mean, variance]: readonly (F64Tensor | undefined)[], node: NodeProto): F64Tensor[] {
  const eps = floatAttr(node, 'epsilon', 1e-5), momentum = floatAttr(node, 'momentum', 0.9);
  const training = attrInt(node, 'training_mode', 0) === 1;
  const stats = training ? batchStatistics(x!) : { mean: mean!.data, variance: variance!.data };
  const [n, c, r] = ncr(x!.dims);
  const y = zeros(x!.dims);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) {
    const inv = 1 / Math.sqrt(stats.variance[ch]! + eps);
    for (let i = 0; i < r; i++) {
      const k = (b * c + ch) * r + i;
      y.data[k] = scale!.data[ch]! * (x!.data[k]! - stats.mean[ch]!) * inv + bias!.data[ch]!;
    }
  }
  if (!training) return [y];
  const mix = (running: F64Tensor, batch: Float64Array): F64Tensor => ({ data: running.data.map((v, ch) => v * momentum + batch[ch]! * (1 - momentum)), dims: [c] });
  return [y, mix(mean!, stats.mean), mix(variance!, stats.variance)];
}

/** Y = X · (bias + α/size · Σ_{c' ∈ [c − ⌊(size−1)/2⌋, c + ⌈(size−1)/2⌉]} X²)^−β, straight from the ONNX spec. */
function lrn([x]: readonly (F64Tensor | undefined)[], node: NodeProto): F64Tensor[] {
  const size = attrInt(node, 'size', 0);
  const alpha = floatAttr(node, 'alpha', 1e-4), beta = floatAttr(node, 'beta', 0.75), bias = floatAttr(node, 'bias', 1);
  const [n, c, r] = ncr(x!.dims);
  const lo = Math.floor((size - 1) / 2), hi = Math.ceil((size - 1) / 2);
  const y = zeros(x!.dims);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < r; i++) {
    let s = 0;
    for (let k = Math.max(0, ch - lo); k <= Math.min(c - 1, ch + hi); k++) s += x!.data[(b * c + k) * r + i]! ** 2;
    const at = (b * c + ch) * r + i;
    y.data[at] = x!.data[at]! * (bias + (alpha / size) * s) ** -beta;
  }
  return [y];
}

/**
 * The dropout mask the reference applies in training mode: per element, 0 with probability `ratio`, else
 * 1/(1 − ratio) rounded to float32 (what a float32 mask input holds), drawn from SeededRandom(seed). Tests feed
 * the same mask to the gradient graph's mask input.
 *
 * @example
 * ```ts
 * dropoutMask(6, 0.5, 7); // Float32Array of 0 and 2
 * ```
 */
export function dropoutMask(count: number, ratio: number, seed: number): Float32Array {
  const rng = new SeededRandom(seed);
  const keep = Math.fround(1 / (1 - ratio));
  return Float32Array.from({ length: count }, () => (rng.uniform() < ratio ? 0 : keep));
}

/** Identity unless the training_mode input is true; then X ⊙ {@link dropoutMask} with the node's `seed` attribute (default 0). */
function dropout([x, ratio, trainingMode]: readonly (F64Tensor | undefined)[], node: NodeProto): F64Tensor[] {
  if (!trainingMode || trainingMode.data[0] === 0) return [x!, { data: new Float64Array(x!.data.length).fill(1), dims: x!.dims }];
  const mask = dropoutMask(x!.data.length, ratio ? ratio.data[0]! : 0.5, attrInt(node, 'seed', 0));
  return [{ data: x!.data.map((v, i) => v * mask[i]!), dims: x!.dims }, { data: Float64Array.from(mask, (m) => (m > 0 ? 1 : 0)), dims: x!.dims }];
}

/**
 * BatchNormalization, LRN, Dropout.
 *
 * @example
 * ```ts
 * NORMALIZATION_REFERENCE_OPS.LRN!([x], lrnNode); // [Y] in float64
 * ```
 */
export const NORMALIZATION_REFERENCE_OPS: Readonly<Record<string, Op>> = {
  BatchNormalization: batchNormalization,
  LRN: lrn,
  Dropout: dropout,
};
