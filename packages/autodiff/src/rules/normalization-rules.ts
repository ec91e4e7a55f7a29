/** Gradient rules of normalisation and regularisation layers (BatchNormalization, LRN, Dropout). */
import type { GradientRule } from '../gradient-rule.js';
import { batchNormalizationRule } from './batch-normalization.js';
import { dropoutRule } from './dropout.js';
import { lrnRule } from './lrn.js';

/** BatchNormalization, LRN, Dropout. */
export const NORMALIZATION_RULES: readonly GradientRule[] = [batchNormalizationRule, lrnRule, dropoutRule];
