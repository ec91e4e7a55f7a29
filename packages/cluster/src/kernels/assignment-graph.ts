/**
 * The ONNX graphs behind the ORT assignment kernel, built with `GraphBuilder`: the Lloyd step (GEMM-form
 * distances, ArgMin, ReduceMin and a ScatterND-add that sums each cluster's rows), plain row-to-point
 * distances (k-means++ candidates), the two nearest centres (Hamerly's bounds) and centring.
 */
import { GraphBuilder, floatAttr, type ModelProto } from '@kenobi/onnx';

const INT32 = 6;

/**
 * The Lloyd-step graph. Inputs `x` [N, D], `centers` [K, D], `center_norms` [K] (‖c‖²). Outputs `labels`
 * int32 [N], `partial` float [N] (min over c of ‖c‖² − 2x·c; add ‖x‖² for the distance), unless
 * `withSums` is false `sums` [K, D] (each cluster's rows added up by `ScatterND(reduction='add')`), and with
 * `withDistances` `distances` [N] (‖x‖² + partial clamped at 0, for callers that have no row norms: mini-batch
 * k-means binds a new batch every step). N, K and D are symbolic: one session serves every k and block size.
 *
 * @example
 * ```ts
 * const model = lloydStepGraph(); // run with { x, centers, center_norms } on any ORT session
 * const batchModel = lloydStepGraph(true, true); // also outputs `distances`
 * ```
 */
export function lloydStepGraph(withSums = true, withDistances = false): ModelProto {
  const name = `${withSums ? 'kenobi_lloyd_step' : 'kenobi_assign'}${withDistances ? '_distances' : ''}`;
  const b = new GraphBuilder({ name, opset: 17 });
  const x = b.input('x', 'float32', ['N', 'D']);
  const c = b.input('centers', 'float32', ['K', 'D']);
  const cc = b.input('center_norms', 'float32', ['K']);
  // NOTE: GEMM form: -2·x·cᵀ + ‖c‖² is all the argmin needs; ‖x‖² is added in JS only for the distances.
  const g = b.gemm(x, c, cc, { transB: true, alpha: -2 });
  const [lab64] = b.node('ArgMin', [g], { axis: 1, keepdims: 0 });
  const [labels] = b.node('Cast', [lab64!], { to: INT32 }, { outputs: ['labels'] });
  const [partial] = b.node('ReduceMin', [g], { axes: [1], keepdims: 0 }, { outputs: ['partial'] });
  b.output(labels!, { dtype: 'int32', dims: ['N'] });
  b.output(partial!, { dims: ['N'] });
  if (withDistances) {
    // NOTE: ‖x‖² in the graph, fused with the pass ORT makes anyway: a TypeScript pass per 1024-row batch cost
    // as much as the whole GEMM step (docs/benchmarks/cluster.md, profile).
    const [xx] = b.node('ReduceSumSquare', [x], { axes: [1], keepdims: 0 });
    const [raw] = b.node('Add', [xx!, partial!]);
    const [distances] = b.node('Max', [raw!, b.constant([0], [])], {}, { outputs: ['distances'] });
    b.output(distances!, { dims: ['N'] });
  }
  if (withSums) {
    // NOTE: ScatterND add is N·D additions (one pass over x, like sklearn's C loop); the one-hot GEMM it
    // replaced cost a second N·D·K GEMM (measured 5 ms vs 19 ms per step at 20,000 × 512, k = 10).
    const [zeros] = b.node('ConstantOfShape', [b.node('Shape', [c])[0]!]);
    const [col] = b.node('Unsqueeze', [lab64!, b.constant([1], [1], { dtype: 'int64' })]);
    const [sums] = b.node('ScatterND', [zeros!, col!, x], { reduction: 'add' }, { outputs: ['sums'] });
    b.output(sums!, { dims: ['K', 'D'] });
  }
  return b.build();
}

/**
 * The centring graph: input `x` [N, D]; outputs `mean` [1, D] (column means), `centred` [N, D] (x − mean)
 * and `norms` [N] (‖x_i − mean‖², whose sum is N·D times the mean column variance, and which is not finite
 * when any input is NaN or ±Infinity).
 *
 * @example
 * ```ts
 * const model = centreGraph(); // run with { x } on any ORT session
 * ```
 */
export function centreGraph(): ModelProto {
  const b = new GraphBuilder({ name: 'kenobi_centre', opset: 17 });
  const x = b.input('x', 'float32', ['N', 'D']);
  const [mean] = b.node('ReduceMean', [x], { axes: [0], keepdims: 1 }, { outputs: ['mean'] });
  const [centred] = b.node('Sub', [x, mean!], {}, { outputs: ['centred'] });
  const [norms] = b.node('ReduceSumSquare', [centred!], { axes: [1], keepdims: 0 }, { outputs: ['norms'] });
  b.output(mean!, { dims: [1, 'D'] });
  b.output(centred!, { dims: ['N', 'D'] });
  b.output(norms!, { dims: ['N'] });
  return b.build();
}

/**
 * The finiteness screen: input `x` (any shape), output `total` (a scalar: the sum of every value, NaN or
 * ±Infinity when any value is, or when the float32 sum overflows).
 *
 * @example
 * ```ts
 * const model = sumGraph(); // Number.isFinite(total) ⇒ every value is finite
 * ```
 */
export function sumGraph(): ModelProto {
  const b = new GraphBuilder({ name: 'kenobi_sum', opset: 17 });
  const x = b.input('x', 'float32', ['N']);
  const [total] = b.node('ReduceSum', [x], { keepdims: 0 }, { outputs: ['total'] });
  b.output(total!, { dims: [] });
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
