/**
 * Every gradient canary, by the registry op it vouches for. A rule added to the registry without a canary
 * is 'unchecked' on every device but the reference, so it is refused there until one is written here.
 */
import { BASIC_CANARIES } from './basic-canaries.js';
import { canaryGraph } from './canary-graph.js';
import type { GradientCanarySpec } from './canary-spec.js';
import { NORMALIZATION_CANARIES } from './normalization-canaries.js';
import { SPATIAL_CANARIES } from './spatial-canaries.js';

/**
 * All canaries, in group order.
 *
 * @example
 * ```ts
 * GRADIENT_CANARIES.length; // 61
 * ```
 */
export const GRADIENT_CANARIES: readonly GradientCanarySpec[] = Object.freeze([...BASIC_CANARIES, ...SPATIAL_CANARIES, ...NORMALIZATION_CANARIES]);

/**
 * The canaries that vouch for `op` (empty when it has none).
 *
 * @example
 * ```ts
 * gradientCanaries('MaxPool').map((c) => c.id); // ['MaxPool/3x3-stride-2-pad-1', 'MaxPool/own-indices-output', 'MaxPool/ceil-mode']
 * ```
 */
export function gradientCanaries(op: string): GradientCanarySpec[] {
  return GRADIENT_CANARIES.filter((c) => (c.rule ?? c.op) === op);
}

/**
 * The canaries whose gradient graph holds a node of `opType` (building the graphs once).
 *
 * @example
 * ```ts
 * canariesHolding('ScatterElements').map((c) => c.op); // ['MaxPool', 'MaxPool', 'MaxPool', 'GlobalMaxPool']
 * ```
 */
export function canariesHolding(opType: string): GradientCanarySpec[] {
  return GRADIENT_CANARIES.filter((c) => canaryGraph(c).opTypes.includes(opType));
}
