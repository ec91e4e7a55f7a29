/** Test support: float64 reference forward ops, convolutions and pooling. */
import type { NodeProto } from '@kenobi/onnx';
import type { F64Tensor } from './f64-tensor.js';

/** Conv and the pools (filled as their rules are written). */
export const SPATIAL_REFERENCE_OPS: Readonly<Record<string, (inputs: readonly (F64Tensor | undefined)[], node: NodeProto) => F64Tensor[]>> = {};
