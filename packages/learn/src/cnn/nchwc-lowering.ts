/**
 * A lowering of a training graph's 2-D Convs to onnxruntime's blocked-channel ("NCHWc") CPU kernels, for
 * graphs whose conv weights are graph inputs.
 *
 * NOTE: why. ORT's level-3 optimizer runs Convs in its NCHWc layout (MLAS direct convolution, AVX2/AVX-512)
 * only when the weights are constants, because it reorders them once at load. A training graph feeds its
 * trainable weights as inputs (they change every step), so ORT falls back to im2col + one SGEMM per image,
 * which is slow for small maps with many channels: ResNet-18's 3×3 512→512 at 7×7, batch 32, 2 threads, 120
 * ms CPU against 75 ms for the same `com.microsoft.nchwc` Conv fed the weights as an input (measured here,
 * onnxruntime-node 1.30, AVX-512; equal to 2.1e-7 of max |y|). The blocked weight layout
 * [M/B, C/B, kh, kw, B_in, B_out] is written in standard ops (Reshape → Transpose → Reshape) each step, and
 * activations go in and out of the blocked layout with ORT's `ReorderInput`/`ReorderOutput`.
 * The canonical gradient graph stays standard ONNX (what WASM, WebGPU, CUDA and the exported files run);
 * this rewrite is applied only to onnxruntime-node CPU sessions, after a canary (`nchwc-support.ts`) found
 * the block size B of this CPU and checked the kernel against the standard Conv.
 */
import { attrInt, attrInts, graphView, inferStaticShapes, int64Tensor, onnx, toAttributeProto, type ModelProto, type NodeProto, type TensorProto } from '@kenobi/onnx';

/** The domain of ORT's blocked-layout CPU kernels. @example `node.domain === NCHWC_DOMAIN; // an NCHWc Conv` */
export const NCHWC_DOMAIN = 'com.microsoft.nchwc';

/** MLAS's NCHWc block sizes: 8 channels on AVX2, 16 on AVX-512. @example `const b: NchwcBlockSize = 16;` */
export type NchwcBlockSize = 8 | 16;

/** What {@link lowerConvsToNchwc} did. @example `const { model, lowered, kept } = lowerConvsToNchwc(graph, 16);` */
export interface NchwcLowering {
  readonly model: ModelProto;
  /** Names (or outputs) of the Convs now run as NCHWc kernels. */
  readonly lowered: readonly string[];
  /** Convs left as they were, with the reason. */
  readonly kept: readonly { readonly node: string; readonly why: string }[];
}

const INT64_MIN = -(2n ** 63n);

/**
 * Rewrites every ungrouped 2-D `Conv` whose input and output channel counts are multiples of `blockSize` and
 * whose weight shape is known into `ReorderInput → nchwc.Conv → ReorderOutput`, the weight reordered in
 * standard ops. Output names are kept, so feeds, fetches and every other node are untouched.
 *
 * @example
 * ```ts
 * const { model, lowered } = lowerConvsToNchwc(gradientGraph.model, 16);
 * console.log(`${lowered.length} convs on NCHWc kernels`);
 * ```
 */
export function lowerConvsToNchwc(model: ModelProto, blockSize: NchwcBlockSize): NchwcLowering {
  const graph = model.graph!;
  const shapes = inferStaticShapes(graphView(model));
  const producers = new Map<string, NodeProto>();
  for (const n of graph.node ?? []) for (const o of n.output ?? []) producers.set(o, n);
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t] as const));
  const dimsOf = (name: string, depth = 0): readonly number[] | undefined => {
    const d = shapes.get(name)?.dims;
    if (d && d.every((x) => typeof x === 'number' && x > 0)) return d as number[];
    const p = producers.get(name);
    // The flipped-kernel data gradient's weight is Slice(Transpose(W)) with step −1 over whole axes: same dims.
    if (p && depth < 4 && p.op_type === 'Slice' && isWholeAxisFlip(p, initializers)) return dimsOf(p.input![0]!, depth + 1);
    return undefined;
  };

  const lowered: string[] = [];
  const kept: { node: string; why: string }[] = [];
  const extraInits: TensorProto[] = [];
  const nodes: NodeProto[] = [];
  const shapeConst = (name: string, values: readonly number[]): string => {
    extraInits.push(int64Tensor(name, [...values]));
    return name;
  };
  for (const node of graph.node ?? []) {
    const id = node.name || node.output?.[0] || 'conv';
    if (node.op_type !== 'Conv' || (node.domain ?? '') !== '') { nodes.push(node); continue; }
    const w = dimsOf(node.input![1]!);
    const why = w === undefined ? 'weight shape not known statically'
      : w.length !== 4 ? `${w.length - 2}-D convolution`
        : attrInt(node, 'group', 1) !== 1 ? 'grouped'
          : w[0]! % blockSize !== 0 || w[1]! % blockSize !== 0 ? `channels ${w[1]}→${w[0]} not multiples of ${blockSize}`
            : undefined;
    if (why !== undefined) { kept.push({ node: id, why }); nodes.push(node); continue; }
    const [m, c, kh, kw] = w as [number, number, number, number];
    const b = blockSize;
    const base = `${id}/nchwc`; // keeps the node's own prefix (grad/… for gradient nodes)
    const wBlocked6 = `${base}/w6`, wBlockedT = `${base}/wT`, wBlocked = `${base}/w`, xr = `${base}/x`, yr = `${base}/y`;
    nodes.push(
      onnx.NodeProto.create({ name: `${base}/w_split`, op_type: 'Reshape', input: [node.input![1]!, shapeConst(`${base}/split_shape`, [m / b, b, c / b, b, kh, kw])], output: [wBlocked6] }),
      onnx.NodeProto.create({ name: `${base}/w_block`, op_type: 'Transpose', input: [wBlocked6], output: [wBlockedT], attribute: [toAttributeProto('perm', [0, 2, 4, 5, 3, 1])] }),
      onnx.NodeProto.create({ name: `${base}/w_join`, op_type: 'Reshape', input: [wBlockedT, shapeConst(`${base}/join_shape`, [m, c, kh, kw])], output: [wBlocked] }),
      onnx.NodeProto.create({ name: `${base}/reorder_in`, op_type: 'ReorderInput', domain: NCHWC_DOMAIN, input: [node.input![0]!], output: [xr] }),
      onnx.NodeProto.create({
        name: `${base}/conv`, op_type: 'Conv', domain: NCHWC_DOMAIN,
        input: [xr, wBlocked, ...(node.input!.length > 2 && node.input![2] ? [node.input![2]] : [])],
        output: [yr],
        attribute: convAttributes(node, [kh, kw]),
      }),
      onnx.NodeProto.create({ name: `${base}/reorder_out`, op_type: 'ReorderOutput', domain: NCHWC_DOMAIN, input: [yr], output: [node.output![0]!], attribute: [toAttributeProto('channels', m)] }),
    );
    lowered.push(id);
  }
  if (lowered.length === 0) return { model, lowered, kept };
  const opsets = (model.opset_import ?? []).filter((o) => o.domain !== NCHWC_DOMAIN);
  const out = onnx.ModelProto.create({
    ...model,
    opset_import: [...opsets, onnx.OperatorSetIdProto.create({ domain: NCHWC_DOMAIN, version: 1 })],
    graph: onnx.GraphProto.create({ ...graph, node: nodes, initializer: [...(graph.initializer ?? []), ...extraInits] }),
  });
  return { model: out, lowered, kept };
}

/** The standard Conv's window attributes, with `kernel_shape` made explicit (the NCHWc kernel wants it). */
function convAttributes(node: NodeProto, kernel: readonly number[]): onnx.AttributeProto[] {
  const out = [toAttributeProto('kernel_shape', [...(attrInts(node, 'kernel_shape', undefined) ?? kernel)])];
  for (const name of ['strides', 'dilations', 'pads'] as const) {
    const v = attrInts(node, name, undefined);
    if (v) out.push(toAttributeProto(name, v));
  }
  const autoPad = (node.attribute ?? []).find((a) => a.name === 'auto_pad');
  if (autoPad) out.push(autoPad as onnx.AttributeProto);
  return out;
}

/** True for a Slice with step −1 from the last element to before the first on each axis it names. */
function isWholeAxisFlip(slice: NodeProto, initializers: ReadonlyMap<string, TensorProto>): boolean {
  const ints = (i: number): bigint[] | undefined => {
    const t = initializers.get(slice.input?.[i] ?? '');
    if (!t?.raw_data) return undefined;
    const raw = t.raw_data instanceof Uint8Array ? t.raw_data : new Uint8Array(t.raw_data as ArrayLike<number>);
    return [...new BigInt64Array(raw.slice().buffer)];
  };
  const [starts, ends, steps] = [ints(1), ints(2), ints(4)];
  return !!starts && !!ends && !!steps && steps.every((s) => s === -1n) && starts.every((s) => s === -1n) && ends.every((e) => e <= INT64_MIN);
}
