/**
 * The forward-only graph for batched prediction through onnxruntime: params (and running statistics) as
 * inputs, `y` as the output. Pure: builds a ModelProto.
 */
import { GraphBuilder, type ModelProto } from '@kenobi/onnx';
import type { ForwardContext } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';
import type { Sequential } from '../model/sequential.js';
import { emitForward, graphOps, type MaskInput, type StatTensors } from './forward-graph.js';
import { layersUnsupported } from './gradient-graph.js';

/** What the inference graph reads, by name. */
export interface InferenceGraphPlan {
  readonly model: ModelProto;
  readonly paramInputs: readonly string[];
  readonly masks: readonly MaskInput[];
  readonly runningInputs: readonly StatTensors[];
}

/**
 * Builds `y = model(x)` for the modes of `ctx` (default inference: dropout off, running statistics).
 *
 * @example
 * ```ts
 * const plan = buildInferenceGraph(model, { training: false });
 * ```
 */
export function buildInferenceGraph(model: Sequential, ctx: ForwardContext): InferenceGraphPlan {
  const why = layersUnsupported(model);
  if (why) throw new LearnError('learn/bad-argument', `cannot compile this model into an ONNX graph: ${why}`);
  const b = new GraphBuilder({ name: 'kenobi_predict', opset: 17 });
  const ops = graphOps(b);
  const fwd = emitForward(b, ops, model, ctx);
  b.output(ops.op('Identity', [fwd.output], {}, 'y'), { dims: ['N', model.outputs] });
  return { model: b.build(), paramInputs: fwd.paramInputs, masks: fwd.masks, runningInputs: fwd.runningInputs };
}
