import { expect } from 'chai';
import { GraphBuilder, graphView, tensorToNumbers, type AttributeValue, type ModelProto } from '@kenobi/onnx';
import { buildGradientGraph } from '../gradient-graph.js';
import { withProbeLoss } from '../test-support/check-gradients.js';
import { BACKENDS, runModel } from '../test-support/spatial-case.js';

/** x [dims] → op → y, with the probe loss Σ y ⊙ R; returns dL/dx from ORT and R. */
async function gradientAtTies(op: string, attrs: Readonly<Record<string, AttributeValue>>, x: Float32Array, dims: number[], yDims: number[], backend: 'cpu' | 'wasm'): Promise<{ dX: Float32Array; r: number[] }> {
  const b = new GraphBuilder();
  const input = b.input('x', 'float32', dims);
  const [y] = b.node(op, [input], attrs);
  b.output(y!);
  const probed: ModelProto = withProbeLoss(b.build(), yDims, 9);
  const g = buildGradientGraph(probed, { loss: 'loss', wrt: ['x'] });
  const out = await runModel(g.model, { x: { data: x, dims } }, backend);
  return { dX: out[g.gradients.get('x')!]!, r: tensorToNumbers(graphView(probed).initializers.get('probe_r')!) };
}

// NOTE: finite differences are undefined at ties (the max has a kink there), so these compare with the
// analytic subgradient PyTorch uses: each window's whole gradient goes to its FIRST maximum in row-major
// window order. An equality mask would give every tied element the full gradient and fail.
describe('@kenobi/autodiff max pooling at ties: the first maximum takes the gradient, like PyTorch', () => {
  for (const backend of BACKENDS) {
    it(`MaxPool 3×3/2 pad 1 over a constant input (every window all ties) [${backend}]`, async () => {
      const dims = [2, 2, 5, 5];
      const { dX, r } = await gradientAtTies('MaxPool', { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, new Float32Array(100).fill(0.5), dims, [2, 2, 3, 3], backend);
      const expected = new Float32Array(100);
      for (let plane = 0; plane < 4; plane++) for (let oh = 0; oh < 3; oh++) for (let ow = 0; ow < 3; ow++) {
        // a window's first in-bound tap: its start, clipped at 0 by the begin padding
        expected[plane * 25 + Math.max(2 * oh - 1, 0) * 5 + Math.max(2 * ow - 1, 0)]! += r[plane * 9 + oh * 3 + ow]!;
      }
      expect(Array.from(dX)).to.deep.equal(Array.from(expected));
    });

    it(`MaxPool 2×2/2 with ties away from the window start [${backend}]`, async () => {
      // windows {0 5 / 5 2} and {5 1 / 5 5}: first maxima at flat 1 and 2
      const { dX, r } = await gradientAtTies('MaxPool', { kernel_shape: [2, 2], strides: [2, 2] }, Float32Array.of(0, 5, 5, 1, 5, 2, 5, 5), [1, 1, 2, 4], [1, 1, 1, 2], backend);
      expect(Array.from(dX)).to.deep.equal([0, r[0]!, r[1]!, 0, 0, 0, 0, 0].map(Math.fround));
    });

    it(`GlobalMaxPool with tied maxima [${backend}]`, async () => {
      // channel 0 constant; channel 1 = 0 4 4 / 4 1 4: first maximum at flat 1 of the channel
      const { dX, r } = await gradientAtTies('GlobalMaxPool', {}, Float32Array.of(1, 1, 1, 1, 1, 1, 0, 4, 4, 4, 1, 4), [1, 2, 2, 3], [1, 2, 1, 1], backend);
      expect(Array.from(dX)).to.deep.equal([r[0]!, 0, 0, 0, 0, 0, 0, r[1]!, 0, 0, 0, 0].map(Math.fround));
    });
  }
});
