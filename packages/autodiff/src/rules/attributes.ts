/** Attribute readers for rules, with ONNX's defaults. */
import { attrInt, attrInts, attrString, type NodeProto } from '@kenobi/onnx';

/**
 * An INT attribute or its default.
 *
 * @example
 * ```ts
 * attrIntOr(node, 'group', 1); // 32 for a depthwise conv over 32 channels
 * ```
 */
export function attrIntOr(node: NodeProto, name: string, fallback: number): number {
  return attrInt(node, name, fallback);
}

/**
 * An INTS attribute or its default.
 *
 * @example
 * ```ts
 * attrIntsOr(node, 'strides', [1, 1]); // [2, 2]
 * ```
 */
export function attrIntsOr(node: NodeProto, name: string, fallback: readonly number[]): number[] {
  return attrInts(node, name, [...fallback])!;
}

/**
 * A FLOAT attribute or its default.
 *
 * @example
 * ```ts
 * attrFloat(node, 'alpha', 1); // 1 unless the Gemm says otherwise
 * ```
 */
export function attrFloat(node: NodeProto, name: string, fallback: number): number {
  const a = (node.attribute ?? []).find((x) => x.name === name);
  return a && a.f !== undefined && a.f !== null ? Number(a.f) : fallback;
}

/**
 * A STRING attribute or its default.
 *
 * @example
 * ```ts
 * attrStringOr(node, 'auto_pad', 'NOTSET'); // 'SAME_UPPER'
 * ```
 */
export function attrStringOr(node: NodeProto, name: string, fallback: string): string {
  return attrString(node, name, fallback);
}
