import { expect } from 'chai';
import { GraphBuilder, type ModelProto } from '@kenobi/onnx';
import { checkGradients, seeded } from '../test-support/check-gradients.js';
import { BACKENDS } from '../test-support/spatial-case.js';

/**
 * x [N, 2, 12, 12] → Conv 3×3 SAME_UPPER → Relu → MaxPool 2×2/2 → Conv 3×3/2 pad 1 group 2 → Relu →
 * AveragePool 3×3/1 pad 1 → GlobalAveragePool + GlobalMaxPool: every spatial rule chained, batch symbolic.
 */
function smallCnn(): ModelProto {
  const b = new GraphBuilder({ seed: 4 });
  const x = b.input('x', 'float32', ['N', 2, 12, 12]);
  const w1 = b.initializer('w1', seeded(4 * 2 * 9, 31, -0.4, 0.4), [4, 2, 3, 3]);
  const b1 = b.initializer('b1', seeded(4, 32, -0.1, 0.1), [4]);
  const w2 = b.initializer('w2', seeded(4 * 2 * 9, 33, -0.4, 0.4), [4, 2, 3, 3]);
  const b2 = b.initializer('b2', seeded(4, 34, -0.1, 0.1), [4]);
  const [c1] = b.node('Conv', [x, w1, b1], { auto_pad: 'SAME_UPPER' });
  const [r1] = b.node('Relu', [c1!]);
  const [m1] = b.node('MaxPool', [r1!], { kernel_shape: [2, 2], strides: [2, 2] });
  const [c2] = b.node('Conv', [m1!, w2, b2], { strides: [2, 2], pads: [1, 1, 1, 1], group: 2 });
  const [r2] = b.node('Relu', [c2!]);
  const [a2] = b.node('AveragePool', [r2!], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] });
  const [ga] = b.node('GlobalAveragePool', [a2!]);
  const [gm] = b.node('GlobalMaxPool', [a2!]);
  const [y] = b.node('Add', [ga!, gm!]);
  b.output(y!);
  return b.build();
}

describe('@kenobi/autodiff a small CNN through every spatial rule', () => {
  for (const backend of BACKENDS) {
    it(`gradients of x and both convs' weights and biases within 1e-4 of float64 finite differences [${backend}]`, async () => {
      const r = await checkGradients({ model: smallCnn(), feeds: { x: { data: seeded(2 * 2 * 144, 35), dims: [2, 2, 12, 12] } }, wrt: ['x', 'w1', 'b1', 'w2', 'b2'] }, { backend });
      if (process.env['KENOBI_GRADIENT_REPORT'] === '1') console.log(`      small CNN [${backend}]:`, r.relativeError, r.loss);
      expect(r.loss.ort).to.be.closeTo(r.loss.reference, 1e-5 * Math.max(1, Math.abs(r.loss.reference)));
      for (const t of ['x', 'w1', 'b1', 'w2', 'b2']) expect(r.relativeError[t], t).to.be.below(1e-4);
    });
  }
});
