/**
 * The table of gradient rules by op type: one file per op in this folder, each registered here.
 */
import type { GradientRule } from '../gradient-rule.js';
import { BUILTIN_RULES } from './builtin-rules.js';

const rules = new Map<string, GradientRule>(BUILTIN_RULES.map((r) => [r.opType, r]));

/**
 * The rule for an op in the default ONNX domain, or undefined when there is none.
 *
 * @example
 * ```ts
 * gradientRule('Conv')?.opType; // 'Conv'
 * gradientRule('Erf');          // undefined
 * ```
 */
export function gradientRule(opType: string, domain = ''): GradientRule | undefined {
  if (domain !== '' && domain !== 'ai.onnx') return undefined;
  return rules.get(opType);
}

/**
 * The op types that have a gradient rule, sorted.
 *
 * @example
 * ```ts
 * differentiableOps().includes('MaxPool'); // true
 * ```
 */
export function differentiableOps(): string[] {
  return [...rules.keys()].sort();
}
