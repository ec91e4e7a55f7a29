import { expect } from 'chai';
import { onnx } from '../generated/onnx-proto.js';
import { findFeatureTensor } from './feature-tensor.js';
import { graphView, isConstantDerived, topologicalOrder } from './graph-view.js';
import { int64Tensor } from './tensor-data.js';
import type { ModelProto, NodeProto } from './onnx-types.js';

function model(nodes: NodeProto[], extra: Partial<onnx.GraphProto> = {}): ModelProto {
  return { ir_version: 8, opset_import: [{ domain: '', version: 17 }], graph: { name: 'g', node: nodes, input: [{ name: 'x' }], output: [], ...extra } };
}

describe('@kenobi/onnx graph view on graphs the fuzzer made', () => {
  it('follows a 60,000-node chain of constants without overflowing the call stack (isConstantDerived, findFeatureTensor)', () => {
    // Regression: isConstantDerived recursed once per node (RangeError: Maximum call stack size exceeded).
    const nodes: NodeProto[] = [];
    let prev = 'w';
    for (let k = 0; k < 60_000; k++) {
      nodes.push({ op_type: k % 2 ? 'Relu' : 'Identity', input: [prev], output: [`c${k}`] });
      prev = `c${k}`;
    }
    nodes.push({ name: 'fc', op_type: 'MatMul', input: ['x', prev], output: ['y'] });
    const m = model(nodes, { initializer: [int64Tensor('w', [1, 2])], output: [{ name: 'y' }] });
    expect(isConstantDerived(graphView(m), prev)).to.equal(true);
    expect(findFeatureTensor(m)).to.include({ name: 'x', classifier: 'fc' });
  });

  it('refuses a cyclic graph with onnx/cycle', () => {
    const m = model([{ op_type: 'Add', input: ['w', 'b'], output: ['a'] }, { op_type: 'Relu', input: ['a'], output: ['b'] }], { initializer: [int64Tensor('w', [1])] });
    expect(() => graphView(m)).to.throw().with.property('code', 'onnx/cycle');
  });

  it('sorts a wide unsorted graph of 100,000 nodes (a heap, not a sort per node) and keeps file order where it can', function () {
    // Regression: the ready list was sorted again for every node: quadratic, 14 s for 30,000 nodes, minutes
    // for 100,000 (the fuzzer's hang). A generous hang guard, not a timing.
    this.timeout(30_000);
    const width = 100_000;
    const wide: NodeProto[] = Array.from({ length: width }, (_, k) => ({ op_type: 'Relu', input: ['x'], output: [`r${k}`] }));
    const nodes = [{ op_type: 'Identity', input: ['r0'], output: ['first'] }, ...wide];
    const order = topologicalOrder({ node: nodes });
    expect(order.length).to.equal(width + 1);
    expect(order[0]!.output![0]).to.equal('r0');
    expect(order[1]!.output![0]).to.equal('first');
    expect(order[2]!.output![0]).to.equal('r1');
    expect(order[width]!.output![0]).to.equal(`r${width - 1}`);
  });
});
