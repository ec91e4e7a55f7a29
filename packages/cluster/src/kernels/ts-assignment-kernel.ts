/**
 * The pure-TypeScript assignment kernel: GEMM form ‖x‖² − 2x·c + ‖c‖² over blocks of rows, the argmin and
 * the centre sums in the same pass. Runs everywhere (Node, browsers, workers); ORT is faster on big data.
 */
import { rowSquaredNorms, type AssignmentKernel, type AssignOutput, type BoundAssignment, type NearestTwoOutput } from './assignment-kernel.js';

/**
 * A kernel in plain TypeScript.
 *
 * @example
 * ```ts
 * const kernel = tsAssignmentKernel();
 * const bound = await kernel.bind(x.data, x.rows, x.cols);
 * const labels = new Int32Array(x.rows), distances = new Float32Array(x.rows);
 * await bound.assign(centers, 3, { labels, distances }); // labels[i] in 0..2
 * ```
 */
export function tsAssignmentKernel(): AssignmentKernel {
  return {
    name: 'ts',
    bind: async (data, rows, cols, rowNorms) => new TsBound(data, rows, cols, rowNorms),
    dispose: async () => {},
  };
}

class TsBound implements BoundAssignment {
  readonly #norms: Float32Array;

  constructor(readonly data: Float32Array, readonly rows: number, readonly cols: number, norms?: Float32Array) {
    this.#norms = norms ?? rowSquaredNorms(data, rows, cols);
  }

  async assign(centers: Float32Array, k: number, out: AssignOutput): Promise<void> {
    const { data, rows, cols } = this;
    const cc = rowSquaredNorms(centers, k, cols);
    const dots = new Float64Array(k);
    const { labels, distances, sums, counts } = out;
    sums?.fill(0);
    counts?.fill(0);
    for (let i = 0; i < rows; i++) {
      dotsWithCenters(data, i * cols, centers, k, cols, dots);
      let best = 0;
      let bestValue = Infinity;
      for (let c = 0; c < k; c++) {
        const v = cc[c]! - 2 * dots[c]!;
        if (v < bestValue) { bestValue = v; best = c; }
      }
      labels[i] = best;
      distances[i] = Math.max(0, this.#norms[i]! + bestValue);
      if (sums) {
        const o = i * cols;
        const s = best * cols;
        for (let j = 0; j < cols; j++) sums[s + j]! += data[o + j]!;
        counts![best]! += 1;
      }
    }
  }

  async nearestTwo(rowList: Int32Array, count: number, centers: Float32Array, k: number, out: NearestTwoOutput): Promise<void> {
    const { data, cols } = this;
    const cc = rowSquaredNorms(centers, k, cols);
    const dots = new Float64Array(k);
    for (let t = 0; t < count; t++) {
      const i = rowList[t]!;
      dotsWithCenters(data, i * cols, centers, k, cols, dots);
      let best = 0, b1 = Infinity, b2 = Infinity;
      for (let c = 0; c < k; c++) {
        const v = cc[c]! - 2 * dots[c]!;
        if (v < b1) { b2 = b1; b1 = v; best = c; } else if (v < b2) b2 = v;
      }
      out.labels[i] = best;
      out.best[i] = Math.max(0, this.#norms[i]! + b1);
      out.second[i] = Math.max(0, this.#norms[i]! + b2);
    }
  }

  async squaredDistances(points: Float32Array, m: number): Promise<Float32Array> {
    const { data, rows, cols } = this;
    const pp = rowSquaredNorms(points, m, cols);
    const out = new Float32Array(rows * m);
    const dots = new Float64Array(m);
    for (let i = 0; i < rows; i++) {
      dotsWithCenters(data, i * cols, points, m, cols, dots);
      for (let c = 0; c < m; c++) out[i * m + c] = Math.max(0, this.#norms[i]! + pp[c]! - 2 * dots[c]!);
    }
    return out;
  }
}

/** dots[c] = x_row · centers[c], four-way unrolled (the hot loop). */
function dotsWithCenters(x: Float32Array, offset: number, centers: Float32Array, k: number, cols: number, dots: Float64Array): void {
  const end4 = cols - (cols % 4);
  for (let c = 0; c < k; c++) {
    const co = c * cols;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let j = 0;
    for (; j < end4; j += 4) {
      s0 += x[offset + j]! * centers[co + j]!;
      s1 += x[offset + j + 1]! * centers[co + j + 1]!;
      s2 += x[offset + j + 2]! * centers[co + j + 2]!;
      s3 += x[offset + j + 3]! * centers[co + j + 3]!;
    }
    for (; j < cols; j++) s0 += x[offset + j]! * centers[co + j]!;
    dots[c] = s0 + s1 + s2 + s3;
  }
}
