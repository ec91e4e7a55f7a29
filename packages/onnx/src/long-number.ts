/**
 * int64 fields of the ONNX protobuf decode as `Long` objects (or plain numbers when small and set by code).
 * These helpers turn them into JavaScript numbers only when that is exact, and into bigint when every bit
 * matters.
 */
import Long from 'long';
import { OnnxError } from './onnx-error.js';

/** An int64 as protobufjs gives it. */
export type Int64 = number | Long;

/**
 * The int64 as a number; throws `onnx/unsafe-integer` when it lies outside ±(2^53 − 1).
 *
 * @example
 * ```ts
 * toSafeNumber(Long.fromNumber(224)); // 224
 * toSafeNumber(Long.MAX_VALUE);        // throws OnnxError onnx/unsafe-integer
 * ```
 */
export function toSafeNumber(value: Int64 | null | undefined, what = 'an int64 value'): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  const n = value.toNumber();
  if (!Number.isSafeInteger(n) || !Long.fromNumber(n, value.unsigned).equals(value)) {
    throw new OnnxError('onnx/unsafe-integer', `${what} (${value.toString()}) does not fit a JavaScript number exactly`);
  }
  return n;
}

/**
 * The int64 as an exact bigint.
 *
 * @example
 * ```ts
 * toBigInt(Long.MAX_VALUE); // 9223372036854775807n
 * ```
 */
export function toBigInt(value: Int64 | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'number') return BigInt(value);
  return BigInt(value.toString());
}

/**
 * A number or bigint as the Long protobufjs writes (signed).
 *
 * @example
 * ```ts
 * toLong(-1).toString(); // '-1'
 * ```
 */
export function toLong(value: number | bigint): Long {
  return typeof value === 'bigint' ? Long.fromString(value.toString()) : Long.fromNumber(value);
}
