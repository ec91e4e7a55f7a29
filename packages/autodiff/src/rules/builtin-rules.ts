/** Every built-in gradient rule, from the three groups. */
import type { GradientRule } from '../gradient-rule.js';
import { BASIC_RULES } from './basic-rules.js';
import { NORMALIZATION_RULES } from './normalization-rules.js';
import { SPATIAL_RULES } from './spatial-rules.js';

/** All rules; an op type appears once. */
export const BUILTIN_RULES: readonly GradientRule[] = [...BASIC_RULES, ...SPATIAL_RULES, ...NORMALIZATION_RULES];
