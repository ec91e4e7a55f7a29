import { expect } from 'chai';
import type { AttributeValue } from '@kenobi/onnx';
import { buildGradientGraph } from '../gradient-graph.js';
import { withProbeLoss } from '../test-support/check-gradients.js';
import { BACKENDS, expectGradientsMatch, spatialModel, type SpatialCase } from '../test-support/spatial-case.js';

type Attrs = Readonly<Record<string, AttributeValue>>;
const maxPool = (name: string, x: number[], attrs: Attrs, more: Partial<SpatialCase> = {}): SpatialCase => ({ name, op: 'MaxPool', x, attrs, ...more });

/**
 * MaxPool geometries whose windows cannot overlap (span (k−1)·d + 1 ≤ stride), where the rule writes
 * MaxUnpool instead of ScatterElements (spatial-rules-pool.test.ts covers the overlapping ones and 2×2/2).
 */
const DISJOINT_CASES: readonly SpatialCase[] = [
  maxPool('2×2/2 on an odd input (the last row and column get no gradient)', [2, 3, 7, 7], { kernel_shape: [2, 2], strides: [2, 2] }),
  maxPool('2×2/2 ceil_mode 1 on an odd input (a last window of one row; MaxUnpool pads its own estimate)', [1, 2, 7, 7], { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 }),
  maxPool('3×3/3 pad 1 (windows touch, the pad ring holds no input)', [1, 2, 8, 8], { kernel_shape: [3, 3], strides: [3, 3], pads: [1, 1, 1, 1] }),
  maxPool('2×2/3 (gaps between windows)', [2, 2, 8, 8], { kernel_shape: [2, 2], strides: [3, 3] }),
  maxPool('2×2/3 dilations 2 (span 3 = stride)', [1, 2, 9, 9], { kernel_shape: [2, 2], strides: [3, 3], dilations: [2, 2] }),
  maxPool('2×2/2 SAME_UPPER on an odd input', [1, 2, 5, 5], { kernel_shape: [2, 2], strides: [2, 2], auto_pad: 'SAME_UPPER' }),
  maxPool('1×3/(1, 3) (Inception-like rectangular)', [1, 2, 4, 9], { kernel_shape: [1, 3], strides: [1, 3] }),
  maxPool('1-D k 2 / 2', [2, 3, 9], { kernel_shape: [2], strides: [2] }),
  maxPool('symbolic batch N (fed 3), 2×2/2 on 7×7', [3, 2, 7, 7], { kernel_shape: [2, 2], strides: [2, 2] }, { symbolicBatch: true }),
  maxPool('2×2/2, the node already has its Indices output', [1, 2, 6, 6], { kernel_shape: [2, 2], strides: [2, 2] }, { outputs: 2 }),
];

describe('@kenobi/autodiff MaxPool gradient, disjoint windows (MaxUnpool) against float64 finite differences', () => {
  for (const c of DISJOINT_CASES) {
    for (const backend of BACKENDS) it(`${c.name} [${backend}]`, async () => { await expectGradientsMatch(c, backend); });
  }

  it('writes MaxUnpool for disjoint windows and ScatterElements for overlapping ones', () => {
    const backwardOps = (c: SpatialCase, out: number[]): string[] => {
      const g = buildGradientGraph(withProbeLoss(spatialModel(c), out, 1), { loss: 'loss', wrt: ['x'] });
      return (g.model.graph!.node ?? []).filter((n) => (n.name ?? '').startsWith('grad/')).map((n) => n.op_type ?? '');
    };
    const disjoint = backwardOps(maxPool('2×2/2', [1, 2, 6, 6], { kernel_shape: [2, 2], strides: [2, 2] }), [1, 2, 3, 3]);
    expect(disjoint).to.include('MaxUnpool').and.not.include('ScatterElements');
    const overlapping = backwardOps(maxPool('3×3/2', [1, 2, 7, 7], { kernel_shape: [3, 3], strides: [2, 2] }), [1, 2, 3, 3]);
    expect(overlapping).to.include('ScatterElements').and.not.include('MaxUnpool');
    const dilated = backwardOps(maxPool('2×2/2 dilations 2', [1, 2, 7, 7], { kernel_shape: [2, 2], strides: [2, 2], dilations: [2, 2] }), [1, 2, 3, 3]);
    expect(dilated, 'span 3 > stride 2: windows share elements').to.include('ScatterElements').and.not.include('MaxUnpool');
  });
});
