/**
 * Test support: tiny hand-written ONNX graphs for runtime tests (no builder needed): a Conv with any channel
 * counts, and a model with an op no runtime knows.
 */
import { onnx } from '@kenobi/onnx';

/**
 * y = Relu(Conv(x, W) + b) with seeded weights; batch 'N' or fixed.
 *
 * @example
 * ```ts
 * const m = convReluModel({ inChannels: 6, outChannels: 4, size: 8 }); // x [N, 6, 8, 8] -> y [N, 4, 8, 8]
 * ```
 */
export function convReluModel(o: { inChannels: number; outChannels: number; size: number; batch?: number | 'N'; seed?: number }): Uint8Array {
  const { inChannels: C, outChannels: M, size: S } = o;
  const seed = o.seed ?? 1;
  const w = Array.from({ length: M * C * 9 }, (_, i) => Math.sin(i * 1.3 + seed) / Math.sqrt(C * 9));
  const b = Array.from({ length: M }, (_, i) => 0.1 * Math.cos(i + seed));
  const batch = o.batch ?? 'N';
  const batchDim = typeof batch === 'number' ? { dim_value: batch } : { dim_param: batch };
  const proto = onnx.ModelProto.create({
    ir_version: 8,
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: 'conv_relu',
      node: [
        { op_type: 'Conv', name: `conv_${C}to${M}`, input: ['x', 'w', 'b'], output: ['c'], attribute: [{ name: 'pads', type: onnx.AttributeProto.AttributeType.INTS, ints: [1, 1, 1, 1] }] },
        { op_type: 'Relu', name: 'relu', input: ['c'], output: ['y'] },
      ],
      initializer: [
        { name: 'w', data_type: 1, dims: [M, C, 3, 3], float_data: w },
        { name: 'b', data_type: 1, dims: [M], float_data: b },
      ],
      input: [{ name: 'x', type: { tensor_type: { elem_type: 1, shape: { dim: [batchDim, { dim_value: C }, { dim_value: S }, { dim_value: S }] } } } }],
      output: [{ name: 'y', type: { tensor_type: { elem_type: 1 } } }],
    },
  });
  return onnx.ModelProto.encode(proto).finish();
}

/**
 * A model whose second node is the made-up op `FrobnicateTensor` (domain '' or the one given).
 *
 * @example
 * ```ts
 * await createSession(unknownOpModel(), { device: 'cpu' }); // throws runtime/unsupported-op (FrobnicateTensor)
 * ```
 */
export function unknownOpModel(domain = ''): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create({
    ir_version: 8,
    opset_import: [{ domain: '', version: 17 }, ...(domain ? [{ domain, version: 1 }] : [])],
    graph: {
      name: 'weird',
      node: [
        { op_type: 'Relu', name: 'relu', input: ['x'], output: ['a'] },
        { op_type: 'FrobnicateTensor', domain, name: 'frob', input: ['a'], output: ['y'] },
      ],
      input: [{ name: 'x', type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 1 }, { dim_value: 4 }] } } } }],
      output: [{ name: 'y', type: { tensor_type: { elem_type: 1 } } }],
    },
  })).finish();
}

/**
 * Deterministic test input of `n` values in about [-1, 1].
 *
 * @example
 * ```ts
 * testInput(4); // Float32Array [0, 0.84, 0.91, 0.14] (sin of 0, 1, 2, 3)
 * ```
 */
export function testInput(n: number, phase = 0): Float32Array {
  return new Float32Array(n).map((_, i) => Math.sin(i + phase));
}

/**
 * Largest absolute difference of two arrays (Infinity when lengths differ or a NaN appears).
 *
 * @example
 * ```ts
 * maxAbsDiff(Float32Array.of(1, 2), Float32Array.of(1, 2.5)); // 0.5
 * ```
 */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
