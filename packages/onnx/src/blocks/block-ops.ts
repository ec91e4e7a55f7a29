/**
 * What the block finder needs to know of single nodes: which carry a layer's weights (Conv, Gemm, MatMul and
 * their quantized forms), which normalise, which pool, and a conv's kernel, stride and grouping.
 */
import { attrInt, attrInts } from '../node-attributes.js';
import { constantTensor, isConstantDerived, type GraphView } from '../graph-view.js';
import { tensorDims } from '../tensor-data.js';
import type { NodeProto } from '../onnx-types.js';

/** Weighted ops and the input index of their weight. */
const WEIGHT_INPUT: Readonly<Record<string, number>> = Object.freeze({
  Conv: 1, ConvTranspose: 1, ConvInteger: 1, QLinearConv: 3, FusedConv: 1, NhwcConv: 1,
  Gemm: 1, MatMul: 1, MatMulInteger: 1, QLinearMatMul: 3, QGemm: 3, FusedGemm: 1, FusedMatMul: 1,
});
const CONV_OPS = new Set(['Conv', 'ConvTranspose', 'ConvInteger', 'QLinearConv', 'FusedConv', 'NhwcConv']);
const NORM_OPS = new Set(['BatchNormalization', 'InstanceNormalization', 'LayerNormalization', 'GroupNormalization']);
const POOL_OPS = new Set(['MaxPool', 'AveragePool', 'LpPool', 'QLinearAveragePool']);
const ADD_JOINS = new Set(['Add', 'Sum', 'QLinearAdd']);
const CONCAT_JOINS = new Set(['Concat', 'QLinearConcat']);

/** What a weighted node is: a convolution or a dense (Gemm/MatMul) layer. */
export type AnchorKind = 'conv' | 'dense';

/**
 * 'conv' or 'dense' for a node that holds a layer's weights (a constant weight input), else undefined.
 *
 * @example
 * ```ts
 * anchorKind(view, convNode); // 'conv'
 * ```
 */
export function anchorKind(view: GraphView, node: NodeProto, memo: Map<string, boolean>): AnchorKind | undefined {
  const op = node.op_type ?? '';
  const w = WEIGHT_INPUT[op];
  if (w === undefined) return undefined;
  const weight = node.input?.[w];
  if (!weight || !isConstantDerived(view, weight, memo)) return undefined;
  return CONV_OPS.has(op) ? 'conv' : 'dense';
}

/**
 * True for normalisation nodes (BatchNormalization and the like).
 *
 * @example
 * ```ts
 * isNorm(bnNode); // true
 * ```
 */
export function isNorm(node: NodeProto): boolean {
  return NORM_OPS.has(node.op_type ?? '');
}

/**
 * True for windowed pooling (not global pooling).
 *
 * @example
 * ```ts
 * isPool(maxPoolNode); // true
 * ```
 */
export function isPool(node: NodeProto): boolean {
  return POOL_OPS.has(node.op_type ?? '');
}

/**
 * The join a compound block ends in: 'add' (residual), 'concat', or 'other' (Mul gates, Max...).
 *
 * @example
 * ```ts
 * joinKind(addNode); // 'add'
 * ```
 */
export function joinKind(node: NodeProto): 'add' | 'concat' | 'other' {
  const op = node.op_type ?? '';
  if (ADD_JOINS.has(op)) return 'add';
  if (CONCAT_JOINS.has(op)) return 'concat';
  return 'other';
}

/** A conv's geometry, from its attributes and weight shape. */
export interface ConvGeometry {
  /** Kernel size (the largest side). */
  readonly kernel: number;
  /** Stride (the largest). */
  readonly stride: number;
  readonly group: number;
  /** Output channels (weight dim 0), when the weight shape is known. */
  readonly outChannels: number | undefined;
  /** One filter per channel (group > 1 and one input channel per group). */
  readonly depthwise: boolean;
}

/**
 * The geometry of a conv node (kernel, stride, group, depthwise).
 *
 * @example
 * ```ts
 * convGeometry(view, node); // { kernel: 3, stride: 2, group: 144, outChannels: 144, depthwise: true }
 * ```
 */
export function convGeometry(view: GraphView, node: NodeProto): ConvGeometry {
  const weightName = node.input?.[WEIGHT_INPUT[node.op_type ?? ''] ?? 1] ?? '';
  const weight = constantTensor(view, weightName);
  const dims = weight ? tensorDims(weight) : undefined;
  const kernelAttr = attrInts(node, 'kernel_shape', undefined);
  const kernel = Math.max(1, ...(kernelAttr ?? dims?.slice(2) ?? [1]));
  const stride = Math.max(1, ...(attrInts(node, 'strides', [1]) ?? [1]));
  const group = attrInt(node, 'group', 1);
  return { kernel, stride, group, outChannels: dims?.[0], depthwise: group > 1 && dims?.[1] === 1 };
}
