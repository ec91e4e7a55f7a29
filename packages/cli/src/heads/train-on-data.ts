/**
 * Trains one head on {@link HeadData} with the automatic engine (a linear head in WebAssembly kernels, others on
 * onnxruntime in Node) and predicts with it.
 */
import type { ProgressCallback } from '@kenobi/core';
import { autoEngine, classesFromOutputs, denseKernelEngine, trainHead, type HeadSpec, type Matrix, type Sequential, type TrainedHead } from '@kenobi/learn';
import type { HeadData } from './head-data.js';

/**
 * `trainHead` on `data` with `denseKernelEngine(autoEngine())`; `engine` says which engine ran ('dense-kernels' for a
 * linear head, 'onnxruntime' or 'layerwise').
 *
 * @example
 * ```ts
 * const { model, engine } = await trainOnData(headData(table, undefined), { head: 'linear', task: 'classification', classes: 2 });
 * ```
 */
export async function trainOnData(data: Pick<HeadData, 'x' | 'y'>, spec: HeadSpec, onProgress?: ProgressCallback): Promise<TrainedHead & { engine: string }> {
  const engine = denseKernelEngine(autoEngine());
  try {
    const trained = await trainHead(data.x, data.y, spec, { engine, ...(onProgress ? { onProgress } : {}) });
    return { ...trained, engine: engine.choice ?? 'layerwise' };
  } finally {
    engine.dispose();
  }
}

/**
 * The head's outputs for every row of `x` (onnxruntime in Node, batched), in inference mode.
 *
 * @example
 * ```ts
 * const logits = await predictOutputs(model, x);
 * ```
 */
export async function predictOutputs(model: Sequential, x: Matrix): Promise<Matrix> {
  const engine = autoEngine();
  try {
    return await engine.predict(model, x);
  } finally {
    engine.dispose();
  }
}

/** Predicted classes from outputs: logit > 0 for one column, argmax otherwise. @example `predictedClasses(logits)` */
export function predictedClasses(outputs: Matrix): Int32Array {
  return classesFromOutputs(outputs);
}
