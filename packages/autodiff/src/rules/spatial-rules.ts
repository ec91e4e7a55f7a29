/** Gradient rules of convolutions and pooling. */
import type { GradientRule } from '../gradient-rule.js';

/** Conv and the pools. */
export const SPATIAL_RULES: readonly GradientRule[] = [];
