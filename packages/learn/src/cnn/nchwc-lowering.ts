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
 * layout [M/B, C/B, kh, kw, B_in, B_out] in the graph, each step ({@link blockedWeight}), and activations go in
 * and out of the blocked layout with ORT's `ReorderInput`/`ReorderOutput`.
 * The canonical gradient graph stays standard ONNX (what WASM, WebGPU, CUDA and the exported files run);
 * this rewrite is applied only to onnxruntime-node CPU sessions, after a canary (`nchwc-support.ts`) found
 * the block size B of this CPU and checked the kernel against the standard Conv.
 */
import { attrInt, attrInts, graphView, inferStaticShapes, int64Tensor, onnx, tensorToTypedArray, toAttributeProto, type GraphView, type ModelProto, type NodeProto, type TensorProto } from '@kenobi/onnx';

/** The domain of ORT's blocked-layout CPU kernels. @example `node.domain === NCHWC_DOMAIN; // an NCHWc Conv` */
export const NCHWC_DOMAIN = 'com.microsoft.nchwc';

/** MLAS's NCHWc block sizes: 8 channels on AVX2, 16 on AVX-512. @example `const b: NchwcBlockSize = 16;` */
export type NchwcBlockSize = 8 | 16;

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

const INT64_MIN = -(2n ** 63n);

/**
 * Rewrites every ungrouped 2-D `Conv` whose input and output channel counts are multiples of `blockSize` and
 * whose weight shape is known into `ReorderInput → nchwc.Conv → ReorderOutput`, the weight blocked in the graph.
 * The flipped-kernel data gradient's weight, `Slice(Transpose(W, [1, 0, 2, 3]), step −1)`, is blocked straight
 * from W ({@link blockedFlippedWeight}) and its Transpose and Slice dropped; the per-tap weight gradients are
 * gathered into [M, C, kh, kw] by a `ReorderOutput` ({@link blockedTail}). Output names are kept, so feeds,
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

/** Nodes and int64 shape constants appended by the lowering, each output named after its node. */
class NodeEmitter {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  op(name: string, opType: string, inputs: readonly string[], attributes: Record<string, number | readonly number[]> | onnx.AttributeProto[] = {}, domain = ''): string {
    const attribute = Array.isArray(attributes) ? attributes : Object.entries(attributes).map(([k, v]) => toAttributeProto(k, v as number | number[]));
    this.nodes.push(onnx.NodeProto.create({ name, op_type: opType, domain, input: [...inputs], output: [name], attribute }));
    return name;
  }
  ints(name: string, values: readonly number[]): string {
    this.initializers.push(int64Tensor(name, [...values]));
    return name;
  }
  reshape(name: string, input: string, dims: readonly number[]): string {
    return this.op(name, 'Reshape', [input, this.ints(`${name}_shape`, dims)]);
  }
  /** ORT's `ReorderInput` of `input` seen as [n, c, h, 1]: memory (n, c, h) → (n, c/B, h, B), a SIMD block transpose. */
  reorder(name: string, input: string, nchw: readonly [number, number, number]): string {
    return this.op(name, 'ReorderInput', [this.reshape(`${name}_view`, input, [...nchw, 1])], {}, NCHWC_DOMAIN);
  }
}

/**
 * W [M, C, kh, kw] in the NCHWc Conv's weight layout [M/B, C/B, kh, kw, B_in, B_out], as two `ReorderInput`s:
 * (M, C, k) → (M, C/B, k, B_in), then seen as [M/B, B_out, rest] → (M/B, rest, B_out).
 * NOTE: ORT's `ReorderInput` transposes B×B blocks with SIMD on all intra-op threads; the `Transpose` of the
 * 6-D view it replaces copies element by element on one thread: ResNet-18's 512×512×3×3 weight, 2 threads,
 * 8.7–11.0 → 4.0–5.6 ms in a bare session (bit-identical), and a step of its `layer4` pays it once per Conv.
 */
function blockedWeight(emit: NodeEmitter, base: string, w: string, [m, c, kh, kw]: readonly [number, number, number, number], b: number): string {
  const k = kh * kw;
  const inner = emit.reorder(`${base}/w_block_in`, w, [m, c, k]);
  const outer = emit.reorder(`${base}/w_block_out`, inner, [m / b, b, c * k]);
  return emit.reshape(`${base}/w`, outer, [m, c, kh, kw]);
}

/**
 * The flipped-kernel data gradient's weight W̃[c, m, a] = W[m, c, k−1−a] (W [M, C, kh, kw]; the Conv has C
 * outputs and M inputs) in the NCHWc layout [C/B, M/B, kh, kw, B_m, B_c]: (M, C, k) → (M/B, C, k, B_m) →
 * (M/B, C/B, k, B_m, B_c) by two `ReorderInput`s, then the two outer block axes swapped and the taps reversed
 * on runs of B² contiguous values (a Transpose and a step −1 Slice that copy whole blocks).
 * NOTE: replaces Transpose(W) → Slice(step −1) → the 6-D blocking Transpose, which moved single elements:
 * 512×512×3×3, 2 threads, 15.1–16.7 → 3.6–4.1 ms in a bare session (bit-identical).
 */
function blockedFlippedWeight(emit: NodeEmitter, base: string, w: string, [m, c, kh, kw]: readonly [number, number, number, number], b: number): string {
  const k = kh * kw;
  const byM = emit.reorder(`${base}/w_flip_m`, w, [1, m, c * k]);
  const byC = emit.reorder(`${base}/w_flip_c`, byM, [(m / b) * (c / b), b, k * b]);
  const swapped = emit.op(`${base}/w_flip_swap`, 'Transpose', [emit.reshape(`${base}/w_flip_blocks`, byC, [m / b, c / b, k * b * b])], { perm: [1, 0, 2] });
  const taps = emit.reshape(`${base}/w_flip_taps`, swapped, [c / b, m / b, kh, kw, b * b]);
  const flipped = emit.op(`${base}/w_flip`, 'Slice', [taps, emit.ints(`${base}/w_flip_starts`, [-1, -1]), emit.ints(`${base}/w_flip_ends`, [Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]), emit.ints(`${base}/w_flip_axes`, [2, 3]), emit.ints(`${base}/w_flip_steps`, [-1, -1])]);
  return emit.reshape(`${base}/w`, flipped, [c, m, kh, kw]);
}

/** A weight gradient's per-tap products and their shape, where {@link weightGradientTails} found them. */
interface Tail {
  readonly parts: readonly string[];
  readonly dims: readonly [number, number, number, number];
  /** The Concat, Reshape and Transpose the rewrite leaves unread. */
  readonly dead: readonly NodeProto[];
}

/**
 * The tails `Reshape(Transpose(Reshape(Concat(G₀ … G_T−1, axis 0), [T, −1]), [1, 0]), [M, C, kh, kw])` that
 * autodiff's per-tap Gemm weight gradient ends with (`convWeightGradientGemm`), by their final Reshape, where
 * M and C are multiples of the block and every intermediate has one reader.
 * NOTE: ORT's transpose optimizer turns that 2-D [T, M·C] → [M·C, T] Transpose into a 4-D one that moves
 * single elements ([3, 3, 512, 512]: ~7 ms of a ResNet-18 layer4 step, per conv); {@link blockedTail} writes
 * the same values with runs of B in a Concat and one SIMD `ReorderOutput`.
 */
function weightGradientTails(view: GraphView, b: number, dimsOf: (name: string) => readonly number[] | undefined): Map<NodeProto, Tail> {
  const tails = new Map<NodeProto, Tail>();
  const only = (name: string, reader: NodeProto): boolean => (view.consumers.get(name) ?? []).every((c) => c === reader) && !view.outputs.some((o) => o.name === name);
  for (const transpose of view.nodes) {
    if (transpose.op_type !== 'Transpose' || (transpose.domain ?? '') !== '' || attrInts(transpose, 'perm', undefined)?.join() !== '1,0') continue;
    const stack = view.producer.get(transpose.input![0]!), final = view.consumers.get(transpose.output![0]!);
    const concat = stack?.op_type === 'Reshape' ? view.producer.get(stack.input![0]!) : undefined;
    if (!stack || !concat || concat.op_type !== 'Concat' || attrInt(concat, 'axis', 0) !== 0 || final?.length !== 1 || final[0]!.op_type !== 'Reshape') continue;
    const parts = concat.input ?? [];
    const part = dimsOf(parts[0] ?? ''), out = dimsOf(final[0]!.output![0]!);
    if (parts.length < 2 || !part || part.length !== 2 || !out || out.length !== 4) continue;
    const [m, c] = part as [number, number];
    if (m % b !== 0 || c % b !== 0 || out[0] !== m || out[1] !== c || out[2]! * out[3]! !== parts.length) continue;
    if (!parts.every((q) => dimsOf(q)?.join() === `${m},${c}`)) continue;
    if (!only(concat.output![0]!, stack) || !only(stack.output![0]!, transpose) || !only(transpose.output![0]!, final[0]!)) continue;
    tails.set(final[0]!, { parts, dims: out as [number, number, number, number], dead: [concat, stack, transpose] });
  }
  return tails;
}

/**
 * dW [M, C, kh, kw] from the per-tap products Gₜ [M, C]: each seen as [M, C/B, 1, B], concatenated on axis 2
 * into the blocked layout of [M, C, T, 1], which `ReorderOutput` turns into (M, C, T): the tail's own output.
 */
function blockedTail(emit: NodeEmitter, final: NodeProto, tail: Tail, b: number): void {
  const [m, c] = tail.dims;
  const base = `${final.name || final.output![0]!}/nchwc_tail`;
  const shape = emit.ints(`${base}/part_shape`, [m, c / b, 1, b]);
  const parts = tail.parts.map((q, t) => emit.op(`${base}/part${t}`, 'Reshape', [q, shape]));
  const blocked = emit.reshape(`${base}/blocked`, emit.op(`${base}/concat`, 'Concat', parts, { axis: 2 }), [m, c, parts.length, 1]);
  const unblocked = emit.op(`${base}/reorder_out`, 'ReorderOutput', [blocked], { channels: c }, NCHWC_DOMAIN);
  emit.nodes.push(onnx.NodeProto.create({ name: `${base}/shape`, op_type: 'Reshape', input: [unblocked, emit.ints(`${base}/out_shape`, [...tail.dims])], output: [final.output![0]!] }));
}

/**
 * When `weight` is `Slice(Transpose(W, [1, 0, 2, 3]))` reversing both spatial axes whole (the flipped-kernel
 * data gradient of a 2-D conv), W, its dims [M, C, kh, kw] and the two nodes; otherwise undefined.
 */
function flippedTransposedSource(view: GraphView, weight: string, dimsOf: (name: string) => readonly number[] | undefined): { source: string; dims: readonly number[]; nodes: readonly [slice: NodeProto, transpose: NodeProto] } | undefined {
  const slice = view.producer.get(weight);
  if (slice?.op_type !== 'Slice' || (slice.domain ?? '') !== '') return undefined;
  const axes = flipAxes(slice, view.initializers);
  const transpose = view.producer.get(slice.input![0]!);
  if (!axes || axes.join() !== '2,3' || transpose?.op_type !== 'Transpose' || attrInts(transpose, 'perm', undefined)?.join() !== '1,0,2,3') return undefined;
  const source = transpose.input![0]!;
  const dims = dimsOf(source);
  return dims && dims.length === 4 ? { source, dims, nodes: [slice, transpose] } : undefined;
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

/**
 * The axes of a Slice that reverses each axis it names whole (step −1 from the last element to before the
 * first; axes default to 0…), or undefined for any other Slice.
 */
function flipAxes(slice: NodeProto, initializers: ReadonlyMap<string, TensorProto>): number[] | undefined {
  const ints = (i: number): bigint[] | undefined => {
    const t = initializers.get(slice.input?.[i] ?? '');
    const v = t ? tensorToTypedArray(t) : undefined;
    return v instanceof BigInt64Array ? [...v] : undefined;
  };
  const [starts, ends, axes, steps] = [ints(1), ints(2), slice.input?.[3] ? ints(3) : undefined, ints(4)];
  if (!starts || !ends || !steps || !steps.every((s) => s === -1n) || !starts.every((s) => s === -1n) || !ends.every((e) => e <= INT64_MIN)) return undefined;
  if (slice.input?.[3] && !axes) return undefined;
  return (axes ?? starts.map((_, i) => BigInt(i))).map(Number);
}
