/**
 * The end of autodiff's per-tap Gemm weight gradient, rewritten for the NCHWc lowering: the taps' products
 * gathered into [M, C, kh, kw] by a Concat of block-sized runs and one `ReorderOutput`.
 */
import { attrInt, attrInts, onnx, type GraphView, type NodeProto } from '@kenobi/onnx';
import { NCHWC_DOMAIN, type NodeEmitter } from './nchwc-node-emitter.js';

/**
 * A weight gradient's per-tap products and their shape, where {@link weightGradientTails} found them.
 *
 * @example
 * ```ts
 * const t: Tail = { parts: ['grad/conv/Gemm', 'grad/conv/Gemm_1'], dims: [512, 512, 1, 2], dead: [] };
 * ```
 */
export interface Tail {
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
 *
 * @example
 * ```ts
 * const tails = weightGradientTails(view, 16, dimsOf); // final Reshape node → its tail
 * ```
 */
export function weightGradientTails(view: GraphView, b: number, dimsOf: (name: string) => readonly number[] | undefined): Map<NodeProto, Tail> {
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
 *
 * @example
 * ```ts
 * blockedTail(emit, finalReshape, tails.get(finalReshape)!, 16); // writes the same output name
 * ```
 */
export function blockedTail(emit: NodeEmitter, final: NodeProto, tail: Tail, b: number): void {
  const [m, c] = tail.dims;
  const base = `${final.name || final.output![0]!}/nchwc_tail`;
  const shape = emit.ints(`${base}/part_shape`, [m, c / b, 1, b]);
  const parts = tail.parts.map((q, t) => emit.op(`${base}/part${t}`, 'Reshape', [q, shape]));
  const blocked = emit.reshape(`${base}/blocked`, emit.op(`${base}/concat`, 'Concat', parts, { axis: 2 }), [m, c, parts.length, 1]);
  const unblocked = emit.op(`${base}/reorder_out`, 'ReorderOutput', [blocked], { channels: c }, NCHWC_DOMAIN);
  emit.nodes.push(onnx.NodeProto.create({ name: `${base}/shape`, op_type: 'Reshape', input: [unblocked, emit.ints(`${base}/out_shape`, [...tail.dims])], output: [final.output![0]!] }));
}
