/**
 * Conv weights (graph inputs) in the NCHWc kernels' blocked layout, written with ORT's layout kernels each step:
 * the forward weight, and the flipped-kernel data gradient's weight straight from the forward one's source.
 */
import { attrInts, tensorToTypedArray, type GraphView, type NodeProto, type TensorProto } from '@kenobi/onnx';
import type { NodeEmitter } from './nchwc-node-emitter.js';

const INT64_MIN = -(2n ** 63n);

/**
 * W [M, C, kh, kw] in the NCHWc Conv's weight layout [M/B, C/B, kh, kw, B_in, B_out], as two `ReorderInput`s:
 * (M, C, k) → (M, C/B, k, B_in), then seen as [M/B, B_out, rest] → (M/B, rest, B_out).
 * NOTE: ORT's `ReorderInput` transposes B×B blocks with SIMD on all intra-op threads; the `Transpose` of the
 * 6-D view it replaces copies element by element on one thread: ResNet-18's 512×512×3×3 weight, 2 threads,
 * 8.7–11.0 → 4.0–5.6 ms in a bare session (bit-identical), and a step of its `layer4` pays it once per Conv.
 *
 * @example
 * ```ts
 * const wb = blockedWeight(emit, 'conv/nchwc', 'conv.weight', [512, 512, 3, 3], 16); // feeds the nchwc Conv
 * ```
 */
export function blockedWeight(emit: NodeEmitter, base: string, w: string, [m, c, kh, kw]: readonly [number, number, number, number], b: number): string {
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
 *
 * @example
 * ```ts
 * const wf = blockedFlippedWeight(emit, 'grad/conv/nchwc', 'conv.weight', [512, 512, 3, 3], 16);
 * ```
 */
export function blockedFlippedWeight(emit: NodeEmitter, base: string, w: string, [m, c, kh, kw]: readonly [number, number, number, number], b: number): string {
  const k = kh * kw;
  const byM = emit.reorder(`${base}/w_flip_m`, w, [1, m, c * k]);
  const byC = emit.reorder(`${base}/w_flip_c`, byM, [(m / b) * (c / b), b, k * b]);
  const swapped = emit.op(`${base}/w_flip_swap`, 'Transpose', [emit.reshape(`${base}/w_flip_blocks`, byC, [m / b, c / b, k * b * b])], { perm: [1, 0, 2] });
  const taps = emit.reshape(`${base}/w_flip_taps`, swapped, [c / b, m / b, kh, kw, b * b]);
  const flipped = emit.op(`${base}/w_flip`, 'Slice', [taps, emit.ints(`${base}/w_flip_starts`, [-1, -1]), emit.ints(`${base}/w_flip_ends`, [Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]), emit.ints(`${base}/w_flip_axes`, [2, 3]), emit.ints(`${base}/w_flip_steps`, [-1, -1])]);
  return emit.reshape(`${base}/w`, flipped, [c, m, kh, kw]);
}

/**
 * When `weight` is `Slice(Transpose(W, [1, 0, 2, 3]))` reversing both spatial axes whole (the flipped-kernel
 * data gradient of a 2-D conv), W, its dims [M, C, kh, kw] and the two nodes; otherwise undefined.
 *
 * @example
 * ```ts
 * flippedTransposedSource(view, dataGradientConv.input[1], dimsOf)?.source; // 'conv.weight'
 * ```
 */
export function flippedTransposedSource(view: GraphView, weight: string, dimsOf: (name: string) => readonly number[] | undefined): { source: string; dims: readonly number[]; nodes: readonly [slice: NodeProto, transpose: NodeProto] } | undefined {
  const slice = view.producer.get(weight);
  if (slice?.op_type !== 'Slice' || (slice.domain ?? '') !== '') return undefined;
  const axes = flipAxes(slice, view.initializers);
  const transpose = view.producer.get(slice.input![0]!);
  if (!axes || axes.join() !== '2,3' || transpose?.op_type !== 'Transpose' || attrInts(transpose, 'perm', undefined)?.join() !== '1,0,2,3') return undefined;
  const source = transpose.input![0]!;
  const dims = dimsOf(source);
  return dims && dims.length === 4 ? { source, dims, nodes: [slice, transpose] } : undefined;
}

/**
 * The axes of a Slice that reverses each axis it names whole (step −1 from the last element to before the
 * first; axes default to 0…), or undefined for any other Slice.
 *
 * @example
 * ```ts
 * flipAxes(sliceNode, view.initializers); // [2, 3] for the flipped kernel, undefined for an ordinary Slice
 * ```
 */
export function flipAxes(slice: NodeProto, initializers: ReadonlyMap<string, TensorProto>): number[] | undefined {
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
