/**
 * `summary(model)`: a Keras-style table of a model (node, op type, output tensor and shape, params) with
 * totals, inputs, outputs and op counts. The result is plain JSON; `formatSummary` prints it like Keras's
 * `model.summary()`.
 */
import { graphView } from './graph-view.js';
import { classifyInitializers, countsAsParam } from './param-kinds.js';
import { inferStaticShapes, valueInfoDims } from './static-shapes.js';
import { dtypeName } from './tensor-data.js';
import type { Dim, ModelProto } from './onnx-types.js';

/** One row of a {@link ModelSummary}: one node. */
export interface SummaryRow {
  readonly name: string;
  readonly opType: string;
  /** The node's first output tensor (`outputs` lists them all). */
  readonly output: string;
  readonly outputs: readonly string[];
  /** Shape of the first output: numbers, symbolic names, '?' where unknown; null when not even the rank is known. */
  readonly shape: readonly Dim[] | null;
  /** Params first read by this node (a shared initializer counts at its first reader only). */
  readonly params: number;
  /** Quantization scales and zero points first read by this node (not in `params`). */
  readonly quantizationParams: number;
}

/** A named model input or output with its element type and shape. */
export interface SummaryTensor {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly Dim[] | null;
}

/** What {@link summary} returns: JSON-serialisable. */
export interface ModelSummary {
  readonly name: string;
  readonly producer: string;
  readonly irVersion: number;
  readonly opsets: Readonly<Record<string, number>>;
  readonly inputs: readonly SummaryTensor[];
  readonly outputs: readonly SummaryTensor[];
  readonly rows: readonly SummaryRow[];
  /** Every param: trainable + non-trainable (quantized weights included). */
  readonly totalParams: number;
  readonly trainableParams: number;
  /** BatchNormalization running mean and variance, as Keras counts them. */
  readonly nonTrainableParams: number;
  /** Of totalParams, the int8/uint8/int32 data of quantized ops. */
  readonly quantizedWeightParams: number;
  /** Quantization scales and zero points, listed apart (not in totalParams). */
  readonly quantizationParams: number;
  /** Float initializers no node reads (counted in totalParams, shown in no row). */
  readonly unusedParams: number;
  /** Number of nodes of each op type ('domain:op' outside the default domain), most frequent first. */
  readonly opCounts: Readonly<Record<string, number>>;
  /** 'probe' when shapes came from running the model, 'static' otherwise. */
  readonly shapeSource: 'probe' | 'static';
}

/** Options for {@link summary}. */
export interface SummaryOptions {
  /** Shape of the (first) input, e.g. [1, 3, 224, 224]; used for static inference. */
  readonly inputShape?: readonly number[];
  /** Exact shapes per tensor, e.g. from `probeTensorShapes` in @kenobi/runtime; they win over inference. */
  readonly shapes?: Readonly<Record<string, readonly number[]>>;
}

/**
 * Summarises a model like Keras's `model.summary()`.
 *
 * @example
 * ```ts
 * const s = summary(loadModelFile('densenet121-keras-imagenet.onnx'), { inputShape: [1, 3, 224, 224] });
 * s.totalParams;        // 8062504
 * s.nonTrainableParams; // 83648
 * console.log(formatSummary(s));
 * ```
 */
export function summary(model: ModelProto, options: SummaryOptions = {}): ModelSummary {
  const view = graphView(model);
  const first = view.inputs[0]?.name ?? '';
  const static_ = inferStaticShapes(view, options.inputShape ? { [first]: options.inputShape } : {});
  const shapeOf = (name: string): Dim[] | null => {
    const probed = options.shapes?.[name];
    if (probed) return [...probed];
    const dims = static_.get(name)?.dims;
    return dims ? [...dims] : null;
  };
  const kinds = classifyInitializers(view);
  const seen = new Set<string>();
  const rows: SummaryRow[] = view.nodes.map((n) => {
    let params = 0;
    let quantizationParams = 0;
    for (const i of n.input ?? []) {
      const k = kinds.get(i);
      if (!k || seen.has(i)) continue;
      seen.add(i);
      if (countsAsParam(k.kind)) params += k.count;
      else if (k.kind === 'quantization') quantizationParams += k.count;
    }
    const outputs = (n.output ?? []).filter((o) => o);
    return { name: n.name || outputs[0] || '', opType: (n.domain ? `${n.domain}:` : '') + (n.op_type ?? ''), output: outputs[0] ?? '', outputs, shape: shapeOf(outputs[0] ?? ''), params, quantizationParams };
  });
  let trainable = 0, nonTrainable = 0, quantized = 0, quantization = 0, unused = 0;
  for (const k of kinds.values()) {
    if (k.kind === 'trainable' || k.kind === 'quantized-weight') trainable += k.count;
    if (k.kind === 'non-trainable') nonTrainable += k.count;
    if (k.kind === 'quantized-weight') quantized += k.count;
    if (k.kind === 'quantization') quantization += k.count;
    if (!seen.has(k.name) && countsAsParam(k.kind)) unused += k.count;
  }
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.opType, (counts.get(r.opType) ?? 0) + 1);
  const tensor = (name: string, dtype: number | null | undefined, dims: readonly Dim[] | undefined): SummaryTensor => ({
    name, dtype: dtypeName(dtype), shape: options.shapes?.[name] ? [...options.shapes[name]!] : dims ? [...dims] : null,
  });
  return {
    name: view.graph.name ?? '',
    producer: [model.producer_name, model.producer_version].filter(Boolean).join(' '),
    irVersion: Number(model.ir_version ?? 0),
    opsets: Object.fromEntries(view.opsets),
    inputs: view.inputs.map((i) => tensor(i.name ?? '', i.type?.tensor_type?.elem_type, i.name === first && options.inputShape ? options.inputShape : valueInfoDims(i))),
    outputs: view.outputs.map((o) => tensor(o.name ?? '', o.type?.tensor_type?.elem_type ?? static_.get(o.name ?? '')?.dtype, static_.get(o.name ?? '')?.dims ?? valueInfoDims(o))),
    rows,
    totalParams: trainable + nonTrainable,
    trainableParams: trainable,
    nonTrainableParams: nonTrainable,
    quantizedWeightParams: quantized,
    quantizationParams: quantization,
    unusedParams: unused,
    opCounts: Object.fromEntries([...counts].sort((a, b) => b[1] - a[1])),
    shapeSource: options.shapes ? 'probe' : 'static',
  };
}
