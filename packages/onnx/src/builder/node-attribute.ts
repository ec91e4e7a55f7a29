/**
 * Node attributes for the builder. A JavaScript number is ambiguous (ONNX has INT and FLOAT attributes and
 * runtimes reject the wrong one), so integers become INT unless wrapped with {@link floatAttr}.
 */
import { onnx } from '../../generated/onnx-proto.js';

/**
 * A FLOAT or FLOATS attribute, made with {@link floatAttr} / {@link floatsAttr}.
 *
 * @example
 * ```ts
 * const eps: FloatAttribute = floatAttr(1e-5); // { kind: 'float', value: 1e-5 }
 * ```
 */
export interface FloatAttribute {
  readonly kind: 'float';
  readonly value: number | readonly number[];
}

/**
 * An attribute value: an integer (INT), a non-integer number (FLOAT), a string (STRING), an array of
 * integers (INTS), of strings (STRINGS), a tensor (TENSOR), or a {@link FloatAttribute}.
 *
 * @example
 * ```ts
 * const attrs: Record<string, AttributeValue> = { kernel_shape: [3, 3], auto_pad: 'NOTSET', alpha: floatAttr(1) };
 * ```
 */
export type AttributeValue = number | string | readonly number[] | readonly string[] | onnx.TensorProto | FloatAttribute;

/**
 * Mark a number (or array) as a FLOAT (FLOATS) attribute, so that `1` is written as 1.0, not as INT 1.
 *
 * @example
 * ```ts
 * b.node('LRN', [x], { size: 5, alpha: floatAttr(1e-4), beta: floatAttr(0.75), bias: floatAttr(1) });
 * ```
 */
export function floatAttr(value: number): FloatAttribute {
  return Object.freeze({ kind: 'float', value });
}

/**
 * Mark an array of numbers as a FLOATS attribute.
 *
 * @example
 * ```ts
 * b.node('LeakyRelu', [x], { alpha: floatAttr(0.1) });
 * toAttributeProto('scales', floatsAttr([1, 2])).type; // AttributeType.FLOATS (not INTS)
 * ```
 */
export function floatsAttr(value: readonly number[]): FloatAttribute {
  return Object.freeze({ kind: 'float', value: Object.freeze([...value]) });
}

const T = onnx.AttributeProto.AttributeType;

/**
 * The AttributeProto for a name and value.
 *
 * @example
 * ```ts
 * toAttributeProto('kernel_shape', [3, 3]).type; // AttributeType.INTS
 * toAttributeProto('epsilon', 1e-5).type;       // AttributeType.FLOAT
 * ```
 */
export function toAttributeProto(name: string, value: AttributeValue): onnx.AttributeProto {
  const make = (props: onnx.AttributeProto.$Properties): onnx.AttributeProto => onnx.AttributeProto.create({ name, ...props });
  if (value instanceof onnx.TensorProto) return make({ type: T.TENSOR, t: value });
  if (typeof value === 'string') return make({ type: T.STRING, s: new TextEncoder().encode(value) });
  if (typeof value === 'number') return Number.isInteger(value) ? make({ type: T.INT, i: value }) : make({ type: T.FLOAT, f: value });
  if (isFloatAttribute(value)) {
    return typeof value.value === 'number' ? make({ type: T.FLOAT, f: value.value }) : make({ type: T.FLOATS, floats: [...value.value] });
  }
  const list = value as readonly (number | string)[];
  if (list.every((v) => typeof v === 'string')) {
    return make({ type: T.STRINGS, strings: (list as readonly string[]).map((s) => new TextEncoder().encode(s)) });
  }
  const nums = list as readonly number[];
  if (nums.every((v) => Number.isInteger(v))) return make({ type: T.INTS, ints: [...nums] });
  return make({ type: T.FLOATS, floats: [...nums] });
}

function isFloatAttribute(v: unknown): v is FloatAttribute {
  return typeof v === 'object' && v !== null && (v as FloatAttribute).kind === 'float';
}
