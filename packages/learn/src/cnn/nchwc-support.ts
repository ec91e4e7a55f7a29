/**
 * Whether this process's onnxruntime-node CPU runs ORT's NCHWc kernels, with which block size, and whether a
 * lowered Conv equals the standard one: a canary run once per process before {@link lowerConvsToNchwc} is
 * trusted with a training graph.
 */
import { encodeModel, float32Tensor, onnx, toAttributeProto, type ModelProto } from '@kenobi/onnx';
import { createSession } from '@kenobi/runtime';
import { lowerConvsToNchwc, NCHWC_DOMAIN, type NchwcBlockSize } from './nchwc-lowering.js';

/** The canary's answer: a block size to lower with, or why not. @example `const s: NchwcSupport = { ok: false, why: 'no AVX2' };` */
export type NchwcSupport =
  | { readonly ok: true; readonly blockSize: NchwcBlockSize; readonly maxRelativeError: number }
  | { readonly ok: false; readonly why: string };

/** A lowered Conv must equal the standard one to this relative error (float32 sums in another order: ~1e-7). */
const TOLERANCE = 1e-5;

let cached: Promise<NchwcSupport> | undefined;

/**
 * Runs the canary once per process (later calls share the answer): `ReorderInput` on 16 channels reveals the
 * block size (8 on AVX2, 16 on AVX-512; anything else → unsupported), then a 3×3 16→32 Conv lowered with
 * that size must equal the standard Conv within 1e-5 of max |y|. Any load or run error → unsupported, with
 * ORT's message.
 *
 * @example
 * ```ts
 * const s = await nchwcSupport();
 * if (s.ok) model = lowerConvsToNchwc(model, s.blockSize).model;
 * ```
 */
export function nchwcSupport(): Promise<NchwcSupport> {
  cached ??= probe().catch((e: unknown) => ({ ok: false as const, why: e instanceof Error ? e.message.split('\n')[0]! : String(e) }));
  return cached;
}

async function probe(): Promise<NchwcSupport> {
  const blockSize = await probeBlockSize();
  if (blockSize === undefined) return { ok: false, why: 'ReorderInput wrote no known channel blocking (MLAS NCHWc needs AVX2 or AVX-512)' };
  const [n, c, m, h] = [2, 16, 32, 5];
  const w = Float32Array.from({ length: m * c * 9 }, (_, i) => Math.sin(i * 0.37) * 0.2);
  const x = Float32Array.from({ length: n * c * h * h }, (_, i) => Math.cos(i * 0.11));
  const plain = convModel(c, m, h, n);
  const lowered = lowerConvsToNchwc(plain, blockSize);
  if (lowered.lowered.length !== 1) return { ok: false, why: `the lowering kept the canary conv (${lowered.kept[0]?.why ?? '?'})` };
  const run = async (model: ModelProto): Promise<Float32Array> => {
    const s = await createSession(encodeModel(model), { device: 'cpu', sessionOptions: { intraOpNumThreads: 1 } });
    try {
      return (await s.run({ x: { data: x, dims: [n, c, h, h] }, w: { data: w, dims: [m, c, 3, 3] } })).y!.data as Float32Array;
    } finally {
      await s.dispose();
    }
  };
  const [ref, got] = [await run(plain), await run(lowered.model)];
  let err = 0, scale = 0;
  for (let i = 0; i < ref.length; i++) {
    err = Math.max(err, Math.abs(ref[i]! - got[i]!));
    scale = Math.max(scale, Math.abs(ref[i]!));
  }
  const rel = err / scale;
  if (!(rel <= TOLERANCE) || got.length !== ref.length) return { ok: false, why: `the NCHWc Conv differs from the standard Conv by ${rel.toExponential(2)} of max |y|` };
  return { ok: true, blockSize, maxRelativeError: rel };
}

/** x[0, ch, 0, k] = 2·ch + k through ReorderInput: the output order shows how channels are blocked. */
async function probeBlockSize(): Promise<NchwcBlockSize | undefined> {
  const graph = onnx.GraphProto.create({
    name: 'nchwc_block_probe',
    node: [onnx.NodeProto.create({ op_type: 'ReorderInput', domain: NCHWC_DOMAIN, input: ['x'], output: ['y'] })],
    input: [valueInfo('x', [1, 16, 1, 2])],
    output: [valueInfo('y', [1, 16, 1, 2])],
  });
  const s = await createSession(encodeModel(model(graph)), { device: 'cpu', sessionOptions: { intraOpNumThreads: 1 } });
  try {
    if (s.ortPackage !== 'onnxruntime-node') return undefined; // the NCHWc kernels are onnxruntime-node CPU's own
    const y = (await s.run({ x: { data: Float32Array.from({ length: 32 }, (_, i) => i), dims: [1, 16, 1, 2] } })).y!.data;
    for (const b of [8, 16] as const) {
      // blocked order: [channel block][w][channel within block]; x's value at (ch, k) is 2·ch + k
      const expected = Array.from({ length: 32 }, (_, i) => {
        const block = Math.floor(i / (2 * b)), k = Math.floor((i % (2 * b)) / b), ch = block * b + (i % b);
        return 2 * ch + k;
      });
      if (expected.every((v, i) => y[i] === v)) return b;
    }
    return undefined;
  } finally {
    await s.dispose();
  }
}

function convModel(c: number, m: number, h: number, n: number): ModelProto {
  return model(onnx.GraphProto.create({
    name: 'nchwc_conv_canary',
    node: [onnx.NodeProto.create({ name: 'conv', op_type: 'Conv', input: ['x', 'w', 'b'], output: ['y'], attribute: [toAttributeProto('pads', [1, 1, 1, 1])] })],
    initializer: [float32Tensor('b', Float32Array.from({ length: m }, (_, i) => i * 0.01), [m])],
    input: [valueInfo('x', [n, c, h, h]), valueInfo('w', [m, c, 3, 3])],
    output: [valueInfo('y', [n, m, h, h])],
  }));
}

function model(graph: onnx.GraphProto): ModelProto {
  return onnx.ModelProto.create({
    ir_version: 8,
    opset_import: [onnx.OperatorSetIdProto.create({ domain: '', version: 17 }), onnx.OperatorSetIdProto.create({ domain: NCHWC_DOMAIN, version: 1 })],
    graph,
  });
}

function valueInfo(name: string, dims: readonly number[]): onnx.ValueInfoProto {
  return onnx.ValueInfoProto.create({ name, type: { tensor_type: { elem_type: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => ({ dim_value: d })) } } } });
}
