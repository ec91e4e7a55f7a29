/**
 * Reads a node's attributes as plain numbers and strings.
 */
import { toSafeNumber } from './long-number.js';
import type { NodeProto } from './onnx-types.js';

/**
 * An int attribute, or `fallback` when absent.
 *
 * @example
 * ```ts
 * attrInt(flattenNode, 'axis', 1); // 1
 * ```
 */
export function attrInt(node: NodeProto, name: string, fallback: number): number {
  const a = node.attribute?.find((x) => x.name === name);
  return a ? toSafeNumber(a.i, `attribute ${name} of ${node.name}`) : fallback;
}

/**
 * An ints attribute, or `fallback` when absent.
 *
 * @example
 * ```ts
 * attrInts(convNode, 'strides', [1, 1]); // [2, 2]
 * ```
 */
export function attrInts(node: NodeProto, name: string, fallback: number[] | undefined): number[] | undefined {
  const a = node.attribute?.find((x) => x.name === name);
  return a ? (a.ints ?? []).map((v) => toSafeNumber(v, `attribute ${name} of ${node.name}`)) : fallback;
}

/**
 * A string attribute, or `fallback` when absent.
 *
 * @example
 * ```ts
 * attrString(convNode, 'auto_pad', 'NOTSET'); // 'SAME_UPPER'
 * ```
 */
export function attrString(node: NodeProto, name: string, fallback: string): string {
  const a = node.attribute?.find((x) => x.name === name);
  return a?.s ? new TextDecoder().decode(a.s) : fallback;
}
