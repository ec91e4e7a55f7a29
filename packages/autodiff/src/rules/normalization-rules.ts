/** Gradient rules of normalisation and regularisation layers (BatchNormalization, LRN, Dropout). */
import type { GradientRule } from '../gradient-rule.js';

/** BatchNormalization, LRN, Dropout. */
export const NORMALIZATION_RULES: readonly GradientRule[] = [];
