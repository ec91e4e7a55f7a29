import { expect } from 'chai';
import Long from 'long';
import { graphView } from './graph-view.js';
import { summary } from './model-summary.js';
import { inferStaticShapes } from './static-shapes.js';
import type { ModelProto, NodeProto } from './onnx-types.js';

function model(nodes: NodeProto[], inputDims: (number | Long)[], more: NonNullable<ModelProto['graph']> = {}): ModelProto {
  return {
    ir_version: 8, opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: 'g', node: nodes, output: [{ name: 'y' }],
      input: [{ name: 'x', type: { tensor_type: { elem_type: 1, shape: { dim: inputDims.map((d) => ({ dim_value: d })) } } } }, ...(more.input ?? [])],
      initializer: more.initializer ?? [],
    },
  };
}

describe('@kenobi/onnx static shapes of corrupt graphs', () => {
  it('leaves a Reshape whose shape input claims 2^31 dims unknown instead of allocating them', () => {
    // Regression: Array(len).fill('?') with len from the shape input's declared length: a heap OOM crash.
    const m = model([{ name: 'r', op_type: 'Reshape', input: ['x', 's'], output: ['y'] }], [1, 4], {
      input: [{ name: 's', type: { tensor_type: { elem_type: 7, shape: { dim: [{ dim_value: Long.fromNumber(2 ** 31) }] } } } }],
    });
    expect(summary(m).rows[0]!.shape).to.equal(null);
    const ok = model([{ name: 'r', op_type: 'Reshape', input: ['x', 's'], output: ['y'] }], [1, 4], {
      input: [{ name: 's', type: { tensor_type: { elem_type: 7, shape: { dim: [{ dim_value: 3 }] } } } }],
    });
    expect(summary(ok).rows[0]!.shape).to.deep.equal(['?', '?', '?']);
  });

  it("reports NaN, infinite, negative and fractional dims from absurd attributes as '?'", () => {
    const conv = (attrs: NodeProto['attribute']): (string | number)[] | undefined => {
      const m = model([{ op_type: 'MaxPool', input: ['x'], output: ['y'], attribute: attrs }], [1, 2, 8, 8]);
      return inferStaticShapes(graphView(m)).get('y')?.dims as (string | number)[] | undefined;
    };
    const ints = (name: string, v: number[]): NonNullable<NodeProto['attribute']>[number] => ({ name, type: 7, ints: v.map((n) => Long.fromNumber(n)) });
    expect(conv([ints('kernel_shape', [2, 2]), ints('strides', [0, 0])])).to.deep.equal([1, 2, '?', '?']);
    expect(conv([ints('kernel_shape', [20, 20])])).to.deep.equal([1, 2, '?', '?']);
    expect(conv([ints('kernel_shape', [3, 3]), ints('strides', [2, 2])])).to.deep.equal([1, 2, 3, 3]);
  });

  it('gives no shape (rather than throwing inside) for a Conv on an input of rank 1', () => {
    const m = model([{ op_type: 'Conv', input: ['x', 'x'], output: ['y'] }], [4]);
    expect(inferStaticShapes(graphView(m)).get('y')?.dims).to.equal(undefined);
  });
});
