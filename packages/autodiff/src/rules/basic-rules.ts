/** Gradient rules of element-wise, matrix and shape ops. */
import type { GradientRule } from '../gradient-rule.js';
import { addRule } from './add.js';
import { castRule } from './cast.js';
import { clipRule } from './clip.js';
import { concatRule } from './concat.js';
import { constantRule } from './constant.js';
import { divRule } from './div.js';
import { flattenRule } from './flatten.js';
import { gemmRule } from './gemm.js';
import { identityRule } from './identity.js';
import { leakyReluRule } from './leaky-relu.js';
import { logSoftmaxRule } from './log-softmax.js';
import { matMulRule } from './mat-mul.js';
import { mulRule } from './mul.js';
import { negRule } from './neg.js';
import { padRule } from './pad.js';
import { reduceMeanRule } from './reduce-mean.js';
import { reduceSumRule } from './reduce-sum.js';
import { reluRule } from './relu.js';
import { reshapeRule } from './reshape.js';
import { sigmoidRule } from './sigmoid.js';
import { softmaxRule } from './softmax.js';
import { splitRule } from './split.js';
import { squeezeRule } from './squeeze.js';
import { subRule } from './sub.js';
import { sumRule } from './sum.js';
import { tanhRule } from './tanh.js';
import { transposeRule } from './transpose.js';
import { unsqueezeRule } from './unsqueeze.js';

/**
 * Element-wise, matrix and shape ops.
 *
 * @example
 * ```ts
 * BASIC_RULES.map((r) => r.opType).includes('MatMul'); // true
 * ```
 */
export const BASIC_RULES: readonly GradientRule[] = [
  addRule, subRule, mulRule, divRule, negRule, sumRule,
  reluRule, leakyReluRule, clipRule, sigmoidRule, tanhRule, softmaxRule, logSoftmaxRule,
  gemmRule, matMulRule,
  concatRule, splitRule, flattenRule, reshapeRule, transposeRule, squeezeRule, unsqueezeRule, padRule,
  reduceSumRule, reduceMeanRule,
  identityRule, constantRule, castRule,
];
