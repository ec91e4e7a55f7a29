/**
 * Decides which initializers hold parameters, Keras-style. A parameter is an element of an initializer that
 * holds weights: floating-point tensors, and the int8/uint8 (and int32 bias) data tensors of quantized ops.
 * Quantization scales and zero points are counted apart. Shape, axis and index constants (integer tensors,
 * and float tensors read only as shape-like inputs such as Resize scales) are not parameters.
 * BatchNormalization's running mean and variance are the non-trainable ones.
 */
import type { GraphView } from './graph-view.js';
import type { NodeProto } from './onnx-types.js';
import { isFloatDtype, tensorElementCount } from './tensor-data.js';

/** How an initializer counts. */
export const PARAM_KINDS = Object.freeze(['trainable', 'non-trainable', 'quantized-weight', 'quantization', 'constant'] as const);
/** One of {@link PARAM_KINDS}. */
export type ParamKind = (typeof PARAM_KINDS)[number];

/** One initializer and how it counts. */
export interface InitializerParams {
  readonly name: string;
  readonly kind: ParamKind;
  readonly count: number;
  readonly dtype: number;
}

/** Inputs that carry shapes, axes, indices or resize factors, per op: not weights. */
const SHAPE_LIKE: Readonly<Record<string, readonly number[]>> = Object.freeze({
  Reshape: [1], Resize: [1, 2, 3], Upsample: [1], Expand: [1], Tile: [1], Slice: [1, 2, 3, 4], ConstantOfShape: [0],
  Squeeze: [1], Unsqueeze: [1], ReduceMean: [1], ReduceSum: [1], ReduceMax: [1], ReduceMin: [1], Split: [1],
  Gather: [1], GatherElements: [1], Pad: [1, 3], TopK: [1], Range: [0, 1, 2], OneHot: [1, 2], CenterCropPad: [1],
});

/** The data (non scale/zero-point) inputs of quantized ops; every other input of these ops is quantization. */
function quantDataInputs(op: string, arity: number): number[] | undefined {
  switch (op) {
    case 'QuantizeLinear': case 'DequantizeLinear': return [0];
    case 'QLinearConv': return [0, 3, 8];
    case 'QLinearMatMul': case 'QLinearAdd': case 'QLinearMul': return [0, 3];
    case 'QGemm': return [0, 3, 6];
    case 'MatMulInteger': case 'ConvInteger': return [0, 1];
    case 'QLinearConcat': return Array.from({ length: arity }, (_, k) => k).filter((k) => k >= 2 && (k - 2) % 3 === 0);
    default: return op.startsWith('QLinear') ? [0] : undefined;
  }
}

/**
 * How each initializer counts: trainable / non-trainable (BatchNormalization mean and variance) /
 * quantized-weight (int8/uint8/int32 data of quantized ops) / quantization (scales, zero points) / constant.
 *
 * @example
 * ```ts
 * const kinds = classifyInitializers(graphView(model));
 * kinds.get('conv1/bn/moving_mean')?.kind; // 'non-trainable'
 * ```
 */
export function classifyInitializers(view: GraphView): Map<string, InitializerParams> {
  const out = new Map<string, InitializerParams>();
  for (const [name, t] of view.initializers) {
    const uses = usesOf(view.consumers.get(name) ?? [], name);
    const float = isFloatDtype(t.data_type);
    let kind: ParamKind;
    if (uses.length > 0 && uses.every((u) => (SHAPE_LIKE[u.op] ?? []).includes(u.index))) kind = 'constant';
    else if (uses.some((u) => isQuantization(u))) kind = uses.every((u) => isQuantization(u)) ? 'quantization' : float ? 'trainable' : 'constant';
    else if (uses.some((u) => quantDataInputs(u.op, u.arity)?.includes(u.index))) kind = float ? 'trainable' : 'quantized-weight';
    else if (!float) kind = 'constant';
    else if (uses.length > 0 && uses.every((u) => u.op === 'BatchNormalization' && (u.index === 3 || u.index === 4))) kind = 'non-trainable';
    else kind = 'trainable';
    out.set(name, { name, kind, count: tensorElementCount(t), dtype: t.data_type ?? 0 });
  }
  return out;
}

interface Use { readonly op: string; readonly index: number; readonly arity: number }

function usesOf(nodes: readonly NodeProto[], name: string): Use[] {
  const uses: Use[] = [];
  for (const n of nodes) {
    (n.input ?? []).forEach((i, index) => { if (i === name) uses.push({ op: n.op_type ?? '', index, arity: n.input?.length ?? 0 }); });
  }
  return uses;
}

function isQuantization(u: Use): boolean {
  const data = quantDataInputs(u.op, u.arity);
  return data !== undefined && !data.includes(u.index);
}

/**
 * True when the kind counts towards total params (trainable, non-trainable and quantized weights).
 *
 * @example
 * ```ts
 * countsAsParam('quantization'); // false
 * ```
 */
export function countsAsParam(kind: ParamKind): boolean {
  return kind === 'trainable' || kind === 'non-trainable' || kind === 'quantized-weight';
}
