/**
 * Tensors a rule's `trainingForward` emits and its `backward` reuses (BatchNormalization's x̂ and 1/σ, a
 * Dropout's mask input), without recomputing them.
 */
import type { NodeProto } from '@kenobi/onnx';
import type { GradContext, TrainingMode } from '../gradient-rule.js';

// NOTE: keyed first by the build's TrainingMode object, which the engine creates once per buildGradientGraph
// call and hands to every context of that build: entries of one build are never seen by another (even when
// both builds share the same NodeProto objects), and they are garbage-collected with the build.
const store = new WeakMap<TrainingMode, WeakMap<NodeProto, Readonly<Record<string, string>>>>();

/**
 * Records tensors of `node`'s training forward for its backward in the same build.
 *
 * @example
 * ```ts
 * saveForward(ctx, node, { xhat, invStd });
 * ```
 */
export function saveForward(ctx: GradContext, node: NodeProto, tensors: Readonly<Record<string, string>>): void {
  let byNode = store.get(ctx.mode);
  if (!byNode) store.set(ctx.mode, (byNode = new WeakMap()));
  byNode.set(node, tensors);
}

/**
 * The tensors {@link saveForward} recorded for `node` in this build; a typed error when there are none (the
 * engine did not run the node's training forward first).
 *
 * @example
 * ```ts
 * const { xhat, invStd } = savedForward(ctx, node, ['xhat', 'invStd']);
 * ```
 */
export function savedForward<K extends string>(ctx: GradContext, node: NodeProto, keys: readonly K[]): Record<K, string> {
  const saved = store.get(ctx.mode)?.get(node);
  const missing = keys.filter((k) => saved?.[k] === undefined);
  if (!saved || missing.length > 0) {
    ctx.fail('autodiff/unsupported-op', `internal: the training forward of this node recorded no ${missing.join(', ')} (backward ran without trainingForward)`);
  }
  return Object.fromEntries(keys.map((k) => [k, saved![k]!])) as Record<K, string>;
}
