import { SeededRandom } from '@kenobi/core';
import { castMatrix, dtypeOf, type DType, type FloatArray, type Matrix } from '../backend/matrix.js';
import { jsMatrixBackend } from '../backend/js-matrix-backend.js';
import { toMatrix, type MatrixInput } from '../backend/matrix-view.js';
import type { MatrixBackend } from '../backend/matrix-backend.js';
import type { Buffer, ForwardContext, Layer, Param } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';
import { formatSummary } from './summary.js';
import { validateFeatures } from './validate-input.js';

/** Options of {@link sequential}. */
export interface SequentialOptions {
  /** Number of input features. */
  readonly inputs: number;
  /** Seeds the initialisers. Default 0. */
  readonly seed?: number;
  /** Default 'float32'. */
  readonly dtype?: DType;
  /** Default {@link jsMatrixBackend}. */
  readonly backend?: MatrixBackend;
}

/** Options of {@link Sequential.predict}. */
export interface PredictOptions {
  /** Rows per forward pass. Default 1024. */
  readonly batchSize?: number;
  /** Per-call switches (default `{ training: false }`). */
  readonly context?: ForwardContext;
}

function snake(type: string): string {
  return type.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * A stack of layers, like Keras's `Sequential`, built for a given input width. See {@link sequential}.
 */
export class Sequential {
  readonly layers: readonly Layer[];
  readonly inputs: number;
  readonly outputs: number;
  readonly dtype: DType;
  readonly backend: MatrixBackend;
  readonly seed: number;

  constructor(layers: readonly Layer[], options: SequentialOptions) {
    if (!(Number.isInteger(options.inputs) && options.inputs > 0)) {
      throw new LearnError('learn/bad-argument', `sequential needs a positive integer inputs, got ${options.inputs}`);
    }
    if (layers.length === 0) throw new LearnError('learn/bad-argument', 'sequential needs at least one layer');
    this.layers = Object.freeze([...layers]);
    this.inputs = options.inputs;
    this.dtype = options.dtype ?? 'float32';
    this.backend = options.backend ?? jsMatrixBackend;
    this.seed = options.seed ?? 0;
    const rng = new SeededRandom(this.seed);
    const counts = new Map<string, number>();
    const names = new Set<string>();
    let width = this.inputs;
    for (const layer of this.layers) {
      if (!layer.name) {
        const n = (counts.get(layer.type) ?? 0) + 1;
        counts.set(layer.type, n);
        layer.name = `${snake(layer.type)}_${n}`;
      }
      if (names.has(layer.name)) throw new LearnError('learn/bad-argument', `two layers are named ${layer.name}`);
      names.add(layer.name);
      width = layer.build(width, { dtype: this.dtype, rng, backend: this.backend });
    }
    this.outputs = width;
  }

  /**
   * One forward pass. The result may be a reused buffer: copy it if you keep it across calls.
   * Converts `x` to the model's dtype when needed.
   */
  forward(x: Matrix, ctx: ForwardContext): Matrix {
    if (x.cols !== this.inputs) validateFeatures(x, this.inputs);
    let h = castMatrix(x, this.dtype);
    for (const layer of this.layers) h = layer.forward(h, ctx);
    return h;
  }

  /** Back-propagates `dy` (gradient of the loss w.r.t. the last forward's output) and fills every param's grad. */
  backward(dy: Matrix): void {
    let g: Matrix | undefined = dy;
    for (let i = this.layers.length - 1; i >= 0 && g; i--) {
      const needInput = i > 0 && this.layers.slice(0, i).some((l) => l.trainable && l.params().length > 0);
      g = this.layers[i]!.backward(g, needInput);
    }
  }

  /**
   * Outputs (logits for the ready-made heads) for every row of `x`, in inference mode by default. Checks
   * the feature count and rejects NaN/Infinity (`learn/shape-mismatch`, `learn/non-finite-input`). `x` is a
   * matrix or a 2-D strided view `[rows, features]` (a scijs array, transposed or sliced).
   *
   * @example
   * ```ts
   * const logits = model.predict(features); // n × model.outputs
   * model.predict(ndarray(featureMajor, [model.inputs, n]).transpose(1, 0)); // the same from a view
   * ```
   */
  predict(input: MatrixInput, options: PredictOptions = {}): Matrix {
    const x = toMatrix(input);
    validateFeatures(x, this.inputs);
    const batch = Math.max(1, options.batchSize ?? 1024);
    const ctx = options.context ?? { training: false };
    const out: FloatArray = this.dtype === 'float64' ? new Float64Array(x.rows * this.outputs) : new Float32Array(x.rows * this.outputs);
    for (let r0 = 0; r0 < x.rows; r0 += batch) {
      const r1 = Math.min(x.rows, r0 + batch);
      const slice: Matrix = { rows: r1 - r0, cols: x.cols, data: x.data.subarray(r0 * x.cols, r1 * x.cols) };
      const y = this.forward(slice, ctx);
      out.set(y.data.subarray(0, y.rows * y.cols), r0 * this.outputs);
    }
    return { rows: x.rows, cols: this.outputs, data: out };
  }

  /** Every learnable param, in layer order. */
  params(): Param[] {
    return this.layers.flatMap((l) => l.params());
  }

  /** The params of trainable layers (what an optimizer updates). */
  trainableParams(): Param[] {
    return this.layers.filter((l) => l.trainable).flatMap((l) => l.params());
  }

  /** Non-learnable state (batch norm running statistics). */
  buffers(): Buffer[] {
    return this.layers.flatMap((l) => l.buffers());
  }

  /** Copies of all params then all buffers (what {@link setWeights} takes back). */
  getWeights(): FloatArray[] {
    return [...this.params().map((p) => p.value.slice()), ...this.buffers().map((b) => b.value.slice())];
  }

  /** Restores what {@link getWeights} returned (same order and lengths). */
  setWeights(weights: readonly ArrayLike<number>[]): void {
    const targets = [...this.params().map((p) => p.value), ...this.buffers().map((b) => b.value)];
    if (weights.length !== targets.length) {
      throw new LearnError('learn/shape-mismatch', `setWeights got ${weights.length} arrays, the model has ${targets.length}`);
    }
    targets.forEach((t, i) => {
      const w = weights[i]!;
      if (w.length !== t.length) throw new LearnError('learn/shape-mismatch', `weight ${i} has ${w.length} values, expected ${t.length}`);
      t.set(w);
    });
  }

  /** Number of learnable scalars (`trainableOnly`: only those the optimizer updates). */
  countParams(trainableOnly = false): number {
    const ps = trainableOnly ? this.trainableParams() : this.params();
    return ps.reduce((s, p) => s + p.value.length, 0);
  }

  /**
   * A Keras-like text table: layer (type), output shape, param count, and the totals.
   *
   * @example
   * ```ts
   * console.log(mlpHead({ inputs: 1024, hidden: [256], classes: 2 }).summary());
   * ```
   */
  summary(): string {
    return formatSummary(this);
  }

  /** The dtype the weights are held in. */
  get weightDtype(): DType {
    const p = this.params()[0];
    return p ? dtypeOf(p.value) : this.dtype;
  }
}

/**
 * Stacks layers like Keras's `Sequential` and builds them for `inputs` features. Weights are initialised
 * from `seed`, so the same seed gives the same model.
 *
 * @example
 * ```ts
 * import { sequential, dense, relu, dropout } from '@kenobi/learn';
 * const model = sequential([dense(256), relu(), dropout(0.5), dense(1)], { inputs: 1024, seed: 7 });
 * model.outputs; // 1
 * console.log(model.summary());
 * ```
 */
export function sequential(layers: readonly Layer[], options: SequentialOptions): Sequential {
  return new Sequential(layers, options);
}
