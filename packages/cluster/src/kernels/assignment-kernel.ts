/**
 * The contract of a nearest-centre kernel: the one hot loop of k-means (E-step plus the sums of the
 * M-step) behind an interface, so the same Lloyd code runs on pure TypeScript or on ONNX Runtime.
 */

/** Where `assign` writes its results (length N for rows, k·D for sums, k for counts). */
export interface AssignOutput {
  /** Index of the nearest centre per row (first one on ties, as numpy's argmin). */
  readonly labels: Int32Array;
  /** Squared distance to that centre per row (GEMM form, clamped at 0). */
  readonly distances: Float32Array;
  /** When given: per-centre sums of the rows assigned to it (k × D, row-major); overwritten. */
  readonly sums?: Float64Array;
  /** When given: rows per centre; overwritten. */
  readonly counts?: Float64Array;
}

/**
 * A kernel bound to one data matrix (it may cache row norms and views).
 *
 * @example
 * ```ts
 * const bound = await kernel.bind(x);
 * await bound.assign(centers, 10, { labels, distances, sums, counts });
 * ```
 */
export interface BoundAssignment {
  /** Rows of the bound matrix. */
  readonly rows: number;
  /** Nearest of `k` centres (`centers` is k × D row-major) for every row. */
  assign(centers: Float32Array, k: number, out: AssignOutput): Promise<void>;
  /** Squared distances from every row to each of `m` points (N × m row-major, GEMM form, clamped at 0). */
  squaredDistances(points: Float32Array, m: number): Promise<Float32Array>;
  /**
   * Optional (used by Lloyd's bounds): for the first `count` row indices in `rows`, the nearest and second
   * nearest of `k ≥ 2` centres. Writes, at each listed row index, `labels[row]`, and the squared distances
   * `best[row]` and `second[row]` (GEMM form, clamped at 0).
   */
  nearestTwo?(rows: Int32Array, count: number, centers: Float32Array, k: number, out: NearestTwoOutput): Promise<void>;
}

/**
 * A matrix centred on its column means (what {@link AssignmentKernel.centre} returns).
 *
 * @example
 * ```ts
 * const c: CentredData = { centred, mean, meanVariance: 1.02, rowNorms, finite: true };
 * ```
 */
export interface CentredData {
  /** x − mean, float32 N × D. */
  readonly centred: Float32Array;
  /** Column means (D). */
  readonly mean: Float64Array;
  /** Mean of the column variances (ddof 0), as `np.var(x, axis=0).mean()`. */
  readonly meanVariance: number;
  /** ‖x_i − mean‖² per row (pass to `bind` to skip recomputing them). */
  readonly rowNorms: Float32Array;
  /** False when the input holds NaN or ±Infinity (or overflows float32 when squared): check it in detail. */
  readonly finite: boolean;
}

/**
 * Where {@link BoundAssignment.nearestTwo} writes (arrays of the bound matrix's length, indexed by row).
 *
 * @example
 * ```ts
 * const out: NearestTwoOutput = { labels: new Int32Array(n), best: new Float32Array(n), second: new Float32Array(n) };
 * ```
 */
export interface NearestTwoOutput {
  readonly labels: Int32Array;
  readonly best: Float32Array;
  readonly second: Float32Array;
}

/**
 * Computes nearest centres. Implementations: {@link tsAssignmentKernel} (pure TypeScript, everywhere) and
 * `ortAssignmentKernel` (one ONNX graph: GEMM-form distances, ArgMin and the centre sums, on ORT).
 *
 * @example
 * ```ts
 * const kernel: AssignmentKernel = tsAssignmentKernel();
 * const bound = await kernel.bind(x);  // x: Matrix<Float32Array>, N × D
 * ```
 */
export interface AssignmentKernel {
  /** 'ts' or 'ort:<device>'. */
  readonly name: string;
  /**
   * Binds a float32 N × D matrix (not copied: do not change it while bound). `rowNorms` (‖x_i‖², N), when
   * given, are used instead of being recomputed.
   */
  bind(data: Float32Array, rows: number, cols: number, rowNorms?: Float32Array): Promise<BoundAssignment>;
  /** Optional: centres a float32 N × D matrix on its column means, faster than the TypeScript `centreData`. */
  centre?(data: Float32Array, rows: number, cols: number): Promise<CentredData>;
  /**
   * Optional: false when the values may hold NaN or ±Infinity (a quick screen, e.g. their sum is not finite:
   * false also when a finite sum overflows float32), so callers run the detailed TypeScript check only then.
   */
  allFinite?(data: Float32Array): Promise<boolean>;
  /** Releases sessions; safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * Squared norms of the rows of a float32 matrix (float64 accumulation).
 *
 * @example
 * ```ts
 * rowSquaredNorms(new Float32Array([3, 4, 1, 0]), 2, 2); // Float32Array [25, 1]
 * ```
 */
export function rowSquaredNorms(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[o + j]!;
      s += v * v;
    }
    out[i] = s;
  }
  return out;
}
