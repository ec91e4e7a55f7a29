/**
 * The nodes and constants the NCHWc lowering appends to a graph, and the names of ORT's blocked-layout domain
 * and block sizes it works with.
 */
import { int64Tensor, onnx, toAttributeProto, type NodeProto, type TensorProto } from '@kenobi/onnx';

/** The domain of ORT's blocked-layout CPU kernels. @example `node.domain === NCHWC_DOMAIN; // an NCHWc Conv` */
export const NCHWC_DOMAIN = 'com.microsoft.nchwc';

/** MLAS's NCHWc block sizes: 8 channels on AVX2, 16 on AVX-512. @example `const b: NchwcBlockSize = 16;` */
export type NchwcBlockSize = 8 | 16;

/**
 * Nodes and int64 shape constants appended by the lowering, each output named after its node.
 *
 * @example
 * ```ts
 * const emit = new NodeEmitter();
 * const r = emit.reshape('conv/nchwc/w_view', 'conv.weight', [512, 512, 9, 1]); // 'conv/nchwc/w_view'
 * ```
 */
export class NodeEmitter {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  op(name: string, opType: string, inputs: readonly string[], attributes: Record<string, number | readonly number[]> | onnx.AttributeProto[] = {}, domain = ''): string {
    const attribute = Array.isArray(attributes) ? attributes : Object.entries(attributes).map(([k, v]) => toAttributeProto(k, v as number | number[]));
    this.nodes.push(onnx.NodeProto.create({ name, op_type: opType, domain, input: [...inputs], output: [name], attribute }));
    return name;
  }
  ints(name: string, values: readonly number[]): string {
    this.initializers.push(int64Tensor(name, [...values]));
    return name;
  }
  reshape(name: string, input: string, dims: readonly number[]): string {
    return this.op(name, 'Reshape', [input, this.ints(`${name}_shape`, dims)]);
  }
  /** ORT's `ReorderInput` of `input` seen as [n, c, h, 1]: memory (n, c, h) → (n, c/B, h, B), a SIMD block transpose. */
  reorder(name: string, input: string, nchw: readonly [number, number, number]): string {
    return this.op(name, 'ReorderInput', [this.reshape(`${name}_view`, input, [...nchw, 1])], {}, NCHWC_DOMAIN);
  }
}
