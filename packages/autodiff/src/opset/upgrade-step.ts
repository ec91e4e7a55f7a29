/**
 * What an opset upgrade is made of: for each op, the opset versions at which its ONNX schema changed
 * (`since_version`s) and, for each change, either nothing to do (`'same'`: only types widened or the text
 * clarified) or a step that rewrites a node from the previous schema to that one. A step sees the node (a
 * private copy it may edit in place) and a {@link StepContext} to add constants and nodes around it.
 */
import type { Dim, onnx } from '@kenobi/onnx';
import type { AutodiffErrorCode } from '../autodiff-error.js';

/**
 * The graph facts and edits a step may use. Dims and element types are those static inference finds in the
 * original model (names of original tensors keep their meaning through the upgrade).
 *
 * @example
 * ```ts
 * // inside a step: the Reshape-1 `shape` attribute becomes an int64 input
 * node.input = [node.input![0]!, ctx.constantI64(`${node.name}_shape`, [1, -1])];
 * ```
 */
export interface StepContext {
  /** Default-domain opset of the model, and the opset it is being brought to. */
  readonly from: number;
  readonly target: number;
  /** Queues a node to go right before the node being upgraded (in call order). */
  before(node: onnx.NodeProto): void;
  /** Queues a node to go right after the node being upgraded (in call order). */
  after(node: onnx.NodeProto): void;
  /** A new int64 initializer (1-D unless `dims` says otherwise); returns its (unique) name. */
  constantI64(base: string, values: readonly number[], dims?: readonly number[]): string;
  /** A new initializer of the float type `dtype` (1 float32, 11 float64; 0 = unknown is taken as float32). */
  constantFloat(base: string, values: readonly number[], dtype: number, dims?: readonly number[]): string;
  /** A tensor name not used in the graph yet. */
  fresh(base: string): string;
  /** A node name not used in the graph yet. */
  nodeName(base: string): string;
  /** Static dims of an original tensor, undefined when unknown. */
  dims(tensor: string): readonly Dim[] | undefined;
  /** ONNX element type of an original tensor, 0 when unknown. */
  dtype(tensor: string): number;
  /** The values of a constant original tensor (initializer or Constant output), undefined when computed. */
  constantValues(tensor: string): number[] | undefined;
  /** True when a node reads `tensor` or it is a graph output. */
  isRead(tensor: string): boolean;
  /** Records that the node no longer writes `tensor` (its value_info goes too). */
  dropOutput(tensor: string): void;
  /** `x` with size-1 axes inserted (an Unsqueeze before the node, in the target opset's form); returns its name. */
  unsqueeze(x: string, axes: readonly number[]): string;
  /** Throws the typed refusal, naming the op, the node and both opsets. */
  refuse(why: string, options?: { code?: AutodiffErrorCode; hint?: string }): never;
}

/**
 * Rewrites `node` (edited in place) from the schema before `at` to the schema of `at`.
 *
 * @example
 * ```ts
 * const dropConsumedInputs: UpgradeStep = (node) => { removeAttr(node, 'consumed_inputs'); };
 * ```
 */
export type UpgradeStep = (node: onnx.NodeProto, ctx: StepContext) => void;

/** A schema change with nothing to rewrite: only types were added or the specification was clarified. */
export const SAME = 'same' as const;

/**
 * The upgrade of one op: every `since_version` up to opset 17 (first one included) and one entry per later
 * version. `deprecatedFrom`: the op is gone from that opset (its last step replaced it by another op).
 *
 * @example
 * ```ts
 * const relu: OpUpgrade = { versions: [1, 6, 13, 14], steps: { 6: dropConsumedInputs, 13: SAME, 14: SAME } };
 * ```
 */
export interface OpUpgrade {
  readonly versions: readonly number[];
  readonly steps: Readonly<Record<number, UpgradeStep | typeof SAME>>;
  readonly deprecatedFrom?: number;
}
