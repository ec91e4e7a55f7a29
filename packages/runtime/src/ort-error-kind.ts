/**
 * Reads ONNX Runtime's error messages (the only place it says what went wrong) to tell a model's own fault,
 * which no other provider can fix, from a provider that could not start.
 */

/** What an ORT session-creation error means. @example `ortErrorKind(err).kind // 'unsupported-op' | 'invalid-model' | 'provider'` */
export type OrtErrorKind =
  | { readonly kind: 'unsupported-op'; readonly op: string; readonly domain: string; readonly node?: string }
  | { readonly kind: 'invalid-model'; readonly reason: string }
  | { readonly kind: 'provider'; readonly reason: string };

const NO_OP = /No Op registered for (\S+) with domain_version of (\d+)/;
const NOT_REGISTERED = /(?:([\w.]+):)?([\w]+)\(-?\d+\) is not a registered function\/op/;
const NO_KERNEL = /Could not find an implementation for (\w+)\((\d+)\) node with name '([^']*)'/;
const NODE_HEAD = /\("([^"]*)", (\w+), "([^"]*)", -?\d+\)/;
const INVALID = /protobuf parsing failed|invalid model|ModelProto|Unsupported model IR version|opset|is not a valid/i;

/**
 * Classifies a session-creation error.
 *
 * @example
 * ```ts
 * ortErrorKind(new Error('... No Op registered for FrobnicateTensor with domain_version of 17'));
 * // { kind: 'unsupported-op', op: 'FrobnicateTensor', domain: '' }
 * ```
 */
export function ortErrorKind(error: unknown): OrtErrorKind {
  const message = error instanceof Error ? error.message : String(error);
  const head = NODE_HEAD.exec(message);
  let m = NO_OP.exec(message);
  if (m) return { kind: 'unsupported-op', op: m[1]!, domain: head?.[3] ?? '', ...(head ? { node: head[1]! } : {}) };
  m = NOT_REGISTERED.exec(message);
  if (m) return { kind: 'unsupported-op', op: m[2]!, domain: m[1] ?? '' };
  m = NO_KERNEL.exec(message);
  if (m) return { kind: 'unsupported-op', op: m[1]!, domain: '', node: m[3]! };
  if (INVALID.test(message) && !/ExecutionProvider|shared library|adapter/i.test(message)) return { kind: 'invalid-model', reason: firstLine(message) };
  return { kind: 'provider', reason: firstLine(message) };
}

/**
 * The first line of an error's message, without ORT's source-location prefix.
 *
 * @example
 * ```ts
 * firstLine('/onnxruntime_src/x.cc:12 Foo() [ONNXRuntimeError] : 1 : FAIL : no adapter\nmore'); // 'FAIL : no adapter'
 * ```
 */
export function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? '';
  const i = line.indexOf('[ONNXRuntimeError] : ');
  return (i >= 0 ? line.slice(i + '[ONNXRuntimeError] : '.length).replace(/^\d+ : /, '') : line).trim();
}
