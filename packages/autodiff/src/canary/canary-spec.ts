/**
 * How a gradient canary is written: one op (with a few nodes after it when its outputs need them), the
 * operands it reads, the training mode. `canary-graph.ts` turns a spec into the gradient graph that runs.
 */
import type { AttributeValue, Dim, GraphBuilder } from '@kenobi/onnx';
import type { TrainingMode } from '../gradient-rule.js';

/**
 * One input of the op under test:
 * - `float`: a float32 graph input, fed with seeded values in [lo, hi) and differentiated unless `wrt: false`
 *   (weights are graph inputs, as `buildGradientGraph` makes them by default); `declared` dims may be symbolic;
 * - `constant`: a float32 initializer, not differentiated (Clip bounds, BatchNormalization statistics);
 * - `ints`: an int64 initializer (axes, pads, shapes, split sizes);
 * - `omitted`: an optional input left out ('').
 */
export type CanaryOperand =
  | { readonly kind: 'float'; readonly dims: readonly number[]; readonly declared?: readonly Dim[]; readonly lo?: number; readonly hi?: number; readonly wrt?: boolean }
  | { readonly kind: 'constant'; readonly values: readonly number[]; readonly dims: readonly number[] }
  | { readonly kind: 'ints'; readonly values: readonly number[]; readonly dims?: readonly number[] }
  | { readonly kind: 'omitted' };

/**
 * A differentiated float input. @example `float([2, 3], { lo: 0.5, hi: 1.5 })`
 */
export const float = (dims: readonly number[], o: { declared?: readonly Dim[]; lo?: number; hi?: number; wrt?: boolean } = {}): CanaryOperand => ({ kind: 'float', dims, ...o });
/** A float constant (not differentiated). @example `constant([0], [])` */
export const constant = (values: readonly number[], dims: readonly number[]): CanaryOperand => ({ kind: 'constant', values, dims });
/** An int64 constant. @example `ints([1, 3])` */
export const ints = (values: readonly number[], dims?: readonly number[]): CanaryOperand => ({ kind: 'ints', values, ...(dims ? { dims } : {}) });
/** An omitted optional input. @example `[float([4, 6]), omitted, constant([0.4], [])]` */
export const omitted: CanaryOperand = { kind: 'omitted' };

/**
 * One canary: a tiny geometry of one op whose gradient graph is run on a device and on the CPU.
 *
 * @example
 * ```ts
 * const spec: GradientCanarySpec = {
 *   id: 'Conv/depthwise-multiplier-2', op: 'Conv',
 *   inputs: [float([1, 3, 7, 7]), float([6, 1, 3, 3]), float([6])], attrs: { group: 3, pads: [1, 1, 1, 1] },
 * };
 * ```
 */
export interface GradientCanarySpec {
  /** `<Op>/<what the geometry exercises>`, unique. */
  readonly id: string;
  /** The op of the node under test. */
  readonly op: string;
  /** The registry op this canary vouches for, when not `op` (a Constant reaches the graph only beside another op). */
  readonly rule?: string;
  readonly inputs: readonly CanaryOperand[];
  readonly attrs?: Readonly<Record<string, AttributeValue>>;
  /** Default-domain opset of the forward model (default 17). */
  readonly opset?: number;
  /** Outputs of the node (default 1). */
  readonly outputs?: number;
  /** Nodes from the op's outputs to the probed tensor (default: its first output). */
  readonly tail?: (b: GraphBuilder, outs: readonly string[]) => string;
  readonly mode?: Partial<TrainingMode>;
  /** Dims of the probed tensor, where static shape inference cannot tell them. */
  readonly probeDims?: readonly number[];
}
