/** Test support: float64 reference forward ops, convolutions and pooling. */
import type { NodeProto } from '@kenobi/onnx';
import type { F64Tensor } from './f64-tensor.js';
import { referenceConv } from './conv-op.js';
import { referenceAveragePool, referenceGlobalPool, referenceMaxPool } from './pool-ops.js';

/**
 * Conv and the pools, by op type.
 *
 * @example
 * ```ts
 * SPATIAL_REFERENCE_OPS['MaxPool']!([x], node); // [y, indices]
 * ```
 */
export const SPATIAL_REFERENCE_OPS: Readonly<Record<string, (inputs: readonly (F64Tensor | undefined)[], node: NodeProto) => F64Tensor[]>> = {
  Conv: referenceConv,
  MaxPool: referenceMaxPool,
  AveragePool: referenceAveragePool,
  GlobalAveragePool: referenceGlobalPool('average'),
  GlobalMaxPool: referenceGlobalPool('max'),
};
