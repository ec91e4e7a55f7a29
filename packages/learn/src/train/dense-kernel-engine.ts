import type { Matrix } from '../backend/matrix.js';
import { Dense } from '../layers/dense.js';
import { weightTotal, type Targets } from '../losses/loss.js';
import type { Sequential } from '../model/sequential.js';
import { autoEngine } from './auto-engine.js';
import { denseKernelPass } from './dense-kernels.js';
import type { GradientEngine } from './gradient-engine.js';

/** A {@link GradientEngine} that says which engine ran its last evaluation. @example `const e: DenseKernelEngine = denseKernelEngine(); e.choice; // undefined until the first evaluation` */
export interface DenseKernelEngine extends GradientEngine {
  /**
   * 'dense-kernels', or the engine the fallback ran (its `choice` where it has one, as {@link autoEngine}, else
   * its name), with the reason in `reason`; undefined before the first evaluation.
   */
  readonly choice: string | undefined;
  readonly reason: string | undefined;
}

/**
 * The engine for a model that is one dense layer (a linear head: logistic, softmax or linear regression) on
 * float32 features: every evaluation is one pass over the rows through {@link denseKernelPass}'s WebAssembly
 * kernels, each block's loss and dL/dZ by the loss's own `compute` (the losses are sums over rows, so a block's
 * mean weighted by its share of the sample weight adds up to the whole batch's). Anything else (deeper models,
 * float64, no WebAssembly SIMD) goes to `fallback` (default {@link autoEngine}). `fitLbfgs` uses it when no
 * engine is given.
 * NOTE (issue #17): full-batch L-BFGS spends its time in the evaluations; on one CPU thread an evaluation takes
 * 3.6–5 ms on 20,000 × 512 against 5.5–6 ms for the onnxruntime engine's graph (see dense-kernels.ts for why).
 *
 * @example
 * ```ts
 * import { binaryCrossEntropy, denseKernelEngine, fitLbfgs, linearHead } from '@kenobi/learn';
 * const engine = denseKernelEngine();
 * await fitLbfgs(linearHead({ inputs: x.cols, classes: 2 }), x, labels, { loss: binaryCrossEntropy(), engine });
 * engine.choice; // 'dense-kernels' (or the fallback's choice, e.g. 'onnxruntime', where WebAssembly SIMD is missing)
 * engine.dispose();
 * ```
 */
export function denseKernelEngine(fallback: GradientEngine = autoEngine()): DenseKernelEngine {
  let kernels: boolean | undefined;
  let reason: string | undefined;
  const handOver = (why: string): undefined => {
    kernels = false;
    reason = why;
    return undefined;
  };
  const denseLayer = (model: Sequential, x: Matrix): Dense | undefined => {
    const layer = model.layers[0];
    if (model.layers.length !== 1 || !(layer instanceof Dense)) return handOver('the model is not one dense layer');
    if (!layer.trainable) return handOver('the dense layer is frozen');
    if (model.dtype !== 'float32' || !(x.data instanceof Float32Array)) return handOver('float64 model or features');
    return layer;
  };
  return {
    name: 'dense-kernels',
    get choice() {
      if (kernels === undefined) return undefined;
      return kernels ? 'dense-kernels' : (fallback as { readonly choice?: string }).choice ?? fallback.name;
    },
    get reason() {
      return reason;
    },
    lossAndGradients(model, x, y, loss, sampleWeight, ctx): number | Promise<number> {
      const layer = denseLayer(model, x);
      if (layer === undefined) return fallback.lossAndGradients(model, x, y, loss, sampleWeight, ctx);
      const [kernel, bias] = layer.params();
      const k = layer.units;
      const total = weightTotal(sampleWeight, x.rows);
      const weights = sampleWeight === undefined ? undefined : Float64Array.from(sampleWeight);
      let value = 0;
      const done = denseKernelPass(x.data as Float32Array, x.cols, k, kernel!.value as Float32Array, bias?.value as Float32Array | undefined, (b) => {
        const w = weights?.subarray(b.start, b.start + b.rows);
        let share = b.rows;
        if (w !== undefined) {
          share = 0;
          for (let r = 0; r < w.length; r++) share += w[r]!;
        }
        if (share === 0) return 0; // rows of weight zero add nothing
        const scale = share / total;
        value += scale * loss.compute({ rows: b.rows, cols: k, data: b.z }, targetRows(y, b.start, b.rows), b.dz, w);
        return scale;
      }, kernel!.grad as Float32Array, bias?.grad as Float32Array | undefined);
      if (!done) {
        handOver('WebAssembly SIMD is not available');
        return fallback.lossAndGradients(model, x, y, loss, sampleWeight, ctx);
      }
      kernels = true;
      reason = undefined;
      return value;
    },
    ...(fallback.predict ? { predict: fallback.predict.bind(fallback) } : {}),
    dispose(): void {
      fallback.dispose();
    },
  };
}

/** Rows start … start + rows − 1 of class labels or a target matrix, without copying. */
function targetRows(y: Targets, start: number, rows: number): Targets {
  if (y instanceof Int32Array) return y.subarray(start, start + rows);
  return { rows, cols: y.cols, data: y.data.subarray(start * y.cols, (start + rows) * y.cols) };
}
