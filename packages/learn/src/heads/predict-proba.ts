import type { Matrix } from '../backend/matrix.js';
import type { MatrixInput } from '../backend/matrix-view.js';
import { logistic } from '../layers/sigmoid.js';
import { softmaxRows } from '../layers/softmax.js';
import type { PredictOptions, Sequential } from '../model/sequential.js';

/**
 * Turns logits into probabilities: the sigmoid of a single output column (P(class 1)), or a row-wise
 * softmax of K columns.
 *
 * @example
 * ```ts
 * probabilities(matrix(1, 1, [0])).data; // [0.5]
 * ```
 */
export function probabilities(logits: Matrix): Matrix {
  const data = logits.data.slice();
  if (logits.cols === 1) for (let i = 0; i < data.length; i++) data[i] = logistic(data[i]!);
  else softmaxRows(logits.data, logits.rows, logits.cols, data);
  return { rows: logits.rows, cols: logits.cols, data };
}

/**
 * Class probabilities of a classification head (`predict` then {@link probabilities}); `x` is a matrix or a
 * 2-D strided view (a scijs array in Node).
 *
 * @example
 * ```ts
 * const p = predictProba(head, features); // n × 1 (binary: P(class 1)) or n × K
 * ```
 */
export function predictProba(model: Sequential, x: MatrixInput, options?: PredictOptions): Matrix {
  return probabilities(model.predict(x, options));
}

/**
 * Predicted class per row: logit > 0 for one output column, else the arg-max (first on ties).
 *
 * @example
 * ```ts
 * predictClasses(head, features); // Int32Array of class indices
 * ```
 */
export function predictClasses(model: Sequential, x: MatrixInput, options?: PredictOptions): Int32Array {
  return classesFromOutputs(model.predict(x, options));
}

/**
 * Predicted class per row from logits or probabilities (see {@link predictClasses}); a single column is
 * thresholded at 0 when it holds logits (`threshold` 0, default) or at 0.5 for probabilities.
 *
 * @example
 * ```ts
 * classesFromOutputs(matrix(2, 2, [1, 3, 5, 0])); // Int32Array [1, 0]
 * ```
 */
export function classesFromOutputs(out: Matrix, threshold = 0): Int32Array {
  const res = new Int32Array(out.rows);
  for (let r = 0; r < out.rows; r++) {
    if (out.cols === 1) {
      res[r] = out.data[r]! > threshold ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let j = 1; j < out.cols; j++) if (out.data[r * out.cols + j]! > out.data[r * out.cols + best]!) best = j;
    res[r] = best;
  }
  return res;
}
