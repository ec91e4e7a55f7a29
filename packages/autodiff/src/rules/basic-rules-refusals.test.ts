import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { GraphBuilder, int64Tensor, onnx, type Dim } from '@kenobi/onnx';
import { buildGradientGraph } from '../gradient-graph.js';
import { GraphWriter } from '../graph-writer.js';
import { opModel, input, ints, runGradients, type Operand } from '../test-support/basic-rule-cases.js';
import { seeded } from '../test-support/check-gradients.js';
import { castRule } from './cast.js';
import { unbroadcast } from './unbroadcast.js';

/** Expects building the gradient graph of a one-op case to throw an AutodiffError `code` whose message matches `why`. */
function expectRefusal(op: string, inputs: readonly Operand[], attrs: Record<string, number | string | readonly number[]>, code: string, why: RegExp, opset = 17): void {
  const g = opModel({ name: op, op, inputs, attrs, opset });
  const probe = (() => {
    const m = g.model;
    const y = m.graph!.output![0]!.name!;
    const nodes = [...m.graph!.node!, onnx.NodeProto.create({ op_type: 'ReduceSum', name: 'loss_node', input: [y], output: ['loss'], attribute: [onnx.AttributeProto.create({ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 })] })];
    return onnx.ModelProto.create({ ...m, graph: onnx.GraphProto.create({ ...m.graph!, node: nodes }) });
  })();
  expect(() => buildGradientGraph(probe, { loss: 'loss', wrt: g.wrt })).to.throw().that.satisfies((e: unknown) => {
    if (!isKenobiError(e, code)) throw new Error(`expected ${code}, got ${String(e)}`);
    if (!why.test((e as Error).message)) throw new Error(`message '${(e as Error).message}' does not match ${why}`);
    return true;
  });
}

describe('@kenobi/autodiff basic rules: refusals with a clear typed error', () => {
  const U = 'autodiff/unsupported-attribute';
  it('Pad reflect wider than the axis, with negative pads, or over a symbolic axis', () => {
    expectRefusal('Pad', [input('x', [2, 3]), ints('pads', [0, 3, 0, 0])], { mode: 'reflect' }, U, /reflect pads axis 1 by 3 and 0 but it has only 3 elements \(at most 2 each\)/);
    expectRefusal('Pad', [input('x', [2, 3]), ints('pads', [0, -1, 0, 1])], { mode: 'edge' }, U, /negative pads/);
    expectRefusal('Pad', [input('x', [2, 3], { declared: ['N', 3] }), ints('pads', [1, 0, 0, 0])], { mode: 'reflect' }, U, /size 'N' is not static/);
  });
  it('Pad wrap wider than the axis', () => {
    expectRefusal('Pad', [input('x', [2, 3]), ints('pads', [0, 4, 0, 0])], { mode: 'wrap' }, U, /wrap pads axis 1 by 4/, 19);
  });
  it('Pad and ReduceSum with pads or axes computed at run time', () => {
    const computed = (op: string, values: number[]): ReturnType<GraphBuilder['build']> => {
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', [2, 3]);
      const second = b.node('Identity', [b.initializer('c', onnx.TensorProto.create(int64Tensor('c', values)))])[0]!;
      const [y] = b.node(op, [x, second], {}, { name: `the_${op}` });
      b.output(b.node('ReduceSum', [y!], { keepdims: 0 }, { name: 'loss' })[0]!, { dims: [] });
      return b.build();
    };
    expect(() => buildGradientGraph(computed('Pad', [0, 1, 0, 1]), { loss: 'loss', wrt: ['x'] })).to.throw(/the_Pad.*pads input is computed at run time/);
    expect(() => buildGradientGraph(computed('ReduceSum', [1]), { loss: 'loss', wrt: ['x'] })).to.throw(/the_ReduceSum.*axes input is computed at run time/);
  });
  it('a no-op ReduceSum / ReduceMean (noop_with_empty_axes=1) whose output static shape inference gets wrong', () => {
    // NOTE: inferStaticShapes (@kenobi/onnx) reduces every axis here; when it learns the no-op, these cases pass instead
    expectRefusal('ReduceSum', [input('x', [2, 3])], { noop_with_empty_axes: 1 }, U, /no-op .* static shape inference gives its output dims \[1, 1\] instead of the input's \[2, 3\]/);
    expectRefusal('ReduceMean', [input('x', [2, 3])], { noop_with_empty_axes: 1 }, U, /no-op/, 18);
  });
  it('Cast to anything but float', () => {
    const node = onnx.NodeProto.create({ op_type: 'Cast', input: ['x'], output: ['y'], attribute: [onnx.AttributeProto.create({ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: 10 })] });
    expect(castRule.unsupported!(node, {} as never)).to.match(/only Cast to float \(to=1\).*type 10/);
    node.attribute![0]!.i = 1;
    expect(castRule.unsupported!(node, {} as never)).to.equal(undefined);
  });
  it('MatMul whose operand shape is unknown names the tensor', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 4]);
    const w = b.initializer('w', seeded(12, 1), [4, 3]);
    // NOTE: Compress keeps a data-dependent number of rows: no static shape can say how many
    const keep = b.input('keep', 'bool', [2]);
    const [s] = b.node('Compress', [x, keep], { axis: 0 });
    const [y] = b.node('MatMul', [s!, w]);
    const [l] = b.node('ReduceSum', [y!], { keepdims: 0 });
    b.output(l!, { dims: [] });
    expect(() => buildGradientGraph(b.build(), { loss: l!, wrt: ['w'] })).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'autodiff/unknown-shape') && /MatMul/.test((e as Error).message));
  });
  it('unbroadcast without a target tensor refuses a broadcast it cannot decide statically', () => {
    const w = new GraphWriter(['g'], new Map<string, readonly Dim[]>(), () => undefined, 17, { batchNorm: 'frozen', dropout: 'off' });
    const ctx = w.contextFor(onnx.NodeProto.create({ op_type: 'Add', name: 'add' }));
    expect(() => unbroadcast(ctx, 'g', ['N', 3], ['M', 3])).to.throw().that.satisfies((e: unknown) => isKenobiError(e, 'autodiff/unknown-shape'));
    expect(unbroadcast(ctx, 'g', ['N', 3], ['N', 3])).to.equal('g');
  });
});

describe('@kenobi/autodiff basic rules: one gradient graph for any batch size (inputShapes)', () => {
  /** x [N, 4] → MatMul W → Add b → LogSoftmax → Pad the batch → ReduceMean over everything (count depends on N). */
  function model(batch: Dim): ReturnType<GraphBuilder['build']> {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [batch, 4]);
    const [h] = b.node('MatMul', [x, b.initializer('w', seeded(12, 3), [4, 3])]);
    const [z] = b.node('Add', [h!, b.initializer('b', seeded(3, 4), [3])]);
    const [s] = b.node('LogSoftmax', [z!], { axis: 1 });
    const [p] = b.node('Pad', [s!, b.initializer('pads', onnx.TensorProto.create(int64Tensor('pads', [1, 0, 0, 0])))]);
    const [l] = b.node('ReduceMean', [p!], { keepdims: 0 });
    b.output(l!, { dims: [] });
    return b.build();
  }
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`the graph built for ['N', 4] matches graphs built for fixed batches 2 and 5 [${backend}]`, async () => {
      for (const n of [2, 5]) {
        const x = { data: seeded(n * 4, 10 + n), dims: [n, 4] };
        const symbolic = await runGradients(model('N'), { x }, model('N').graph!.output![0]!.name!, ['x', 'w', 'b'], backend, { x: ['N', 4] });
        const fixed = await runGradients(model(n), { x }, model(n).graph!.output![0]!.name!, ['x', 'w', 'b'], backend);
        for (const t of ['x', 'w', 'b']) {
          expect(symbolic[t]!.length, t).to.equal(fixed[t]!.length);
          symbolic[t]!.forEach((v, i) => expect(v, `${t}[${i}] at batch ${n}`).to.be.closeTo(fixed[t]![i]!, 1e-6));
        }
      }
    });
  }
});
