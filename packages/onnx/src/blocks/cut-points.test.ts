import { expect } from 'chai';
import { googlenet } from '../architectures/googlenet.js';
import { resnet18 } from '../architectures/resnet.js';
import { GraphBuilder } from '../builder/graph-builder.js';
import { graphView } from '../graph-view.js';
import type { ModelProto } from '../onnx-types.js';
import { customCnn, tinyDenseNet, tinyShuffleNet } from '../test-support/block-graphs.js';
import { bruteForceCuts } from '../test-support/brute-force-cuts.js';
import { dataflowCuts } from './cut-points.js';

/** x → conv → GAP → Reshape(GAP, Shape(conv)[0] ++ [-1]) → dense: the Shape path keeps `conv` live past the GAP. */
function shapePathModel(): ModelProto {
  const b = new GraphBuilder({ name: 'shape-path', seed: 1 });
  const c = b.relu(b.conv(b.input('x', 'float32', ['N', 3, 8, 8]), { outChannels: 4, kernel: 3, pad: 1 }), { name: 'features' });
  const pooled = b.globalAveragePool(c, { name: 'gap' });
  const [shape] = b.node('Shape', [c], {}, { name: 'shape' });
  const [batch] = b.node('Gather', [shape!, b.constant([0], [1], { dtype: 'int64' })], { axis: 0 }, { name: 'batch' });
  const [target] = b.node('Concat', [batch!, b.constant([-1], [1], { dtype: 'int64' })], { axis: 0 }, { name: 'target' });
  const [flat] = b.node('Reshape', [pooled, target!], {}, { name: 'flat' });
  b.setShape(flat!, ['N', 4]);
  b.output(b.dense(flat!, { units: 2, name: 'fc' }));
  return b.build();
}

describe('@kenobi/onnx dataflowCuts', () => {
  const cases: [string, ModelProto, string][] = [
    ['ResNet-18', resnet18({ width: 0.125, inputSize: 32, materialize: false }), 'flatten'],
    ['GoogLeNet', googlenet({ width: 0.125, inputSize: 64, materialize: false }), 'flatten'],
    ['DenseNet-like', tinyDenseNet(), 'flatten_0'],
    ['ShuffleNet-like (Split)', tinyShuffleNet(), 'flatten_0'],
    ['custom CNN with a gate', customCnn(), 'flatten_0'],
    ['a Shape path around a pooling', shapePathModel(), 'flat'],
  ];
  for (const [what, model, end] of cases) {
    it(`finds exactly the tensors every input-to-output path passes through: ${what}`, () => {
      const view = graphView(model);
      const cuts = dataflowCuts(view, end).cuts.map((c) => c.tensor);
      expect(cuts).to.deep.equal(bruteForceCuts(view, end));
      expect(cuts[cuts.length - 1]).to.equal(end);
    });
  }

  it('puts no cut inside a residual block, a concat or a shape path', () => {
    const r18 = dataflowCuts(graphView(resnet18({ width: 0.125, inputSize: 32, materialize: false })), 'flatten').cuts.map((c) => c.tensor);
    expect(r18).to.include.members(['maxpool', 'layer1.0.add', 'relu_2']).and.not.include('relu_1');
    expect(r18.some((t) => t.startsWith('layer1.0.conv') || t.startsWith('layer2.0.downsample'))).to.equal(false);
    const shapes = dataflowCuts(graphView(shapePathModel()), 'flat');
    expect(shapes.cuts.map((c) => c.tensor)).to.include('features').and.not.include('gap');
    expect([...shapes.shapeOnly]).to.include.members(['shape', 'batch', 'target']);
  });

  it('leaves out nodes computed from constants alone and positions cuts in its node list', () => {
    const b = new GraphBuilder({ seed: 2 });
    const x = b.input('x', 'float32', ['N', 4]);
    const w = b.node('Transpose', [b.constant(Array.from({ length: 12 }, (_, i) => i / 10), [3, 4])], { perm: [1, 0] }, { name: 'w_t' })[0]!;
    b.output(b.relu(b.matMul(b.relu(x, { name: 'h' }), w, { name: 'mm' }), { name: 'y' }));
    const flow = dataflowCuts(graphView(b.build()), 'y');
    expect(flow.nodes.map((n) => n.op_type)).to.deep.equal(['Relu', 'MatMul', 'Relu']);
    expect(flow.data.has('w_t')).to.equal(false);
    for (const c of flow.cuts) expect(flow.nodes[c.position]!.output).to.include(c.tensor);
    expect(flow.cuts.map((c) => c.tensor)).to.deep.equal(['h', 'mm', 'y']);
  });
});
