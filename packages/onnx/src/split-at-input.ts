/**
 * A model split at one of its graph inputs (nothing in front), in the shape of `splitAtTensor`'s splits.
 */
import type { ModelProto, ValueInfoProto } from './onnx-types.js';
import type { SplitModel } from './split-at-tensor.js';

/**
 * The suffix of the Identity copy of a graph input that {@link splitAtInput} splits at.
 *
 * @example
 * ```ts
 * splitAtInput(model, 'input').tensor === `input${IDENTITY_SUFFIX}`; // 'input_kenobi_identity'
 * ```
 */
export const IDENTITY_SUFFIX = '_kenobi_identity';

/**
 * The split before everything, at a graph input: `front` is one Identity to a renamed copy of the input
 * (`<input>_kenobi_identity`), `back` the whole model reading that copy.
 * NOTE: a graph input cannot be a front's output (a graph with no node is refused by ORT and decodeModel),
 * and front's output and back's input must be one tensor: hence the renamed copy.
 *
 * @example
 * ```ts
 * const { front, back, tensor } = splitAtInput(model, 'input'); // tensor: 'input_kenobi_identity'
 * ```
 */
export function splitAtInput(model: ModelProto, input: string): SplitModel {
  const graph = model.graph!;
  const tensor = `${input}${IDENTITY_SUFFIX}`;
  const info: ValueInfoProto = graph.input?.find((i) => i.name === input) ?? { name: input };
  const front: ModelProto = {
    ...model,
    graph: {
      name: `${graph.name || 'graph'}_until_${tensor}`,
      node: [{ op_type: 'Identity', name: tensor, input: [input], output: [tensor] }],
      input: [info],
      output: [{ ...info, name: tensor }],
      initializer: [],
      sparse_initializer: [],
      value_info: [],
    },
  };
  const rename = (t: string): string => (t === input ? tensor : t);
  const back: ModelProto = {
    ...model,
    graph: {
      ...graph,
      node: (graph.node ?? []).map((node) => ({ ...node, input: (node.input ?? []).map(rename) })),
      input: (graph.input ?? []).map((i) => (i.name === input ? { ...i, name: tensor } : i)),
      output: (graph.output ?? []).map((o) => (o.name === input ? { ...o, name: tensor } : o)),
    },
  };
  return { front, back, tensor };
}
