/**
 * A lowering of a training graph's 2-D Convs to onnxruntime's blocked-channel ("NCHWc") CPU kernels, for
 * graphs whose conv weights are graph inputs.
 *
 * NOTE: why. ORT's level-3 optimizer runs Convs in its NCHWc layout (MLAS direct convolution, AVX2/AVX-512)
 * only when the weights are constants, because it reorders them once at load. A training graph feeds its
 * trainable weights as inputs (they change every step), so ORT falls back to im2col + one SGEMM per image,
 * which is slow for small maps with many channels: ResNet-18's 3×3 512→512 at 7×7, batch 32, 2 threads, 120
 * ms CPU against 75 ms for the same `com.microsoft.nchwc` Conv fed the weights as an input (measured here,
 * onnxruntime-node 1.30, AVX-512; equal to 2.1e-7 of max |y|). The weights are blocked into the kernel's
 * layout [M/B, C/B, kh, kw, B_in, B_out] in the graph, each step (`nchwc-weights.ts`), and activations go in
 * and out of the blocked layout with ORT's `ReorderInput`/`ReorderOutput`.
 * The canonical gradient graph stays standard ONNX (what WASM, WebGPU, CUDA and the exported files run);
 * this rewrite is applied only to onnxruntime-node CPU sessions, after a canary (`nchwc-support.ts`) found
 * the block size B of this CPU and checked the kernel against the standard Conv.
 */
import { attrInt, attrInts, graphView, inferStaticShapes, onnx, toAttributeProto, type ModelProto, type NodeProto } from '@kenobi/onnx';
import { blockedTail, weightGradientTails } from './nchwc-gradient-tail.js';
import { NCHWC_DOMAIN, NodeEmitter, type NchwcBlockSize } from './nchwc-node-emitter.js';
import { blockedFlippedWeight, blockedWeight, flipAxes, flippedTransposedSource } from './nchwc-weights.js';

export { NCHWC_DOMAIN, type NchwcBlockSize } from './nchwc-node-emitter.js';

/** What {@link lowerConvsToNchwc} did. @example `const { model, lowered, kept, tails } = lowerConvsToNchwc(graph, 16);` */
export interface NchwcLowering {
  readonly model: ModelProto;
  /** Names (or outputs) of the Convs now run as NCHWc kernels. */
  readonly lowered: readonly string[];
  /** Convs left as they were, with the reason. */
  readonly kept: readonly { readonly node: string; readonly why: string }[];
  /** Weight gradients (their output names) whose per-tap products are gathered by a Concat and `ReorderOutput`. */
  readonly tails: readonly string[];
}

/**
 * Rewrites every ungrouped 2-D `Conv` whose input and output channel counts are multiples of `blockSize` and
 * whose weight shape is known into `ReorderInput → nchwc.Conv → ReorderOutput`, the weight blocked in the graph.
 * The flipped-kernel data gradient's weight, `Slice(Transpose(W, [1, 0, 2, 3]), step −1)`, is blocked straight
 * from W (`nchwc-weights.ts`) and its Transpose and Slice dropped; the per-tap weight gradients are
 * gathered into [M, C, kh, kw] by a `ReorderOutput` (`nchwc-gradient-tail.ts`). Output names are kept, so feeds,
 * fetches and every other node are untouched.
 *
 * @example
 * ```ts
 * const { model, lowered } = lowerConvsToNchwc(gradientGraph.model, 16);
 * console.log(`${lowered.length} convs on NCHWc kernels`);
 * ```
 */
export function lowerConvsToNchwc(model: ModelProto, blockSize: NchwcBlockSize): NchwcLowering {
  const view = graphView(model);
  const shapes = inferStaticShapes(view);
  const dimsOf = (name: string, depth = 0): readonly number[] | undefined => {
    const d = shapes.get(name)?.dims;
    if (d && d.every((x) => typeof x === 'number' && x > 0)) return d as number[];
    const p = view.producer.get(name);
    // The flipped-kernel data gradient's weight is Slice(Transpose(W)) with step −1 over whole axes: same dims.
    if (p && depth < 4 && p.op_type === 'Slice' && flipAxes(p, view.initializers) !== undefined) return dimsOf(p.input![0]!, depth + 1);
    return undefined;
  };

  const lowered: string[] = [];
  const kept: { node: string; why: string }[] = [];
  const emit = new NodeEmitter();
  const dropped = new Set<NodeProto>();
  const tails = weightGradientTails(view, blockSize, dimsOf);
  const rewrittenTails: string[] = [];
  for (const node of model.graph!.node ?? []) {
    const id = node.name || node.output?.[0] || 'conv';
    const tail = tails.get(node);
    if (tail) {
      blockedTail(emit, node, tail, blockSize);
      for (const n of [...tail.dead, node]) dropped.add(n);
      rewrittenTails.push(node.output![0]!);
      continue;
    }
    if (node.op_type !== 'Conv' || (node.domain ?? '') !== '') { emit.nodes.push(node); continue; }
    const flip = flippedTransposedSource(view, node.input![1]!, dimsOf);
    const w = flip ? [flip.dims[1]!, flip.dims[0]!, flip.dims[2]!, flip.dims[3]!] : dimsOf(node.input![1]!);
    const why = w === undefined ? 'weight shape not known statically'
      : w.length !== 4 ? `${w.length - 2}-D convolution`
        : attrInt(node, 'group', 1) !== 1 ? 'grouped'
          : w[0]! % blockSize !== 0 || w[1]! % blockSize !== 0 ? `channels ${w[1]}→${w[0]} not multiples of ${blockSize}`
            : undefined;
    if (why !== undefined) { kept.push({ node: id, why }); emit.nodes.push(node); continue; }
    const [m, , kh, kw] = w as [number, number, number, number];
    const base = `${id}/nchwc`; // keeps the node's own prefix (grad/… for gradient nodes)
    let wBlocked: string;
    if (flip) {
      wBlocked = blockedFlippedWeight(emit, base, flip.source, flip.dims as [number, number, number, number], blockSize);
      // the standard-op flip is dead once nothing else reads it (the Transpose only if its Slice goes too)
      const [slice, transpose] = flip.nodes;
      if ((view.consumers.get(slice.output![0]!) ?? []).every((c) => c === node)) {
        dropped.add(slice);
        if ((view.consumers.get(transpose.output![0]!) ?? []).every((c) => c === slice)) dropped.add(transpose);
      }
    } else {
      wBlocked = blockedWeight(emit, base, node.input![1]!, w as [number, number, number, number], blockSize);
    }
    const xr = emit.op(`${base}/reorder_in`, 'ReorderInput', [node.input![0]!], {}, NCHWC_DOMAIN);
    const yr = emit.op(`${base}/conv`, 'Conv', [xr, wBlocked, ...(node.input!.length > 2 && node.input![2] ? [node.input![2]] : [])], convAttributes(node, [kh, kw]), NCHWC_DOMAIN);
    emit.nodes.push(onnx.NodeProto.create({ name: `${base}/reorder_out`, op_type: 'ReorderOutput', domain: NCHWC_DOMAIN, input: [yr], output: [node.output![0]!], attribute: [toAttributeProto('channels', m)] }));
    lowered.push(id);
  }
  if (lowered.length === 0) return { model, lowered, kept, tails: [] };
  const graph = model.graph!;
  const opsets = (model.opset_import ?? []).filter((o) => o.domain !== NCHWC_DOMAIN);
  const nodes = emit.nodes.filter((n) => !dropped.has(n));
  // the dropped flips' constants go too (ORT warns about every unused initializer)
  const read = new Set(nodes.flatMap((n) => n.input ?? []));
  const orphans = new Set([...dropped].flatMap((n) => n.input ?? []).filter((i) => !read.has(i)));
  const out = onnx.ModelProto.create({
    ...model,
    opset_import: [...opsets, onnx.OperatorSetIdProto.create({ domain: NCHWC_DOMAIN, version: 1 })],
    graph: onnx.GraphProto.create({ ...graph, node: nodes, initializer: [...(graph.initializer ?? []).filter((t) => !orphans.has(t.name ?? '')), ...emit.initializers] }),
  });
  return { model: out, lowered, kept, tails: rewrittenTails };
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
