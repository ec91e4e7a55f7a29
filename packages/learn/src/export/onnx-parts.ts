/**
 * Small constructors for the ONNX pieces the export writes: float/bool/int64 initializers, attributes and
 * nodes, as the plain objects `@kenobi/onnx` takes.
 */
import { onnx, toLong, type AttributeProto, type NodeProto, type TensorProto } from '@kenobi/onnx';

/**
 * A float32 initializer (raw little-endian bytes).
 *
 * @example
 * ```ts
 * floatTensor('head/dense_1/kernel', new Float32Array(1024 * 256), [1024, 256]);
 * ```
 */
export function floatTensor(name: string, values: ArrayLike<number>, dims: readonly number[]): TensorProto {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return { name, dims: dims.map((d) => toLong(d)), data_type: onnx.TensorProto.DataType.FLOAT, raw_data: raw };
}

/**
 * A boolean scalar initializer (e.g. Dropout's `training_mode`).
 *
 * @example
 * ```ts
 * boolScalar('head/training_mode', true); // dims [], BOOL
 * ```
 */
export function boolScalar(name: string, value: boolean): TensorProto {
  return { name, dims: [], data_type: onnx.TensorProto.DataType.BOOL, raw_data: Uint8Array.of(value ? 1 : 0) };
}

/**
 * An int64 initializer.
 *
 * @example
 * ```ts
 * int64Values('head/bgr', [2, 1, 0], [3]);
 * ```
 */
export function int64Values(name: string, values: readonly number[], dims: readonly number[]): TensorProto {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return { name, dims: dims.map((d) => toLong(d)), data_type: onnx.TensorProto.DataType.INT64, raw_data: raw };
}

/**
 * A float attribute.
 *
 * @example
 * ```ts
 * floatAttribute('alpha', 0.01); // LeakyRelu's slope
 * ```
 */
export function floatAttribute(name: string, f: number): AttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f };
}

/**
 * An int attribute.
 *
 * @example
 * ```ts
 * intAttribute('axis', 1);
 * ```
 */
export function intAttribute(name: string, i: number): AttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i: toLong(i) };
}

/**
 * A node of the default domain.
 *
 * @example
 * ```ts
 * node('Relu', 'head/relu_1', ['x'], ['y']);
 * ```
 */
export function node(opType: string, name: string, input: readonly string[], output: readonly string[], attribute: readonly AttributeProto[] = []): NodeProto {
  return { op_type: opType, name, domain: '', input: [...input], output: [...output], attribute: [...attribute] };
}

/**
 * Collects nodes and initializers under one name prefix, refusing names already in the graph.
 *
 * @example
 * ```ts
 * const g = new GraphPart('kenobi_head/', new Set(['input', 'avg_pool']));
 * const w = g.initializer('w', (n) => floatTensor(n, kernel, [1024, 1])); // 'kenobi_head/w'
 * ```
 */
export class GraphPart {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  readonly #taken: Set<string>;

  constructor(readonly prefix: string, taken: Iterable<string>) {
    this.#taken = new Set(taken);
  }

  /** A fresh tensor/node name `prefix + base` (with a counter when taken). */
  name(base: string): string {
    let n = `${this.prefix}${base}`;
    for (let k = 1; this.#taken.has(n); k++) n = `${this.prefix}${base}_${k}`;
    this.#taken.add(n);
    return n;
  }

  /** Adds an initializer made by `make` under a fresh name; returns the name. */
  initializer(base: string, make: (name: string) => TensorProto): string {
    const n = this.name(base);
    this.initializers.push(make(n));
    return n;
  }

  /** Adds a one-output node; its output is `output` when given (claimed), else a fresh name. Returns the output. */
  add(opType: string, base: string, input: readonly string[], attribute: readonly AttributeProto[] = [], output?: string): string {
    const nodeName = this.name(base);
    const out = output ?? nodeName;
    if (output !== undefined) this.#taken.add(output);
    this.nodes.push(node(opType, nodeName, input, [out], attribute));
    return out;
  }
}
