/**
 * What a gradient rule is: one file per ONNX op (as tfjs keeps one op per file) that writes, in standard ONNX
 * ops, the gradient of the node's inputs from the gradients of its outputs. Rules see the forward graph
 * through a {@link GradContext} and emit nodes through it; they never run anything.
 */
import type { AttributeValue, Dim, NodeProto } from '@kenobi/onnx';
import type { AutodiffErrorCode } from './autodiff-error.js';
import type { PortRole } from './port-role.js';

/**
 * How layers that behave differently in training run in the gradient graph.
 * - `batchNorm: 'train'`: BatchNormalization uses the batch statistics and the graph also outputs them (and the
 *   updated running statistics); `'frozen'`: it uses the running statistics and is an affine map (the Keras
 *   "trainable=False" behaviour; FINDINGS.md "frozen-BatchNorm trap").
 * - `dropout: 'train'`: Dropout multiplies by a mask fed as a graph input (drawn by the caller's seeded
 *   generator); `'off'`: Dropout is the identity.
 */
export interface TrainingMode {
  readonly batchNorm: 'train' | 'frozen';
  readonly dropout: 'train' | 'off';
}

/**
 * Which equal forms rules write where speed depends on the kernels that will run them.
 * `flippedConvMinChannels`: a stride-1 ungrouped Conv with at least this many input channels gets its data
 * gradient as a Conv with the flipped kernel, else as a ConvTranspose (default 64, measured on ORT CPU's
 * standard kernels; 16 when the Convs run on ORT's NCHWc kernels, as @kenobi/learn's CPU sessions do).
 *
 * @example `const forms: GradientForms = { flippedConvMinChannels: 16 }`
 */
export interface GradientForms {
  readonly flippedConvMinChannels: number;
}

/** The forms measured on ORT CPU's standard kernels. @example `DEFAULT_GRADIENT_FORMS.flippedConvMinChannels; // 64` */
export const DEFAULT_GRADIENT_FORMS: GradientForms = Object.freeze({ flippedConvMinChannels: 64 });

/** Attributes for an emitted node (integers become INT; wrap floats with `floatAttr`). */
export type Attrs = Readonly<Record<string, AttributeValue | undefined>>;

/**
 * The view a rule has of the graph being built.
 *
 * @example
 * ```ts
 * // inside a rule: dX = dY · (X > 0)
 * const mask = ctx.op('Cast', [ctx.op('Greater', [x, ctx.constF32([0])])], { to: 1 });
 * return [ctx.op('Mul', [dY, mask])];
 * ```
 */
export interface GradContext {
  /** Default-domain opset of the gradient graph (≥ 17). */
  readonly opset: number;
  readonly mode: TrainingMode;
  /** Form choices that depend on the kernels that will run the graph. */
  readonly forms: GradientForms;
  /** The node being differentiated (for error messages). */
  readonly node: NodeProto;
  /** Emits a node and returns its (first) output name. */
  op(opType: string, inputs: readonly string[], attrs?: Attrs): string;
  /** Emits a node with `outputs` outputs and returns their names. */
  ops(opType: string, inputs: readonly string[], attrs: Attrs, outputs: number): string[];
  /** Emits a node whose outputs carry exactly these names (for forward rewrites that replace a node). */
  opNamed(opType: string, inputs: readonly string[], attrs: Attrs, outputs: readonly string[]): void;
  /** A float32 constant; `dims` default: scalar for one value, else 1-D. */
  constF32(values: readonly number[] | Float32Array, dims?: readonly number[]): string;
  /** An int64 constant; `dims` default 1-D. */
  constI64(values: readonly number[], dims?: readonly number[]): string;
  /** ReduceSum over `axes` in the opset's form (axes as an input). */
  reduceSum(x: string, axes: readonly number[], keepdims: boolean): string;
  /** ReduceMean over `axes` in the opset's form (attribute below 18, input from 18). */
  reduceMean(x: string, axes: readonly number[], keepdims: boolean): string;
  /** Static dims of a forward tensor (numbers, or names for symbolic dims such as the batch); throws when unknown. */
  dims(tensor: string): readonly Dim[];
  /** Static dims, or undefined when unknown. */
  dimsOrUndefined(tensor: string): readonly Dim[] | undefined;
  /** Records dims for a tensor the rule emitted (so later rules can ask for them). */
  setDims(tensor: string, dims: readonly Dim[]): void;
  /** The values of a constant tensor (initializer or Constant output), or undefined when it is computed. */
  constantValues(tensor: string): number[] | undefined;
  /** Adds a graph input (e.g. a dropout mask) and returns its name; `role` tells a trainer what to feed. */
  addInput(name: string, elemType: 'float32', dims: readonly Dim[], role?: PortRole): string;
  /** Adds a graph output from an existing tensor (e.g. BN batch statistics); `role` tells a trainer what it is. */
  addOutput(tensor: string, as: string, dims: readonly Dim[], role?: PortRole): string;
  /** Throws a typed error naming the node. */
  fail(code: AutodiffErrorCode, message: string): never;
}

/**
 * The gradient of one ONNX op.
 *
 * @example
 * ```ts
 * export const reluRule: GradientRule = {
 *   opType: 'Relu',
 *   backward: (ctx, node, [dY], wants) => [wants[0] && dY ? ctx.op('Mul', [dY, ctx.op('Cast', [ctx.op('Greater', [node.input![0]!, ctx.constF32([0])])], { to: 1 })]) : undefined],
 * };
 * ```
 */
export interface GradientRule {
  readonly opType: string;
  /**
   * The gradients of the node's inputs: one entry per input, undefined where `wants[i]` is false or the
   * gradient is zero. `dOutputs[j]` is the gradient of output j, undefined when that output does not reach the loss.
   */
  backward(ctx: GradContext, node: NodeProto, dOutputs: readonly (string | undefined)[], wants: readonly boolean[]): readonly (string | undefined)[];
  /**
   * Optional: replaces the node in the forward graph when it runs differently in training (BatchNormalization
   * with batch statistics, Dropout with a mask input). Emits the replacement through `ctx.opNamed` so it writes
   * the node's own output names, and returns true; returns false to keep the node as it is.
   */
  trainingForward?(ctx: GradContext, node: NodeProto): boolean;
  /** Why this rule cannot differentiate `node` (an attribute it does not support), or undefined. Checked before anything is emitted. */
  unsupported?(node: NodeProto, ctx: GradContext): string | undefined;
}
