import type { Matrix } from '../backend/matrix.js';
import type { Param } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';
import { sampleWeightsFor, type ClassWeight } from '../losses/class-weight.js';
import type { Loss, Targets } from '../losses/loss.js';
import type { Sequential } from '../model/sequential.js';
import { validateFeatureShape, validateFeatures, validateLabels } from '../model/validate-input.js';
import { denseKernelEngine } from '../train/dense-kernel-engine.js';
import type { GradientEngine } from '../train/gradient-engine.js';
import { targetRows, toTargets } from '../train/targets.js';

/** Options of {@link fitLbfgs}. */
export interface LbfgsOptions {
  readonly loss: Loss;
  /**
   * L2 strength on the kernels (not the biases, as scikit-learn leaves the intercept alone): the objective
   * is mean(loss) + l2/2·‖W‖². scikit-learn's `C` is `l2 = 1 / (C · n)` (see {@link sklearnL2}).
   * Default 0.
   */
  readonly l2?: number;
  /** Default 100 (scikit-learn's `max_iter`). */
  readonly maxIterations?: number;
  /**
   * Stop when max |gradient| of the mean objective ≤ tolerance. Default 1e-4, scikit-learn's `tol`:
   * scikit-learn 1.9 hands scipy the mean objective too, so both apply the same test (on the 20,000 × 512
   * benchmark from w = 0 both stop there after 6 iterations / 7 evaluations, max |g| 6.8e-5); 1.2 handed
   * it the summed one (n times tighter), which float32 evaluations cannot resolve, so there both stop on `ftol`.
   */
  readonly tolerance?: number;
  /** Stop when the objective's relative decrease is ≤ ftol. Default 2.2e-9 (scipy's L-BFGS-B default). */
  readonly ftol?: number;
  /** Stored correction pairs. Default 10 (scipy's L-BFGS-B). */
  readonly memory?: number;
  readonly classWeight?: ClassWeight;
  readonly sampleWeight?: ArrayLike<number>;
  /**
   * Computes the full-batch loss and gradients. Default `denseKernelEngine()`: a one-dense-layer model (a linear
   * head) in one WebAssembly pass over the rows per evaluation, anything else through `autoEngine()`
   * (onnxruntime in Node).
   */
  readonly engine?: GradientEngine;
}

/** What {@link fitLbfgs} reports. */
export interface LbfgsResult {
  readonly iterations: number;
  readonly evaluations: number;
  /** Final objective (mean loss + L2 term). */
  readonly objective: number;
  /** max |gradient| at the end. */
  readonly gradientNorm: number;
  readonly converged: boolean;
}

/**
 * The `l2` of {@link fitLbfgs} that gives scikit-learn's `LogisticRegression(C)` optimum on `rows` rows
 * (scikit-learn minimises C·Σloss + ½‖w‖²; dividing by C·n gives the mean form).
 *
 * @example
 * ```ts
 * sklearnL2(1, 20000); // 5e-5
 * ```
 */
export function sklearnL2(c: number, rows: number): number {
  if (!(c > 0)) throw new LearnError('learn/bad-argument', `C must be > 0, got ${c}`);
  return 1 / (c * rows);
}

/**
 * Full-batch L-BFGS (two-loop recursion, backtracking Armijo line search) on every trainable param, as
 * scikit-learn's `LogisticRegression(solver='lbfgs')` does for linear heads: deterministic, no learning
 * rate, and with `l2 = sklearnL2(C, n)` it reaches scikit-learn's optimum. Each evaluation is one
 * `engine.lossAndGradients` over all rows (by default one WebAssembly pass for a linear head, one ONNX run in Node
 * for deeper models).
 * Dropout stays off and batch norm uses running statistics during the evaluations.
 *
 * @example
 * ```ts
 * import { fitLbfgs, linearHead, binaryCrossEntropy, sklearnL2 } from '@kenobi/learn';
 * const head = linearHead({ inputs: x.cols, classes: 2 });
 * const r = await fitLbfgs(head, x, labels, { loss: binaryCrossEntropy(), l2: sklearnL2(1, x.rows) });
 * r.converged; // true when max |gradient| ≤ 1e-4 before 100 iterations
 * ```
 */
export async function fitLbfgs(model: Sequential, x: Matrix, yIn: Targets | ArrayLike<number>, options: LbfgsOptions): Promise<LbfgsResult> {
  const y = toTargets(yIn);
  // NOTE: a linear head's scores are x·W + b, so a NaN or ±∞ feature makes its row's score, and with it the
  // first objective, non-finite (∞·0 and ∞ − ∞ are NaN too): the first evaluation is the finiteness check,
  // and the 10⁷-value scan (~13 ms of CPU on 20,000 × 512, a quarter of a fit; issue #17) runs only when the
  // objective is not finite, to name the row and column. Deeper models scan first: ReLU may map NaN to 0.
  const scanLater = model.layers.length === 1 && model.layers[0]!.type === 'dense';
  if (scanLater) validateFeatureShape(x, model.inputs, 'training features');
  else validateFeatures(x, model.inputs, 'training features');
  if (targetRows(y) !== x.rows) throw new LearnError('learn/shape-mismatch', `${targetRows(y)} targets for ${x.rows} feature rows`);
  if (y instanceof Int32Array) validateLabels(y, x.rows, model.outputs === 1 ? 2 : model.outputs, 'training targets');
  const l2 = options.l2 ?? 0;
  const maxIter = options.maxIterations ?? 100;
  const tol = options.tolerance ?? 1e-4;
  const m = options.memory ?? 10;
  const ftol = options.ftol ?? 2.220446049250313e-9;
  if (!(l2 >= 0)) throw new LearnError('learn/bad-argument', `l2 must be >= 0, got ${l2}`);
  let weights = options.sampleWeight;
  if (options.classWeight !== undefined) {
    if (!(y instanceof Int32Array)) throw new LearnError('learn/bad-argument', 'classWeight needs class-label targets');
    const cw = sampleWeightsFor(options.classWeight, y);
    weights = weights === undefined ? cw : cw.map((w, i) => w * weights![i]!);
  }
  const engine = options.engine ?? denseKernelEngine();
  const params = model.trainableParams();
  const penalised = params.map((p) => p.name.endsWith('/kernel'));
  const size = params.reduce((s, p) => s + p.value.length, 0);
  let evaluations = 0;

  const evaluate = async (w: Float64Array, g: Float64Array): Promise<number> => {
    scatter(params, w);
    evaluations++;
    let f = await engine.lossAndGradients(model, x, y, options.loss, weights, { training: false });
    let o = 0;
    params.forEach((p, k) => {
      for (let i = 0; i < p.value.length; i++, o++) {
        g[o] = p.grad[i]!;
        if (penalised[k] && l2 > 0) {
          f += 0.5 * l2 * w[o]! * w[o]!;
          g[o] += l2 * w[o]!;
        }
      }
    });
    if (!Number.isFinite(f)) {
      if (scanLater) validateFeatures(x, model.inputs, 'training features'); // throws naming the first bad value
      throw new LearnError('learn/non-finite-input', `the L-BFGS objective became ${f}`, { hint: 'standardise the features' });
    }
    return f;
  };

  try {
    const w = gather(params, size);
    let g = new Float64Array(size);
    let f = await evaluate(w, g);
    const S: Float64Array[] = [], Y: Float64Array[] = [], rho: number[] = [];
    const d = new Float64Array(size), alpha = new Float64Array(m);
    let iterations = 0;
    let gnorm = maxAbs(g);
    while (iterations < maxIter && gnorm > tol) {
      // two-loop recursion: d = −H·g
      d.set(g);
      for (let i = S.length - 1; i >= 0; i--) {
        alpha[i] = rho[i]! * dot(S[i]!, d);
        axpy(-alpha[i]!, Y[i]!, d);
      }
      // NOTE: the first step is 1/‖g‖₂ along −g (a move of length 1), as scipy's L-BFGS-B starts (1/max(1, ‖g‖₂)
      // moves less when ‖g‖₂ < 1 and cost one more iteration on the issue #17 benchmark)
      const gamma = S.length > 0 ? dot(S[S.length - 1]!, Y[Y.length - 1]!) / dot(Y[Y.length - 1]!, Y[Y.length - 1]!) : 1 / Math.sqrt(dot(g, g));
      for (let i = 0; i < d.length; i++) d[i]! *= gamma;
      for (let i = 0; i < S.length; i++) {
        const beta = rho[i]! * dot(Y[i]!, d);
        axpy(alpha[i]! - beta, S[i]!, d);
      }
      for (let i = 0; i < d.length; i++) d[i] = -d[i]!;
      let slope = dot(g, d);
      if (!(slope < 0)) { // not a descent direction: restart from steepest descent
        S.length = Y.length = rho.length = 0;
        for (let i = 0; i < d.length; i++) d[i] = -g[i]!;
        slope = -dot(g, g);
      }
      // backtracking Armijo line search from step 1
      let step = 1;
      const wNew = new Float64Array(size), gNew = new Float64Array(size);
      let fNew = Infinity;
      for (let ls = 0; ls < 20; ls++) {
        for (let i = 0; i < size; i++) wNew[i] = w[i]! + step * d[i]!;
        fNew = await evaluate(wNew, gNew);
        if (fNew <= f + 1e-4 * step * slope) break;
        step *= 0.5;
      }
      if (!(fNew <= f)) break; // no progress possible at float precision
      const s = new Float64Array(size), yv = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        s[i] = wNew[i]! - w[i]!;
        yv[i] = gNew[i]! - g[i]!;
      }
      const sy = dot(s, yv);
      if (sy > 1e-12 * dot(yv, yv)) {
        if (S.length === m) { S.shift(); Y.shift(); rho.shift(); }
        S.push(s); Y.push(yv); rho.push(1 / sy);
      }
      w.set(wNew);
      g = gNew;
      const fOld = f;
      f = fNew;
      gnorm = maxAbs(g);
      iterations++;
      if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) break; // scipy's factr test
    }
    scatter(params, w);
    return { iterations, evaluations, objective: f, gradientNorm: gnorm, converged: gnorm <= tol };
  } finally {
    if (!options.engine) engine.dispose();
  }
}

function gather(params: readonly Param[], size: number): Float64Array {
  const w = new Float64Array(size);
  let o = 0;
  for (const p of params) { w.set(p.value, o); o += p.value.length; }
  return w;
}

function scatter(params: readonly Param[], w: Float64Array): void {
  let o = 0;
  for (const p of params) { p.value.set(w.subarray(o, o + p.value.length)); o += p.value.length; }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i]! += alpha * x[i]!;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
