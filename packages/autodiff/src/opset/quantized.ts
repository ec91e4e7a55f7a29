/**
 * Quantized (int8) graphs: QLinearConv, QLinearMatMul, the com.microsoft QLinear* ops, ConvInteger and
 * MatMulInteger compute on integers, and QuantizeLinear/DequantizeLinear pairs hold the weights as integers:
 * none of it has a gradient, so such a model is refused up front with the way out (its float32 form).
 */

/** Quantized ops by name (any domain), besides every `QLinear*` op. */
const QUANTIZED = new Set(['QuantizeLinear', 'DequantizeLinear', 'DynamicQuantizeLinear', 'ConvInteger', 'MatMulInteger', 'MatMulIntegerToFloat', 'DynamicQuantizeMatMul', 'QGemm', 'QAttention', 'DynamicQuantizeLSTM', 'QOrderedMatMul']);

/**
 * True for an op that computes on quantized integers or converts to and from them.
 *
 * @example
 * ```ts
 * isQuantizedOp('QLinearConv'); // true
 * isQuantizedOp('Conv');        // false
 * ```
 */
export function isQuantizedOp(opType: string): boolean {
  return opType.startsWith('QLinear') || QUANTIZED.has(opType);
}

/**
 * What to do instead of differentiating a quantized model.
 *
 * @example
 * ```ts
 * new AutodiffError('autodiff/unsupported-op', '...', { hint: QUANTIZED_HINT });
 * ```
 */
export const QUANTIZED_HINT = 'an int8 model cannot be differentiated: use a float32 form of the same network, its dequantized derivative (the zoo ids ending in -dequantized-fp32, e.g. mobilenetv2-12-int8-dequantized-fp32; kenobi models list) or the zoo\'s fp32 file';
