/**
 * Attribute edits for upgrade steps: read one attribute as a number, numbers or text, take it off the node,
 * or set it in the form the new schema wants.
 */
import { onnx, toAttributeProto, toSafeNumber, type AttributeProto, type AttributeValue } from '@kenobi/onnx';

/**
 * The attribute `name` of `node`, or undefined.
 *
 * @example
 * ```ts
 * findAttr(reshapeNode, 'shape')?.ints; // [1, -1]
 * ```
 */
export function findAttr(node: onnx.NodeProto, name: string): AttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

/**
 * Removes the attribute `name` from `node` and returns it (undefined when it was absent).
 *
 * @example
 * ```ts
 * const shape = takeAttr(reshapeNode, 'shape'); // the node no longer has it
 * ```
 */
export function takeAttr(node: onnx.NodeProto, name: string): AttributeProto | undefined {
  const found = findAttr(node, name);
  if (found) node.attribute = (node.attribute ?? []).filter((a) => a !== found);
  return found;
}

/**
 * Sets (or replaces) the attribute `name` of `node`.
 *
 * @example
 * ```ts
 * setAttr(concatNode, 'axis', 1);
 * ```
 */
export function setAttr(node: onnx.NodeProto, name: string, value: AttributeValue): void {
  node.attribute = [...(node.attribute ?? []).filter((a) => a.name !== name), toAttributeProto(name, value)];
}

/**
 * An INT attribute's value.
 *
 * @example
 * ```ts
 * intValue(findAttr(bn, 'is_test')!); // 1
 * ```
 */
export function intValue(a: AttributeProto): number {
  return toSafeNumber(a.i, `attribute ${a.name}`);
}

/**
 * An INTS attribute's values.
 *
 * @example
 * ```ts
 * intsValue(findAttr(slice, 'starts')!); // [0, 1]
 * ```
 */
export function intsValue(a: AttributeProto): number[] {
  return (a.ints ?? []).map((v) => toSafeNumber(v, `attribute ${a.name}`));
}

/**
 * A FLOAT attribute's value (0 when unset, as protobuf reads it).
 *
 * @example
 * ```ts
 * floatValue(findAttr(clip, 'max')!); // 6
 * ```
 */
export function floatValue(a: AttributeProto): number {
  return Number(a.f ?? 0);
}

/**
 * A FLOATS attribute's values.
 *
 * @example
 * ```ts
 * floatsValue(findAttr(upsample, 'scales')!); // [1, 1, 2, 2]
 * ```
 */
export function floatsValue(a: AttributeProto): number[] {
  return (a.floats ?? []).map(Number);
}

/**
 * A STRING attribute's text.
 *
 * @example
 * ```ts
 * stringValue(findAttr(pad, 'mode')!); // 'reflect'
 * ```
 */
export function stringValue(a: AttributeProto): string {
  return a.s ? new TextDecoder().decode(a.s) : '';
}

/**
 * A private copy of a node that steps may edit in place (attribute, input and output lists are new arrays).
 *
 * @example
 * ```ts
 * const copy = copyNode(node); copy.input!.push('axes'); // `node` is unchanged
 * ```
 */
export function copyNode(node: onnx.NodeProto): onnx.NodeProto {
  return onnx.NodeProto.create({ ...node, input: [...(node.input ?? [])], output: [...(node.output ?? [])], attribute: [...(node.attribute ?? [])] });
}
