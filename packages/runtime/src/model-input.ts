/**
 * What `createSession` accepts as a model: the serialized bytes or a decoded `onnx.ModelProto` (from
 * `@kenobi/onnx`'s codec or graph builder). Both forms are turned into the other only when needed.
 */
import { onnx } from '@kenobi/onnx';

/** A decoded ONNX model, as `@kenobi/onnx` produces it. @example `const m: ModelProto = resnet18({ width: 0.25 })` */
export type ModelProto = onnx.IModelProto;

/** The bytes of an `.onnx` file, or a decoded model. @example `await createSession(readFileSync('m.onnx'), {}); await createSession(resnet18(), {})` */
export type ModelInput = Uint8Array | ModelProto;

/**
 * The serialized model.
 *
 * @example
 * ```ts
 * const bytes = modelBytes(resnet18()); // Uint8Array, ~46 MB at full width
 * ```
 */
export function modelBytes(model: ModelInput): Uint8Array {
  if (model instanceof Uint8Array) return model;
  return onnx.ModelProto.encode(model).finish();
}

/**
 * The decoded model (throws protobufjs's error on bytes that are not a ModelProto).
 *
 * @example
 * ```ts
 * modelProto(readFileSync('mnist-8.onnx')).graph?.node?.length; // 12
 * ```
 */
export function modelProto(model: ModelInput): ModelProto {
  if (!(model instanceof Uint8Array)) return model;
  return onnx.ModelProto.decode(model);
}

/**
 * An int64 field (protobufjs gives `Long` objects for large or decoded values) as a number.
 *
 * @example
 * ```ts
 * int64ToNumber(Long.fromNumber(6)); // 6
 * ```
 */
export function int64ToNumber(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}
