/**
 * The ONNX graphs behind the ORT assignment kernel, built with `GraphBuilder`: one for the Lloyd step
 * (GEMM-form distances, ArgMin, ReduceMin and the one-hot GEMM that sums each cluster's rows) and one for
 * plain row-to-point distances (k-means++ candidates).
 */
import { GraphBuilder, floatAttr, type ModelProto } from '@kenobi/onnx';

const FLOAT = 1;
const INT32 = 6;

/**
 * The Lloyd-step graph. Inputs `x` [N, D], `centers` [K, D], `center_norms` [K] (‖c‖²). Outputs `labels`
 * int32 [N], `partial` float [N] (min over c of ‖c‖² − 2x·c; add ‖x‖² for the distance), `sums` [K, D] and
 * `counts` [K]. N, K and D are symbolic: one session serves every k and block size.
 *
 * @example
 * ```ts
 * const model = lloydStepGraph(); // run with { x, centers, center_norms } on any ORT session
 * ```
 */
export function lloydStepGraph(): ModelProto {
  const b = new GraphBuilder({ name: 'kenobi_lloyd_step', opset: 17 });
  const x = b.input('x', 'float32', ['N', 'D']);
  const c = b.input('centers', 'float32', ['K', 'D']);
  const cc = b.input('center_norms', 'float32', ['K']);
  // NOTE: GEMM form: -2·x·cᵀ + ‖c‖² is all the argmin needs; ‖x‖² is added in JS only for the distances.
  const g = b.gemm(x, c, cc, { transB: true, alpha: -2 });
  const [lab64] = b.node('ArgMin', [g], { axis: 1, keepdims: 0 });
  const [labels] = b.node('Cast', [lab64!], { to: INT32 }, { outputs: ['labels'] });
  const [partial] = b.node('ReduceMin', [g], { axes: [1], keepdims: 0 }, { outputs: ['partial'] });
  const [shapeC] = b.node('Shape', [c]);
  const [k] = b.node('Gather', [shapeC!, b.constant([0], [], { dtype: 'int64' })], { axis: 0 });
  const [range] = b.node('Range', [b.constant([0], [], { dtype: 'int64' }), k!, b.constant([1], [], { dtype: 'int64' })]);
  const [col] = b.node('Unsqueeze', [lab64!, b.constant([1], [1], { dtype: 'int64' })]);
  const [eq] = b.node('Equal', [col!, range!]);
  const [oneHot] = b.node('Cast', [eq!], { to: FLOAT });
  const [sums] = b.node('Gemm', [oneHot!, x], { transA: 1 }, { outputs: ['sums'] });
  const [counts] = b.node('ReduceSum', [oneHot!, b.constant([0], [1], { dtype: 'int64' })], { keepdims: 0 }, { outputs: ['counts'] });
  b.output(labels!, { dtype: 'int32', dims: ['N'] });
  b.output(partial!, { dims: ['N'] });
  b.output(sums!, { dims: ['K', 'D'] });
  b.output(counts!, { dims: ['K'] });
  return b.build();
}

/**
 * The distance graph: inputs `x` [N, D], `points` [M, D], `point_norms` [M]; output `partial` [N, M] =
 * ‖p‖² − 2x·p (add ‖x‖² for squared distances).
 *
 * @example
 * ```ts
 * const model = pointDistanceGraph();
 * ```
 */
export function pointDistanceGraph(): ModelProto {
  const b = new GraphBuilder({ name: 'kenobi_point_distances', opset: 17 });
  const x = b.input('x', 'float32', ['N', 'D']);
  const p = b.input('points', 'float32', ['M', 'D']);
  const pp = b.input('point_norms', 'float32', ['M']);
  const [g] = b.node('Gemm', [x, p, pp], { transB: 1, alpha: floatAttr(-2) }, { outputs: ['partial'] });
  b.output(g!, { dims: ['N', 'M'] });
  return b.build();
}

/**
 * The bounded Lloyd step's graph: for each row of `x` the two nearest centres (GEMM form, `TopK` 2 of
 * `-2·x·cᵀ + ‖c‖²`); one GEMM and nothing else (the centre sums are updated in TypeScript from the labels
 * that changed). Outputs `best` [N, 2] (partial squared distances, ascending) and `index` [N, 2] int32.
 *
 * @example
 * ```ts
 * const session = await createSession(nearestTwoGraph(), { device: 'cpu' });
 * ```
 */
export function nearestTwoGraph(): ModelProto {
  const b = new GraphBuilder({ name: 'kenobi_nearest_two', opset: 17 });
  const x = b.input('x', 'float32', ['N', 'D']);
  const c = b.input('centers', 'float32', ['K', 'D']);
  const cc = b.input('center_norms', 'float32', ['K']);
  const g = b.gemm(x, c, cc, { transB: true, alpha: -2 });
  const [values, idx64] = b.node('TopK', [g, b.constant([2], [1], { dtype: 'int64' })], { axis: 1, largest: 0, sorted: 1 }, { outputs: ['best', 'index64'] });
  const [index] = b.node('Cast', [idx64!], { to: INT32 }, { outputs: ['index'] });
  b.output(values!, { dims: ['N', 2] });
  b.output(index!, { dtype: 'int32', dims: ['N', 2] });
  return b.build();
}
