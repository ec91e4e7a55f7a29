import { expect } from 'chai';
import Long from 'long';
import { graphView } from './graph-view.js';
import { summary } from './model-summary.js';
import { inferStaticShapes } from './static-shapes.js';
import { runOrt, seededInput } from './test-support/shared-models.js';
import type { ModelProto, NodeProto, TensorProto } from './onnx-types.js';

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

describe('@kenobi/onnx static shapes of batch-dynamic graphs', () => {
  it("resolves a Reshape's -1 beside a symbolic batch: [N, 64, 1, 1] → [0, -1] and [-1, 64] are [N, 64]", () => {
    // Regression: a batch-dynamic CIFAR ResNet-20 (Reshape [1, -1] repaired to [0, -1]) gave [N, ?], and
    // `kenobi finetune` refused its auto feature tensor as not static.
    const i64 = (name: string, v: number[]): TensorProto => ({ name, data_type: 7, dims: [v.length], int64_data: v.map((n) => Long.fromNumber(n)) });
    const dimsOf = (shape: number[], inputDims: (number | string)[]): unknown => {
      const m = model([{ name: 'r', op_type: 'Reshape', input: ['x', 's'], output: ['y'] }], [], { initializer: [i64('s', shape)] });
      m.graph!.input![0]!.type!.tensor_type!.shape!.dim = inputDims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d }));
      return inferStaticShapes(graphView(m)).get('y')?.dims;
    };
    expect(dimsOf([0, -1], ['N', 64, 1, 1])).to.deep.equal(['N', 64]);
    expect(dimsOf([0, 8, -1], ['N', 64, 2, 2])).to.deep.equal(['N', 8, 32]);
    expect(dimsOf([-1, 64], ['N', 64, 1, 1])).to.deep.equal(['N', 64]); // the -1 takes the batch's place
    expect(dimsOf([-1, 32], ['N', 64, 1, 1])).to.deep.equal(['?', 32]); // 2N: not a dim this can name
    expect(dimsOf([0, -1], ['N', 'C', 1, 1])).to.deep.equal(['N', 'C']);
    expect(dimsOf([0, -1], ['N', 'C', 'H', 1])).to.deep.equal(['N', '?']); // C·H: not a dim this can name
    expect(dimsOf([2, -1], ['N', 64])).to.deep.equal([2, '?']); // N not copied: cannot cancel
    expect(dimsOf([0, -1], [4, 64, 1, 1])).to.deep.equal([4, 64]);
    expect(dimsOf([0, -1, 7], [4, 64, 1, 1])).to.deep.equal([4, '?', 7]); // 256 / 7 does not divide
  });
});

describe('@kenobi/onnx static shapes of Split and Slice, against ONNX Runtime', () => {
  const i64 = (name: string, v: number[]): TensorProto => ({ name, data_type: 7, dims: [v.length], int64_data: v.map((n) => Long.fromNumber(n)) });
  const ints = (name: string, v: number[]): NonNullable<NodeProto['attribute']>[number] => ({ name, type: 7, ints: v.map((n) => Long.fromNumber(n)) });
  /** Static dims of every output, and the dims ONNX Runtime gives when it runs the graph on x [2, 6, 5, 4]. */
  async function both(node: NodeProto, inits: TensorProto[], opset = 17): Promise<{ inferred: unknown[]; ran: unknown[] }> {
    const outs = node.output!;
    const m = model([node], [2, 6, 5, 4], { initializer: inits });
    m.opset_import = [{ domain: '', version: opset }];
    m.graph!.output = outs.map((name) => ({ name, type: { tensor_type: { elem_type: 1 } } }));
    const shapes = inferStaticShapes(graphView(m));
    const ran = await runOrt(m, seededInput([2, 6, 5, 4]), [2, 6, 5, 4], outs);
    return { inferred: outs.map((o) => shapes.get(o)?.dims), ran: outs.map((o) => ran[o]!.dims) };
  }
  const slices: [string, number[], number[], number[] | undefined, number[] | undefined][] = [
    ['a plain window', [1], [4], [1], undefined],
    ['negative start and end', [-4, -3], [-1, 100], [1, 3], undefined],
    ['step 2 and step 3', [0, 1], [6, 5], [1, 2], [2, 3]],
    ['a negative step from the end', [-1], [-100], [2], [-1]],
    ['a negative step with a negative end', [4, 5], [0, -7], [1, 3], [-2, -1]],
    ['INT64-sized ends and an empty range', [2, 3], [2 ** 53, 1], [2, 3], undefined],
    ['no axes (the leading ones)', [0, 1], [1, 5], undefined, undefined],
  ];
  for (const [what, starts, ends, axes, steps] of slices) {
    it(`Slice: ${what}`, async () => {
      const names = ['x', 'starts', 'ends', ...(axes ? ['axes'] : steps ? [''] : []), ...(steps ? ['steps'] : [])];
      const inits = [i64('starts', starts), i64('ends', ends), ...(axes ? [i64('axes', axes)] : []), ...(steps ? [i64('steps', steps)] : [])];
      const { inferred, ran } = await both({ op_type: 'Slice', input: names, output: ['y'] }, inits);
      expect(inferred).to.deep.equal(ran);
    });
  }
  it('Slice at opset 9 (attributes)', async () => {
    const { inferred, ran } = await both({ op_type: 'Slice', input: ['x'], output: ['y'], attribute: [ints('starts', [1, -2]), ints('ends', [3, 1000]), ints('axes', [0, 2])] }, [], 9);
    expect(inferred).to.deep.equal(ran);
  });
  it('Split: sizes as an input (opset 13+), equal parts, and the attribute (opset 11)', async () => {
    const sized = await both({ op_type: 'Split', input: ['x', 'sizes'], output: ['a', 'b', 'c'], attribute: [{ name: 'axis', type: 2, i: 1 }] }, [i64('sizes', [1, 2, 3])]);
    expect(sized.inferred).to.deep.equal(sized.ran);
    const equal = await both({ op_type: 'Split', input: ['x'], output: ['a', 'b'], attribute: [{ name: 'axis', type: 2, i: -3 }] }, []);
    expect(equal.inferred).to.deep.equal(equal.ran);
    const attr = await both({ op_type: 'Split', input: ['x'], output: ['a', 'b'], attribute: [{ name: 'axis', type: 2, i: 2 }, ints('split', [4, 1])] }, [], 11);
    expect(attr.inferred).to.deep.equal(attr.ran);
  });
});

describe('@kenobi/onnx static shapes of computed Reshape shapes (x.view(x.size(0), -1))', () => {
  const i64 = (name: string, v: number[]): TensorProto => ({ name, data_type: 7, dims: [v.length], int64_data: v.map((n) => Long.fromNumber(n)) });
  const scalar = (name: string, v: number): TensorProto => ({ name, data_type: 7, dims: [], int64_data: [Long.fromNumber(v)] });
  /** x [N, 4, 3, 2] flattened to [N, 24] through a shape computed at run time; static dims and ORT's at N = 3. */
  async function flatten(nodes: NodeProto[], inits: TensorProto[], opset = 13): Promise<{ inferred: unknown; ran: readonly number[] }> {
    const m = model([...nodes, { op_type: 'Reshape', input: ['x', 'target'], output: ['y'] }], [], { initializer: inits });
    m.opset_import = [{ domain: '', version: opset }];
    m.graph!.input![0]!.type!.tensor_type!.shape!.dim = [{ dim_param: 'N' }, { dim_value: 4 }, { dim_value: 3 }, { dim_value: 2 }];
    const inferred = inferStaticShapes(graphView(m)).get('y')?.dims;
    const ran = (await runOrt(m, seededInput([3, 4, 3, 2]), [3, 4, 3, 2], ['y']))['y']!.dims;
    return { inferred, ran };
  }
  it('Shape → Gather(0) → Unsqueeze → Concat with -1 (PyTorch\'s export of view(size(0), -1))', async () => {
    const r = await flatten([
      { op_type: 'Shape', input: ['x'], output: ['s'] }, { op_type: 'Gather', input: ['s', 'zero'], output: ['n'], attribute: [{ name: 'axis', type: 2, i: 0 }] },
      { op_type: 'Unsqueeze', input: ['n', 'axes0'], output: ['n1'] }, { op_type: 'Concat', input: ['n1', 'minus'], output: ['target'], attribute: [{ name: 'axis', type: 2, i: 0 }] },
    ], [scalar('zero', 0), i64('axes0', [0]), i64('minus', [-1])]);
    expect(r.ran).to.deep.equal([3, 24]);
    expect(r.inferred).to.deep.equal(['N', 24]);
  });
  it('Shape → Slice [0:1] → Concat with the other dims as numbers; Shape(start=1) keeps the rest', async () => {
    const r = await flatten([
      { op_type: 'Shape', input: ['x'], output: ['s'] }, { op_type: 'Slice', input: ['s', 'st', 'en'], output: ['n1'] },
      { op_type: 'Concat', input: ['n1', 'rest'], output: ['target'], attribute: [{ name: 'axis', type: 2, i: 0 }] },
    ], [i64('st', [0]), i64('en', [1]), i64('rest', [12, 2])]);
    expect(r.ran).to.deep.equal([3, 12, 2]);
    expect(r.inferred).to.deep.equal(['N', 12, 2]);
    const tail = await flatten([
      { op_type: 'Shape', input: ['x'], output: ['t'], attribute: [{ name: 'start', type: 2, i: 1 }] },
      { op_type: 'Concat', input: ['minus', 't'], output: ['target'], attribute: [{ name: 'axis', type: 2, i: 0 }] },
    ], [i64('minus', [-1])], 15);
    expect(tail.ran).to.deep.equal([3, 4, 3, 2]);
    expect(tail.inferred).to.deep.equal(['N', 4, 3, 2]);
  });
});
