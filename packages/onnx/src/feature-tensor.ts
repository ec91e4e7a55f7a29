/**
 * The automatic feature layer: the tensor that feeds a model's classifier, so a user need not know node
 * names.
 */
import { graphView, isConstantDerived } from './graph-view.js';
import { OnnxError } from './onnx-error.js';
import { inferStaticShapes } from './static-shapes.js';
import { isFloatDtype } from './tensor-data.js';
import type { Dim, ModelProto, NodeProto } from './onnx-types.js';

/** What {@link findFeatureTensor} found. */
export interface FeatureTensor {
  /** The tensor to cut at. */
  readonly name: string;
  /** The classifier node it feeds (the last Gemm/MatMul with constant weights). */
  readonly classifier: string;
  /** Its shape where known. */
  readonly shape: readonly Dim[] | undefined;
  /** True when the tensor is a feature map (rank ≥ 3): cut with `pool: 'avg'` to get [N, C]. */
  readonly poolingNeeded: boolean;
}

const CLASSIFIER_OPS = new Set(['Gemm', 'MatMul', 'QLinearMatMul', 'QGemm', 'MatMulInteger']);
/** Ops that only re-encode or reshape a quantized feature on its way to the classifier. */
const QUANT_PASS = new Set(['QuantizeLinear', 'Reshape', 'Flatten', 'QLinearGlobalAveragePool', 'Squeeze', 'Identity']);

/**
 * Finds the tensor feeding the classifier: the data input of the last Gemm/MatMul whose weights are
 * constants. In quantized models it follows the quantized tensor back to the last floating-point one
 * (through QuantizeLinear, Reshape and quantized global pooling, or to a DequantizeLinear of it), which may be a feature map that needs
 * pooling.
 *
 * @example
 * ```ts
 * findFeatureTensor(denseNet); // { name: 'avg_pool', classifier: 'fc1000', shape: ['N', 1024], poolingNeeded: false }
 * findFeatureTensor(mobileNetInt8).poolingNeeded; // true ('627', [N, 1280, 7, 7])
 * ```
 */
export function findFeatureTensor(model: ModelProto): FeatureTensor {
  const view = graphView(model);
  const info = inferStaticShapes(view);
  const classifier = [...view.nodes].reverse().find((n) => {
    if (!CLASSIFIER_OPS.has(n.op_type ?? '') || (n.domain && n.domain !== 'com.microsoft')) return false;
    const w = n.input?.[n.op_type === 'QLinearMatMul' || n.op_type === 'QGemm' ? 3 : 1];
    return w !== undefined && isConstantDerived(view, w);
  });
  if (!classifier) {
    throw new OnnxError('onnx/no-feature-tensor', 'found no classifier (a Gemm or MatMul with constant weights) to take features from', { hint: 'cut at a named tensor instead (kenobi summary lists them)' });
  }
  let name = classifier.input![0]!;
  for (let guard = 0; guard < 32; guard++) {
    const dtype = info.get(name)?.dtype ?? 0;
    if (dtype === 0 || isFloatDtype(dtype)) break;
    const dq = view.consumers.get(name)?.find((c) => c.op_type === 'DequantizeLinear' && c.input?.[0] === name);
    if (dq?.output?.[0]) {
      name = dq.output[0];
      break;
    }
    const p: NodeProto | undefined = view.producer.get(name);
    if (!p || !QUANT_PASS.has(p.op_type ?? '') || !p.input?.[0]) break;
    name = p.input[0];
  }
  const shape = info.get(name)?.dims;
  return { name, classifier: classifier.name || classifier.output?.[0] || '', shape, poolingNeeded: (shape?.length ?? 2) >= 3 };
}
