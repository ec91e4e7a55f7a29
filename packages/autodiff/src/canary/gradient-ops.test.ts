import { expect } from 'chai';
import { GraphBuilder, type ModelProto } from '@kenobi/onnx';
import { buildGradientGraph } from '../gradient-graph.js';
import { gradientOpsOf, isEmittedNode } from './gradient-ops.js';

/** x → Conv → Relu → MaxPool → Flatten → Gemm → ReduceSum (loss), with a frozen Sigmoid branch beside it. */
function smallCnn(): ModelProto {
  const b = new GraphBuilder({ seed: 3 });
  const x = b.input('x', 'float32', [2, 2, 6, 6]);
  const c = b.conv(x, { outChannels: 3, kernel: 3, pad: 1, name: 'conv' });
  const m = b.maxPool(b.relu(c), { kernel: 2 });
  const y = b.dense(b.flatten(m), { units: 2, name: 'fc' });
  const [side] = b.node('Sigmoid', [x], {}, { name: 'side' });
  b.output(side!, { dims: [2, 2, 6, 6] });
  const [loss] = b.node('ReduceSum', [y], { keepdims: 0 }, { name: 'loss', outputs: ['loss'] });
  b.output(loss!, { dims: [] });
  return b.build();
}

describe('@kenobi/autodiff gradientOpsOf', () => {
  it('splits a gradient graph into differentiated ops, op types the rules wrote, and forward-only ops', () => {
    const model = smallCnn();
    const wrt = (model.graph!.initializer ?? []).map((t) => t.name!).filter((n) => n.startsWith('conv') || n.startsWith('fc'));
    const g = buildGradientGraph(model, { loss: 'loss', wrt: ['x', ...wrt], keepOutputs: ['side'] });
    const ops = gradientOpsOf(g);
    expect(ops.differentiated).to.deep.equal(['Conv', 'Flatten', 'Gemm', 'MaxPool', 'ReduceSum', 'Relu']);
    // a 2×2/2 MaxPool's windows cannot overlap: MaxUnpool, not ScatterElements
    expect(ops.emitted).to.include.members(['ConvTranspose', 'MaxUnpool', 'MaxPool', 'Identity']);
    expect(ops.emitted).to.not.include('ScatterElements');
    expect(ops.forwardOnly).to.deep.equal(['Sigmoid']);
  });

  it('finds every node the engine added by its name (GraphWriter writes grad/… and train/…), and no forward node', () => {
    const model = smallCnn();
    const forwardNames = new Set((model.graph!.node ?? []).map((n) => n.name));
    const g = buildGradientGraph(model, { loss: 'loss', wrt: ['x'] });
    const nodes = g.model.graph!.node ?? [];
    const added = nodes.filter((n) => !forwardNames.has(n.name));
    expect(added.length).to.be.above(5);
    // the MaxPool's training rewrite replaces the forward node: its new nodes are train/…, the forward one is gone
    expect(nodes.some((n) => (n.name ?? '').startsWith('train/'))).to.equal(true);
    for (const n of added) expect(isEmittedNode(n), `${n.name} (${n.op_type})`).to.equal(true);
    for (const n of nodes.filter((k) => forwardNames.has(k.name))) expect(isEmittedNode(n), String(n.name)).to.equal(false);
  });

  it('takes a plain list of differentiated ops (sorted, unique)', () => {
    expect(gradientOpsOf(['Relu', 'Gemm', 'Relu'])).to.deep.equal({ differentiated: ['Gemm', 'Relu'], emitted: [], forwardOnly: [] });
  });
});
