/**
 * The onnxruntime gradient engine: each training step is one ORT run of the graph from
 * `buildGradientGraph` (forward, loss and backward as ONNX ops); weights go in as inputs that wrap the
 * params' own Float32Arrays, so the optimizers stay in TypeScript and nothing is copied into the graph.
 */
import type { SeededRandom } from '@kenobi/core';
import { encodeModel } from '@kenobi/onnx';
import { createSession, type Device, type KenobiSession } from '@kenobi/runtime';
import type { Matrix } from '../backend/matrix.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import type { ForwardContext } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';
import { weightTotal, type Loss, type Targets } from '../losses/loss.js';
import type { Sequential } from '../model/sequential.js';
import type { GradientEngine } from '../train/gradient-engine.js';
import { buildGradientGraph, modeSignature, type GradientGraphPlan } from './gradient-graph.js';
import { buildInferenceGraph, type InferenceGraphPlan } from './inference-graph.js';

/** Options of {@link ortEngine}. */
export interface OrtEngineOptions {
  /** Execution device (default 'cpu': heads are small, a GPU round trip per step rarely pays). */
  readonly device?: Device;
  /** ORT intra-op threads (default: ORT's choice, all cores). */
  readonly threads?: number;
}

/** An ORT tensor of the session's package (no direct onnxruntime-common import needed). */
type Tensor = ReturnType<KenobiSession['tensor']>;

interface Compiled<P> {
  readonly plan: P;
  readonly session: KenobiSession;
}

/** A {@link GradientEngine} that also predicts through ORT. */
export interface OrtGradientEngine extends GradientEngine {
  /** Outputs for every row of `x` (inference mode unless `ctx` says otherwise), batched through ORT. */
  predict(model: Sequential, x: Matrix, options?: { batchSize?: number; context?: ForwardContext }): Promise<Matrix>;
}

/**
 * A {@link GradientEngine} running forward + loss + backward as one ONNX graph in onnxruntime (Node:
 * onnxruntime-node; browser: onnxruntime-web through `@kenobi/runtime`). Supports every built-in layer and
 * loss on float32 models; gives the same weights as the layerwise engine (float32 rounding aside).
 * Dropout masks are drawn in TypeScript from the same generator in the same order as the layerwise engine,
 * so a seed gives the same masks with either engine.
 *
 * @example
 * ```ts
 * import { fit, ortEngine, mlpHead, adam, binaryCrossEntropy } from '@kenobi/learn';
 * const engine = ortEngine({ threads: 1 });
 * await fit(mlpHead({ inputs: 2048, hidden: [256], classes: 2 }), x, y, { loss: binaryCrossEntropy(), optimizer: adam(), epochs: 10, batchSize: 256, engine });
 * engine.dispose();
 * ```
 */
export function ortEngine(options: OrtEngineOptions = {}): OrtGradientEngine {
  const graphs = new Map<string, Promise<Compiled<GradientGraphPlan>>>();
  const inference = new Map<string, Promise<Compiled<InferenceGraphPlan>>>();
  let disposed = false;
  const sessionOptions = {
    ...(options.threads === undefined ? {} : { intraOpNumThreads: options.threads, interOpNumThreads: 1 }),
    graphOptimizationLevel: 'all' as const,
    executionMode: 'sequential' as const,
  };
  const open = async <P extends { model: Parameters<typeof encodeModel>[0] }>(plan: P): Promise<Compiled<P>> => {
    const session = await createSession(encodeModel(plan.model), { device: options.device ?? 'cpu', sessionOptions });
    return { plan, session };
  };
  const check = (): void => {
    if (disposed) throw new LearnError('learn/bad-argument', 'this ortEngine was disposed');
  };

  return {
    name: 'onnxruntime',
    async lossAndGradients(model, x, y, loss, sampleWeight, ctx): Promise<number> {
      check();
      const key = `${modelKey(model)}|${modeSignature(model, ctx)}|${loss.name}:${JSON.stringify(loss.config())}`;
      let compiled = graphs.get(key);
      if (!compiled) {
        compiled = open(buildGradientGraph(model, loss, ctx));
        graphs.set(key, compiled);
      }
      const { plan, session } = await compiled;
      const n = x.rows;
      const t = (data: Float32Array, dims: readonly number[]): Tensor => session.tensor(data, dims);
      const params = model.params();
      const feeds: Record<string, Tensor> = {
        x: t(asF32(x.data), [n, x.cols]),
        target: t(targetMatrix(y, loss, n, model.outputs), [n, model.outputs]),
        scale: t(rowScale(loss, sampleWeight, n, model.outputs), [n, 1]),
      };
      plan.paramInputs.forEach((name, i) => (feeds[name] = t(asF32(params[i]!.value), params[i]!.shape)));
      for (const m of plan.masks) feeds[m.name] = t(dropoutMask(n * model.layers[m.layer]!.inputs, m.rate, ctx.rng, m.layer), [n, model.layers[m.layer]!.inputs]);
      for (const r of plan.runningInputs) {
        const [mean, variance] = model.layers[r.layer]!.buffers();
        feeds[r.mean] = t(asF32(mean!.value), [mean!.value.length]);
        feeds[r.variance] = t(asF32(variance!.value), [variance!.value.length]);
      }
      if (plan.batchStats.length > 0 && n < 2) {
        throw new LearnError('learn/bad-argument', `batch statistics need at least 2 rows per batch, got ${n}`, { hint: 'use a larger batch or drop the last batch' });
      }
      const out = await session.session.run(feeds);
      try {
        for (const g of plan.gradOutputs) params[g.param]!.grad.set(out[g.name]!.data as Float32Array);
        for (const s of plan.batchStats) {
          const bn = model.layers[s.layer] as BatchNormalization;
          const [rm, rv] = bn.buffers();
          const mean = out[s.mean]!.data as Float32Array, variance = out[s.variance]!.data as Float32Array;
          const m = bn.momentum, unbias = n / (n - 1);
          for (let j = 0; j < mean.length; j++) {
            rm!.value[j] = (1 - m) * rm!.value[j]! + m * mean[j]!;
            rv!.value[j] = (1 - m) * rv!.value[j]! + m * variance[j]! * unbias;
          }
        }
        return (out['loss']!.data as Float32Array)[0]!;
      } finally {
        for (const v of Object.values(feeds)) v.dispose();
        for (const v of Object.values(out)) (v as Tensor).dispose();
      }
    },
    async predict(model, x, predictOptions = {}): Promise<Matrix> {
      check();
      const ctx = predictOptions.context ?? { training: false };
      const key = `${modelKey(model)}|${modeSignature(model, ctx)}`;
      let compiled = inference.get(key);
      if (!compiled) {
        compiled = open(buildInferenceGraph(model, ctx));
        inference.set(key, compiled);
      }
      const { plan, session } = await compiled;
      const batch = Math.max(1, predictOptions.batchSize ?? 8192);
      const result = new Float32Array(x.rows * model.outputs);
      const params = model.params();
      for (let r0 = 0; r0 < x.rows; r0 += batch) {
        const r1 = Math.min(x.rows, r0 + batch), n = r1 - r0;
        const feeds: Record<string, Tensor> = { x: session.tensor(asF32(x.data).subarray(r0 * x.cols, r1 * x.cols), [n, x.cols]) };
        plan.paramInputs.forEach((name, i) => (feeds[name] = session.tensor(asF32(params[i]!.value), params[i]!.shape)));
        for (const r of plan.runningInputs) {
          const [mean, variance] = model.layers[r.layer]!.buffers();
          feeds[r.mean] = session.tensor(asF32(mean!.value), [mean!.value.length]);
          feeds[r.variance] = session.tensor(asF32(variance!.value), [variance!.value.length]);
        }
        for (const m of plan.masks) feeds[m.name] = session.tensor(dropoutMask(n * model.layers[m.layer]!.inputs, m.rate, ctx.rng, m.layer), [n, model.layers[m.layer]!.inputs]);
        const out = await session.session.run(feeds);
        result.set(out['y']!.data as Float32Array, r0 * model.outputs);
        for (const v of Object.values(feeds)) v.dispose();
        for (const v of Object.values(out)) (v as Tensor).dispose();
      }
      return { rows: x.rows, cols: model.outputs, data: result };
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      for (const c of [...graphs.values(), ...inference.values()]) void c.then((s) => s.session.dispose(), () => undefined);
      graphs.clear();
      inference.clear();
    },
  };
}

/** Layer types, widths and trainable flags: what a compiled graph depends on besides the call's modes. */
function modelKey(model: Sequential): string {
  return `${model.inputs}:${model.layers.map((l) => `${l.type}${l.outputs}${JSON.stringify(l.config())}${l.trainable ? '' : 'F'}`).join(',')}`;
}

function asF32(a: ArrayLike<number>): Float32Array {
  if (a instanceof Float32Array) return a;
  throw new LearnError('learn/bad-argument', 'the onnxruntime engine needs float32 models and features');
}

/** [n, k] float32 targets as the graph's loss reads them (categorical: the label-smoothed distribution). */
function targetMatrix(y: Targets, loss: Loss, n: number, k: number): Float32Array {
  const out = new Float32Array(n * k);
  if (loss.name === 'categoricalCrossEntropy') {
    const eps = Number(loss.config()['labelSmoothing'] ?? 0);
    if (y instanceof Int32Array) {
      if (y.length !== n) throw new LearnError('learn/shape-mismatch', `${y.length} labels for ${n} rows`);
      out.fill(eps / k);
      for (let r = 0; r < n; r++) {
        const label = y[r]!;
        if (!(label >= 0 && label < k)) throw new LearnError('learn/bad-argument', `label ${label} at row ${r} is outside [0, ${k})`);
        out[r * k + label]! += 1 - eps;
      }
    } else {
      checkShape(y, n, k);
      for (let i = 0; i < n * k; i++) out[i] = (1 - eps) * y.data[i]! + eps / k;
    }
    return out;
  }
  if (y instanceof Int32Array) {
    if (k !== 1 || y.length !== n) throw new LearnError('learn/shape-mismatch', `${y.length} labels for ${n} × ${k} outputs (class labels need one output column)`);
    for (let r = 0; r < n; r++) out[r] = y[r]!;
    return out;
  }
  checkShape(y, n, k);
  out.set(y.data);
  return out;
}

function checkShape(y: Matrix, n: number, k: number): void {
  if (y.rows !== n || y.cols !== k) throw new LearnError('learn/shape-mismatch', `targets are ${y.rows} × ${y.cols}, outputs ${n} × ${k}`);
}

/** wᵢ / denominator: Σw (categorical: per row) or Σw · outputs (element-wise losses), as the TS losses. */
function rowScale(loss: Loss, w: ArrayLike<number> | undefined, n: number, k: number): Float32Array {
  const denom = weightTotal(w, n) * (loss.name === 'categoricalCrossEntropy' ? 1 : k);
  const out = new Float32Array(n);
  for (let r = 0; r < n; r++) out[r] = (w === undefined ? 1 : w[r]!) / denom;
  return out;
}

/** The same draws, in the same order, as `Dropout.forward`: keep when uniform() < 1 − rate. */
function dropoutMask(size: number, rate: number, rng: SeededRandom | undefined, layer: number): Float32Array {
  if (!rng) throw new LearnError('learn/bad-argument', `dropout layer ${layer} in training mode needs ctx.rng`);
  const keep = 1 - rate, scale = 1 / keep;
  const mask = new Float32Array(size);
  for (let i = 0; i < size; i++) mask[i] = rng.uniform() < keep ? scale : 0;
  return mask;
}
