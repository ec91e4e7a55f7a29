/** Gradient rules of convolutions and pooling. */
import type { GradientRule } from '../gradient-rule.js';
import { averagePoolRule } from './average-pool.js';
import { convRule } from './conv.js';
import { globalAveragePoolRule } from './global-average-pool.js';
import { globalMaxPoolRule } from './global-max-pool.js';
import { maxPoolRule } from './max-pool.js';

/** Conv and the pools. */
export const SPATIAL_RULES: readonly GradientRule[] = [convRule, maxPoolRule, averagePoolRule, globalAveragePoolRule, globalMaxPoolRule];
