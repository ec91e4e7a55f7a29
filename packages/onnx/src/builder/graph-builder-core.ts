/**
 * The bookkeeping half of the graph builder: unique names, graph inputs and outputs, initializers (random,
 * constant or shape-only), generic nodes, tracked shapes, and `build()` into an `onnx.ModelProto`.
 * The op helpers live in `graph-builder.ts`.
 */
import { SeededRandom, isStridedView } from '@kenobi/core';
import type { StridedView } from '@kenobi/core';
import { onnx } from '../../generated/onnx-proto.js';
import { GraphBuilderError } from './builder-error.js';
import { toAttributeProto, type AttributeValue } from './node-attribute.js';
import type { Dim } from './spatial-shape.js';
import { onnxDataType, type TensorDtype } from './tensor-dtype.js';
import { float32Tensor, shapeOnlyFloat32Tensor } from './tensor-proto.js';
import { fillWeights, type Fans, type WeightInit } from './weight-init.js';

/**
 * Options of a `GraphBuilder`.
 *
 * @example
 * ```ts
 * new GraphBuilder({ name: 'head', opset: 18, seed: 7, materialize: true });
 * ```
 */
export interface GraphBuilderOptions {
  /** Graph name (default 'kenobi'). */
  name?: string;
  /** Default-domain opset (default 17; 13 to 21). Helpers pick the attribute forms valid in it. */
  opset?: number;
  /** IR version (default: 8 for opset ≤ 18, 9 for 19–20, 10 for 21). */
  irVersion?: number;
  /** Seed of the weight initialisers (default 0). Same seed → identical bytes. */
  seed?: number;
  /**
   * false: "shapes only": weight initializers record their dims but hold no data (nothing is allocated or
   * drawn), for counting parameters of large models. Such a model cannot be run. Default true.
   */
  materialize?: boolean;
  /** Written to `ModelProto.doc_string`. */
  docString?: string;
}

/**
 * Options of a generic node.
 *
 * @example
 * ```ts
 * const [y, mask] = b.node('Dropout', [x, ratio], {}, { name: 'drop', outputs: 2 });
 * ```
 */
export interface NodeOptions {
  /** Node name (made unique); default: the op type in snake case with a counter. */
  name?: string;
  /** Output names, or how many outputs to create (default 1). */
  outputs?: readonly string[] | number;
  /** Operator domain (default '' = ai.onnx). */
  domain?: string;
}

const MIN_OPSET = 13;
const MAX_OPSET = 21;

/**
 * The bookkeeping half of `GraphBuilder` (use `GraphBuilder`, which adds the op helpers).
 *
 * @example
 * ```ts
 * const b = new GraphBuilder({ seed: 1 });
 * const x = b.input('input', 'float32', ['N', 3]);
 * const [y] = b.node('Relu', [x]);
 * b.output(y!, { dims: ['N', 3] });
 * const model = b.build(); // onnx.ModelProto, opset 17, ir_version 8
 * ```
 */
export class GraphBuilderCore {
  /** Default-domain opset the graph targets. */
  readonly opset: number;
  /** False in "shapes only" mode. */
  readonly materialize: boolean;
  /** The generator behind every random initializer, in creation order. */
  readonly rng: SeededRandom;
  private readonly graphName: string;
  private readonly irVersion: number;
  private readonly docString: string;
  private readonly names = new Set<string>();
  private readonly nodeNames = new Set<string>();
  private readonly counters = new Map<string, number>();
  private readonly shapes = new Map<string, readonly Dim[]>();
  private readonly nodes: onnx.NodeProto[] = [];
  private readonly inputs: onnx.ValueInfoProto[] = [];
  private readonly outputs: onnx.ValueInfoProto[] = [];
  private readonly initializers: onnx.TensorProto[] = [];
  private readonly extraOpsets = new Map<string, number>();

  constructor(options: GraphBuilderOptions = {}) {
    this.opset = options.opset ?? 17;
    if (!Number.isInteger(this.opset) || this.opset < MIN_OPSET || this.opset > MAX_OPSET) {
      throw new GraphBuilderError('onnx/builder-option', `GraphBuilder: opset must be an integer from ${MIN_OPSET} to ${MAX_OPSET}, got ${this.opset}`);
    }
    this.irVersion = options.irVersion ?? (this.opset <= 18 ? 8 : this.opset <= 20 ? 9 : 10);
    this.materialize = options.materialize ?? true;
    this.rng = new SeededRandom(options.seed ?? 0);
    this.graphName = options.name ?? 'kenobi';
    this.docString = options.docString ?? '';
  }

  /** A tensor name not used yet in this graph: `base`, else `base_1`, `base_2`, … (and claims it). */
  uniqueName(base: string): string {
    return this.claimUnique(base, this.names);
  }

  /** A node name not used yet (node and tensor names are separate namespaces in ONNX). */
  protected uniqueNodeName(base: string): string {
    return this.claimUnique(base, this.nodeNames);
  }

  private claimUnique(base: string, space: Set<string>): string {
    let name = base;
    for (let n = 1; space.has(name); n++) name = `${base}_${n}`;
    space.add(name);
    return name;
  }

  /**
   * A fresh name for a node: `preferred` when it is free as a node and as a tensor name, else the next
   * `<prefix>_<k>` (or `preferred_<k>`) that is. Not claimed until `node()` uses it.
   */
  protected freshNodeName(preferred: string | undefined, prefix: string): string {
    const free = (n: string): boolean => !this.nodeNames.has(n) && !this.names.has(n);
    if (preferred !== undefined) {
      let name = preferred;
      for (let k = 1; !free(name); k++) name = `${preferred}_${k}`;
      return name;
    }
    let name: string;
    do name = `${prefix}_${this.nextIndex(prefix)}`;
    while (!free(name));
    return name;
  }

  private nextIndex(prefix: string): number {
    const key = `#${prefix}`;
    const n = this.counters.get(key) ?? 0;
    this.counters.set(key, n + 1);
    return n;
  }

  private claim(name: string): string {
    this.names.add(name);
    return name;
  }

  private claimExact(name: string, what: string): string {
    if (this.names.has(name)) throw new GraphBuilderError('onnx/builder-name', `GraphBuilder: ${what} name '${name}' is already used in this graph`);
    return this.claim(name);
  }

  /** Declare a graph input; a string dim (e.g. 'N') is symbolic. Returns its name. */
  input(name: string, dtype: TensorDtype, dims: readonly Dim[]): string {
    this.claimExact(name, 'input');
    this.inputs.push(valueInfo(name, dtype, dims));
    this.shapes.set(name, [...dims]);
    return name;
  }

  /** Declare an existing tensor a graph output (dims default to the tracked shape). Returns its name. */
  output(name: string, options: { dtype?: TensorDtype; dims?: readonly Dim[] } = {}): string {
    if (!this.names.has(name)) throw new GraphBuilderError('onnx/builder-name', `GraphBuilder: output '${name}' is not a tensor of this graph`);
    this.outputs.push(valueInfo(name, options.dtype ?? 'float32', options.dims ?? this.shapes.get(name)));
    return name;
  }

  /**
   * Add an initializer (a float32 array, a strided view such as a transposed scijs array, written in C order
   * with its shape as dims, or a ready TensorProto whose name is set to `name`). Returns its name.
   */
  initializer(name: string, data: Float32Array | StridedView | onnx.TensorProto, dims?: readonly number[]): string {
    this.claimExact(name, 'initializer');
    let tensor: onnx.TensorProto;
    if (data instanceof Float32Array) {
      const d = dims ?? [data.length];
      if (product(d) !== data.length) {
        throw new GraphBuilderError('onnx/builder-shape', `GraphBuilder: initializer '${name}' has ${data.length} values but dims [${d.join(', ')}] hold ${product(d)}`);
      }
      tensor = float32Tensor(name, data, d);
    } else if (isStridedView(data)) {
      tensor = float32Tensor(name, data, dims);
    } else {
      tensor = data;
      tensor.name = name;
    }
    this.initializers.push(tensor);
    this.shapes.set(name, tensor.dims.map(Number));
    return name;
  }

  /**
   * Add a float32 weight initializer drawn from `init` (or, in shapes-only mode, dims without data).
   * `name` is used as given when free, else made unique. Returns its name.
   */
  weight(name: string, dims: readonly number[], init: WeightInit, fans?: Fans): string {
    const unique = this.uniqueName(name);
    const fan = fans ?? { fanIn: dims.length > 1 ? product(dims.slice(1)) : dims[0]!, fanOut: dims[0]! };
    const tensor = this.materialize
      ? float32Tensor(unique, fillWeights(new Float32Array(product(dims)), init, fan, this.rng), dims)
      : shapeOnlyFloat32Tensor(unique, dims);
    this.initializers.push(tensor);
    this.shapes.set(unique, [...dims]);
    return unique;
  }

  /** Add a raw initializer tensor under a unique name derived from `name`. Returns its name. */
  protected constantTensor(name: string, make: (name: string) => onnx.TensorProto): string {
    const unique = this.uniqueName(name);
    const tensor = make(unique);
    this.initializers.push(tensor);
    this.shapes.set(unique, tensor.dims.map(Number));
    return unique;
  }

  /**
   * Add any node. Inputs are tensor names ('' for an omitted optional input). Returns the output names.
   * Record output shapes with {@link setShape} when later helpers need them.
   */
  node(opType: string, inputs: readonly string[], attrs: Readonly<Record<string, AttributeValue | undefined>> = {}, options: NodeOptions = {}): string[] {
    for (const i of inputs) {
      if (i !== '' && !this.names.has(i)) throw new GraphBuilderError('onnx/builder-name', `GraphBuilder: ${opType} input '${i}' is not a tensor of this graph`);
    }
    const name = this.uniqueNodeName(this.freshNodeName(options.name, snakeCase(opType)));
    const outs = options.outputs ?? 1;
    const outputs = typeof outs === 'number'
      ? Array.from({ length: outs }, (_, k) => this.uniqueName(outs === 1 ? name : `${name}_out${k}`))
      : outs.map((o) => this.claimExact(o, 'output tensor'));
    const attribute = Object.entries(attrs)
      .filter((e): e is [string, AttributeValue] => e[1] !== undefined)
      .map(([k, v]) => toAttributeProto(k, v));
    const domain = options.domain ?? '';
    if (domain !== '' && domain !== 'ai.onnx' && !this.extraOpsets.has(domain)) this.extraOpsets.set(domain, 1);
    this.nodes.push(onnx.NodeProto.create({ name, op_type: opType, domain, input: [...inputs], output: outputs, attribute }));
    return outputs;
  }

  /** Declare the opset version of an extra domain (e.g. 'com.microsoft'). */
  useDomain(domain: string, version: number): void {
    this.extraOpsets.set(domain, version);
  }

  /** The tracked shape of a tensor, or undefined when the builder does not know it. */
  shapeOf(name: string): readonly Dim[] | undefined {
    return this.shapes.get(name);
  }

  /** Record the shape of a tensor (the helpers do this for their outputs). */
  setShape(name: string, dims: readonly Dim[]): void {
    this.shapes.set(name, [...dims]);
  }

  /** The tracked shape, or a `onnx/builder-shape` error naming what needed it. */
  protected requireShape(name: string, what: string): readonly Dim[] {
    const s = this.shapes.get(name);
    if (s === undefined) throw new GraphBuilderError('onnx/builder-shape', `${what}: the shape of '${name}' is unknown`, { hint: 'call setShape() after a generic node(), or pass the channel count explicitly' });
    return s;
  }

  /** The ModelProto of everything added so far. */
  build(): onnx.ModelProto {
    if (this.outputs.length === 0) throw new GraphBuilderError('onnx/builder-name', `GraphBuilder '${this.graphName}': the graph has no output; call output(name)`);
    const opsetImport = [{ domain: '', version: this.opset }, ...[...this.extraOpsets].map(([domain, version]) => ({ domain, version }))];
    return onnx.ModelProto.create({
      ir_version: this.irVersion,
      producer_name: 'kenobi',
      producer_version: '0.1.0',
      doc_string: this.docString,
      opset_import: opsetImport.map((o) => onnx.OperatorSetIdProto.create(o)),
      graph: onnx.GraphProto.create({
        name: this.graphName,
        node: [...this.nodes],
        input: [...this.inputs],
        output: [...this.outputs],
        initializer: [...this.initializers],
      }),
    });
  }
}

function valueInfo(name: string, dtype: TensorDtype, dims: readonly Dim[] | undefined): onnx.ValueInfoProto {
  const shape = dims === undefined
    ? undefined
    : onnx.TensorShapeProto.create({ dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) });
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({ tensor_type: onnx.TypeProto.Tensor.create({ elem_type: onnxDataType(dtype), shape }) }),
  });
}

/**
 * The number of elements of a shape.
 *
 * @example
 * ```ts
 * product([64, 3, 7, 7]); // 9408
 * ```
 */
export function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function snakeCase(opType: string): string {
  return opType.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
