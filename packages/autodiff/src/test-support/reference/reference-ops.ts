/**
 * Test support: float64 forward implementations of ONNX ops for the reference interpreter, by op type.
 * One small file per group of ops adds to this table (basic, spatial, normalization).
 */
import type { NodeProto } from '@kenobi/onnx';
import type { F64Tensor } from './f64-tensor.js';
import { BASIC_REFERENCE_OPS } from './basic-ops.js';
import { SPATIAL_REFERENCE_OPS } from './spatial-ops.js';
import { NORMALIZATION_REFERENCE_OPS } from './normalization-ops.js';

/** A float64 forward op: inputs (undefined for an omitted optional input) → outputs. */
export type ReferenceOp = (inputs: readonly (F64Tensor | undefined)[], node: NodeProto) => F64Tensor[];

/** Every reference op by ONNX op type. */
export const REFERENCE_OPS: Readonly<Record<string, ReferenceOp>> = { ...BASIC_REFERENCE_OPS, ...SPATIAL_REFERENCE_OPS, ...NORMALIZATION_REFERENCE_OPS };
