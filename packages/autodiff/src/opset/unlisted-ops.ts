/**
 * Ops outside the upgrade's own table (op-upgrades.ts): they go through unchanged when their schema did not
 * change between the two opsets, or changed only in ways onnx's version_converter registers as compatible
 * (types added, text clarified: onnx 1.12 convert.h's CompatibleAdapter list, and the RNN `layout` attribute
 * of opset 14 whose default is the old layout). Any other change is refused.
 */
import { ONNX_SINCE_VERSIONS } from './onnx-op-versions.js';
import { SAME, type OpUpgrade, type UpgradeStep } from './upgrade-step.js';

/** Per op, the versions whose change is compatible (for ops not in OP_UPGRADES). */
const COMPATIBLE: Readonly<Record<string, readonly number[]>> = Object.freeze({
  Compress: [11], CumSum: [14], DepthToSpace: [11, 13], DequantizeLinear: [13], Equal: [11, 13], GatherElements: [13],
  GatherND: [12, 13], Greater: [9, 13], GreaterOrEqual: [16], GRU: [14], If: [11, 13, 16], IsNaN: [13], Less: [9, 13],
  LessOrEqual: [16], Loop: [11, 13, 16], LpPool: [11], LSTM: [14], MaxUnpool: [11], MeanVarianceNormalization: [13],
  Mod: [13], NegativeLogLikelihoodLoss: [13], NonMaxSuppression: [11], NonZero: [13], OneHot: [11], QuantizeLinear: [13],
  ReduceL1: [11, 13], ReduceL2: [11, 13], ReduceLogSum: [11, 13], ReduceLogSumExp: [11, 13], ReduceProd: [11, 13],
  ReduceSumSquare: [11, 13], RNN: [14], Scan: [11, 16], ScatterElements: [13, 16], ScatterND: [13, 16], Sign: [13],
  Size: [13], SoftmaxCrossEntropyLoss: [13], SpaceToDepth: [13], Tile: [13], TopK: [11], Where: [16],
});

/**
 * The upgrade of an op the converter has no steps for, or undefined when ONNX has no such op.
 *
 * @example
 * ```ts
 * unlistedOpUpgrade('HardSwish'); // { versions: [14], steps: {} }: nothing to do from opset 14 on
 * unlistedOpUpgrade('TopK')?.steps[10]; // a step that refuses: k moved from an attribute to an input
 * ```
 */
export function unlistedOpUpgrade(op: string): OpUpgrade | undefined {
  const versions = ONNX_SINCE_VERSIONS[op];
  if (!versions) return undefined;
  const compatible = COMPATIBLE[op] ?? [];
  const steps: Record<number, UpgradeStep | typeof SAME> = {};
  for (const v of versions.slice(1)) {
    steps[v] = compatible.includes(v) ? SAME : (_node, ctx) => ctx.refuse(`${op}'s schema changed at opset ${v} in a way this converter does not rewrite`, { hint: 'export the model at a later opset' });
  }
  return { versions, steps };
}

/**
 * The compatible versions listed for ops outside OP_UPGRADES (for tests).
 *
 * @example
 * ```ts
 * UNLISTED_COMPATIBLE.CumSum; // [14]
 * ```
 */
export const UNLISTED_COMPATIBLE = COMPATIBLE;
