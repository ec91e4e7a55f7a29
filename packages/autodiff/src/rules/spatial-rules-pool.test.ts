import { expect } from 'chai';
import { isKenobiError } from '@kenobi/core';
import { GraphBuilder, type AttributeValue } from '@kenobi/onnx';
import { buildGradientGraph } from '../gradient-graph.js';
import { seeded } from '../test-support/check-gradients.js';
import { BACKENDS, expectGradientsMatch, type SpatialCase } from '../test-support/spatial-case.js';

type Attrs = Readonly<Record<string, AttributeValue>>;
const pool = (op: 'MaxPool' | 'AveragePool') => (name: string, x: number[], attrs: Attrs, more: Partial<SpatialCase> = {}): SpatialCase => ({ name, op, x, attrs, ...more });
const maxPool = pool('MaxPool'), averagePool = pool('AveragePool');
const k = (n: number): Attrs => ({ kernel_shape: [n, n] });
const s = (n: number): Attrs => ({ strides: [n, n] });
const p = (n: number): Attrs => ({ pads: [n, n, n, n] });

// NOTE: no row has a ceil-mode last window that would start in the end padding (6 → 3 for 2×2/2 pads
// [0, 0, 1, 1]): ORT 1.30's kernels drop it, but its ONNX shape inference (opsets 17–21) still counts it, so
// any graph that multiplies the pooled tensor fails to load ("Incompatible dimensions"). The rules follow the
// kernels; spatial-rules-geometry.test.ts checks the dropped window in the geometry itself.
const MAX_POOL_CASES: readonly SpatialCase[] = [
  maxPool('2×2/2, batch 2', [2, 3, 8, 8], { ...k(2), ...s(2) }),
  maxPool('3×3/2 pad 1, overlapping windows (ResNet stem)', [1, 2, 9, 9], { ...k(3), ...s(2), ...p(1) }),
  maxPool('3×3/2 ceil_mode 1 (GoogLeNet)', [1, 2, 8, 8], { ...k(3), ...s(2), ceil_mode: 1 }),
  maxPool('3×3/1 pad 1 (Inception pool branch)', [1, 3, 6, 6], { ...k(3), ...p(1) }),
  maxPool('2×2 dilations 2', [1, 2, 9, 9], { ...k(2), dilations: [2, 2] }),
  maxPool('3×3/2 dilations 2, pad 1, ceil_mode 1', [1, 2, 10, 10], { ...k(3), ...s(2), ...p(1), dilations: [2, 2], ceil_mode: 1 }),
  maxPool('3×3/2 SAME_UPPER (Keras same)', [1, 2, 7, 7], { ...k(3), ...s(2), auto_pad: 'SAME_UPPER' }),
  maxPool('2×2/1 SAME_LOWER', [1, 2, 5, 5], { ...k(2), auto_pad: 'SAME_LOWER' }),
  maxPool('3×3/2 asymmetric pads [1, 0, 0, 1]', [1, 2, 8, 8], { ...k(3), ...s(2), pads: [1, 0, 0, 1] }),
  maxPool('1-D k 3 / 2 pad 1', [2, 3, 9], { kernel_shape: [3], strides: [2], pads: [1, 1] }),
  maxPool('3-D 2×2×2/2', [1, 2, 4, 4, 4], { kernel_shape: [2, 2, 2], strides: [2, 2, 2] }),
  maxPool('symbolic batch N (fed 3)', [3, 2, 6, 6], { ...k(2), ...s(2) }, { symbolicBatch: true }),
  maxPool('node already has its Indices output', [1, 2, 6, 6], { ...k(3), ...s(2), ...p(1) }, { outputs: 2 }),
  maxPool('storage_order 1 without Indices (the rewrite asks for row-major)', [1, 2, 6, 6], { ...k(2), ...s(2), storage_order: 1 }),
];

const AVERAGE_POOL_CASES: readonly SpatialCase[] = [
  averagePool('2×2/2, batch 2 (one count: a scalar scale)', [2, 3, 8, 8], { ...k(2), ...s(2) }),
  averagePool('3×3/1 pad 1, count_include_pad 0 (Inception)', [1, 3, 6, 6], { ...k(3), ...p(1) }),
  averagePool('3×3/1 pad 1, count_include_pad 1', [1, 3, 6, 6], { ...k(3), ...p(1), count_include_pad: 1 }),
  averagePool('3×3/2 pad 1 ceil_mode 1, count_include_pad 0', [1, 2, 8, 8], { ...k(3), ...s(2), ...p(1), ceil_mode: 1 }),
  averagePool('3×3/2 pad 1 ceil_mode 1, count_include_pad 1 (last window clipped at the padded end)', [1, 2, 8, 8], { ...k(3), ...s(2), ...p(1), ceil_mode: 1, count_include_pad: 1 }),
  averagePool('3×3/2 asymmetric pads [0, 1, 1, 0], count_include_pad 0', [1, 2, 7, 7], { ...k(3), ...s(2), pads: [0, 1, 1, 0] }),
  averagePool('3×3/2 asymmetric pads [0, 1, 1, 0], count_include_pad 1', [1, 2, 7, 7], { ...k(3), ...s(2), pads: [0, 1, 1, 0], count_include_pad: 1 }),
  averagePool('2×2/1 SAME_UPPER (Keras same), count_include_pad 0', [1, 2, 5, 5], { ...k(2), auto_pad: 'SAME_UPPER' }),
  averagePool('3×3/2 SAME_LOWER, count_include_pad 1', [1, 2, 8, 8], { ...k(3), ...s(2), auto_pad: 'SAME_LOWER', count_include_pad: 1 }),
  averagePool('opset 19: 2×2 dilations 2 pad 1, count_include_pad 0', [1, 2, 7, 7], { ...k(2), ...p(1), dilations: [2, 2] }, { opset: 19 }),
  averagePool('opset 19: 3×3/2 dilations 2 pad 1 ceil_mode 1, count_include_pad 1', [1, 2, 10, 10], { ...k(3), ...s(2), ...p(1), dilations: [2, 2], ceil_mode: 1, count_include_pad: 1 }, { opset: 19 }),
  averagePool('5×5/3 r = 2 (rows never read)', [1, 2, 10, 10], { ...k(5), ...s(3) }),
  averagePool('1-D k 3 / 2 pad 1', [2, 3, 9], { kernel_shape: [3], strides: [2], pads: [1, 1] }),
  averagePool('3-D 2×2×2/2 pad 1', [1, 2, 4, 4, 4], { kernel_shape: [2, 2, 2], strides: [2, 2, 2], pads: [1, 1, 1, 1, 1, 1] }),
  averagePool('symbolic batch N (fed 3), 3×3/2 pad 1', [3, 2, 7, 7], { ...k(3), ...s(2), ...p(1) }, { symbolicBatch: true }),
];

const GLOBAL_CASES: readonly SpatialCase[] = [
  { name: '2-D, batch 2', op: 'GlobalAveragePool', x: [2, 3, 5, 5] },
  { name: '1-D', op: 'GlobalAveragePool', x: [2, 3, 7] },
  { name: 'symbolic batch N (fed 3)', op: 'GlobalAveragePool', x: [3, 4, 4, 4], symbolicBatch: true },
  { name: '2-D, batch 2', op: 'GlobalMaxPool', x: [2, 3, 5, 5] },
  { name: '1-D', op: 'GlobalMaxPool', x: [2, 3, 7] },
  { name: 'symbolic batch N (fed 3)', op: 'GlobalMaxPool', x: [3, 4, 4, 4], symbolicBatch: true },
];

describe('@kenobi/autodiff pooling gradients against float64 finite differences', () => {
  for (const [title, cases] of [['MaxPool', MAX_POOL_CASES], ['AveragePool', AVERAGE_POOL_CASES], ['GlobalAveragePool / GlobalMaxPool', GLOBAL_CASES]] as const) {
    describe(title, () => {
      for (const c of cases) for (const backend of BACKENDS) it(`${c.op === 'GlobalMaxPool' || c.op === 'GlobalAveragePool' ? `${c.op} ` : ''}${c.name} [${backend}]`, async () => { await expectGradientsMatch(c, backend); });
    });
  }

  describe('refusals', () => {
    const refusal = (op: string, attrs: Attrs, dims: number[], outputs = 1, opset = 17): unknown => {
      const b = new GraphBuilder({ opset });
      const x = b.input('x', 'float32', dims);
      const w = b.initializer('w', seeded(dims[1]!, 1), [dims[1]!, ...dims.slice(2).map(() => 1)]);
      const [m] = b.node('Mul', [x, w]);
      const [y] = b.node(op, [m!], attrs, { name: 'the_pool', outputs });
      const [l] = b.node('ReduceSum', [y!], { keepdims: 0 });
      b.output(l!, { dims: [] });
      try { buildGradientGraph(b.build(), { loss: l!, wrt: ['w'] }); } catch (e) { return e; }
      return expect.fail('buildGradientGraph did not throw');
    };
    const unsupported = (e: unknown, pattern: RegExp): void => {
      expect(isKenobiError(e, 'autodiff/unsupported-attribute') && /the_pool/.test((e as Error).message) && pattern.test((e as Error).message), String(e)).to.equal(true);
    };

    it('MaxPool with storage_order 1 and an Indices output', () => {
      unsupported(refusal('MaxPool', { ...k(2), storage_order: 1 }, [1, 2, 4, 4], 2), /storage_order/);
    });

    it('AveragePool with SAME padding and ceil_mode, or SAME padding and dilations', () => {
      unsupported(refusal('AveragePool', { ...k(3), ...s(2), auto_pad: 'SAME_UPPER', ceil_mode: 1 }, [1, 2, 8, 8]), /ceil_mode/);
      unsupported(refusal('AveragePool', { ...k(3), auto_pad: 'SAME_LOWER', dilations: [2, 2] }, [1, 2, 8, 8], 1, 19), /dilations/);
    });

    it('AveragePool over 4 spatial axes, and a window list of the wrong length', () => {
      unsupported(refusal('AveragePool', { kernel_shape: [1, 1, 1, 1] }, [1, 2, 2, 2, 2, 2]), /1-D, 2-D and 3-D/);
      unsupported(refusal('AveragePool', { ...k(2), strides: [2] }, [1, 2, 4, 4]), /strides/);
    });
  });
});
