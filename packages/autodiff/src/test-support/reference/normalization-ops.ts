/** Test support: float64 reference forward ops, BatchNormalization, LRN, Dropout. */
import type { NodeProto } from '@kenobi/onnx';
import type { F64Tensor } from './f64-tensor.js';

/** BatchNormalization, LRN, Dropout (filled as their rules are written). */
export const NORMALIZATION_REFERENCE_OPS: Readonly<Record<string, (inputs: readonly (F64Tensor | undefined)[], node: NodeProto) => F64Tensor[]>> = {};
