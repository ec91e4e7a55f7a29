/** Gradient rules of element-wise, matrix and shape ops. */
import type { GradientRule } from '../gradient-rule.js';
import { addRule } from './add.js';
import { gemmRule } from './gemm.js';
import { mulRule } from './mul.js';
import { reduceSumRule } from './reduce-sum.js';
import { reluRule } from './relu.js';

/** Element-wise, matrix and shape ops. */
export const BASIC_RULES: readonly GradientRule[] = [addRule, gemmRule, mulRule, reduceSumRule, reluRule];
