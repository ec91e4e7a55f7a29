/**
 * The ONNX Runtime assignment kernel: the Lloyd step as one ONNX graph (GEMM-form distances, ArgMin and a
 * ScatterND-add that sums each cluster), plus centring as a graph, run over blocks of rows through `@kenobi/runtime`'s `createSession`
 * (onnxruntime-node in Node, onnxruntime-web's WASM or WebGPU in browsers).
 * NOTE: the issue's speed goal (≤ scikit-learn's time) needs this: a JS distance loop is 16–18× slower and a
 * JS + ORT distance graph without the argmin and sums in the graph 2.2–2.7× (FINDINGS.md).
 */
import { createSession, type Device, type KenobiSession } from '@kenobi/runtime';
import { ClusterError } from '../cluster-error.js';
import { centreGraph, lloydStepGraph, nearestTwoGraph, pointDistanceGraph, sumGraph } from './assignment-graph.js';
import { rowSquaredNorms, type AssignmentKernel, type AssignOutput, type BoundAssignment, type CentredData, type NearestTwoOutput } from './assignment-kernel.js';

/**
 * Options of {@link ortAssignmentKernel}.
 *
 * @example
 * ```ts
 * const o: OrtKernelOptions = { device: 'cpu', threads: 2, blockRows: 32768 };
 * ```
 */
export interface OrtKernelOptions {
  /** Device for `createSession` (default 'cpu'). */
  readonly device?: Device;
  /** ORT intra-op threads (default: ORT's choice, the physical cores). */
  readonly threads?: number;
  /** Rows per ORT run (default 32768): bounds ORT's scratch memory to blockRows × (K + D) floats. */
  readonly blockRows?: number;
}

/**
 * A kernel that runs the Lloyd step on ONNX Runtime. Create once, reuse across fits, `dispose()` at the end.
 *
 * @example
 * ```ts
 * const kernel = await ortAssignmentKernel({ threads: 2 });
 * const km = await new KMeans({ k: 10, seed: 0, kernel }).fit(x);
 * await kernel.dispose();
 * ```
 */
export async function ortAssignmentKernel(options: OrtKernelOptions = {}): Promise<AssignmentKernel> {
  const sessionOptions = options.threads === undefined ? {} : { intraOpNumThreads: options.threads, interOpNumThreads: 1 };
  const device = options.device ?? 'cpu';
  const open = (model: Parameters<typeof createSession>[0]): Promise<KenobiSession> => createSession(model, { device, sessionOptions });
  // NOTE: the `*WithDistances` graphs serve matrices bound without row norms (mini-batch k-means binds every
  // batch); opened on first use, so a k-means fit never pays for them.
  const opened: Promise<KenobiSession>[] = [];
  const lazy = (model: () => Parameters<typeof createSession>[0]): (() => Promise<KenobiSession>) => {
    let session: Promise<KenobiSession> | undefined;
    return () => {
      if (session === undefined) opened.push((session = open(model())));
      return session;
    };
  };
  const stepWithDistances = lazy(() => lloydStepGraph(true, true));
  const assignWithDistances = lazy(() => lloydStepGraph(false, true));
  const sum = lazy(() => sumGraph());
  const s: Sessions = {
    step: await open(lloydStepGraph()),
    assign: await open(lloydStepGraph(false)),
    dist: await open(pointDistanceGraph()),
    two: await open(nearestTwoGraph()),
    withDistances: (sums) => (sums ? stepWithDistances() : assignWithDistances()),
  };
  const centre = await open(centreGraph());
  const blockRows = Math.max(1, options.blockRows ?? 32768);
  let disposed = false;
  const check = (): void => {
    if (disposed) throw new ClusterError('cluster/disposed', 'this ORT assignment kernel was disposed; create a new one');
  };
  return {
    name: `ort:${s.step.device}`,
    bind: async (data, rows, cols, rowNorms) => {
      check();
      return new OrtBound(s, data, rows, cols, blockRows, rowNorms);
    },
    centre: async (data, rows, cols): Promise<CentredData> => {
      check();
      const r = await centre.run({ x: { data, dims: [rows, cols] } });
      const rowNorms = r.norms!.data as Float32Array;
      let total = 0;
      for (let i = 0; i < rows; i++) total += rowNorms[i]!;
      const mean = Float64Array.from(r.mean!.data as Float32Array);
      return { centred: r.centred!.data as Float32Array, mean, meanVariance: total / (rows * cols), rowNorms, finite: Number.isFinite(total) };
    },
    allFinite: async (data) => {
      check();
      // NOTE: one vectorised ORT pass; the TypeScript loop was a fifth of mini-batch k-means' CPU time per shard.
      if (data.length === 0) return true;
      const r = await (await sum()).run({ x: { data, dims: [data.length] } });
      return Number.isFinite((r.total!.data as Float32Array)[0]!);
    },
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      for (const session of [s.step, s.assign, s.dist, s.two, centre]) await session.dispose();
      // NOTE: a lazy session that failed to open has nothing to release.
      for (const session of opened) await (await session.catch(() => undefined))?.dispose();
    },
  };
}

/** The sessions a bound matrix runs on. */
interface Sessions {
  readonly step: KenobiSession;
  readonly assign: KenobiSession;
  readonly dist: KenobiSession;
  readonly two: KenobiSession;
  /** The step (`sums` true) or assignment graph that also outputs `distances` (opened on first use). */
  readonly withDistances: (sums: boolean) => Promise<KenobiSession>;
}

class OrtBound implements BoundAssignment {
  #norms: Float32Array | undefined;
  #gather: Float32Array | undefined;

  constructor(
    private readonly s: Sessions,
    private readonly data: Float32Array,
    readonly rows: number,
    private readonly cols: number,
    private readonly blockRows: number,
    norms: Float32Array | undefined,
  ) {
    this.#norms = norms;
  }

  /** ‖x_i‖², computed on first need when `bind` was not given them. */
  #rowNorms(): Float32Array {
    return (this.#norms ??= rowSquaredNorms(this.data, this.rows, this.cols));
  }

  async assign(centers: Float32Array, k: number, out: AssignOutput): Promise<void> {
    const { cols } = this;
    const cc = rowSquaredNorms(centers, k, cols);
    const { labels, distances, sums, counts } = out;
    sums?.fill(0);
    counts?.fill(0);
    // NOTE: without row norms (a matrix bound once for one step) the graph adds ‖x‖² itself.
    const norms = this.#norms;
    const session = norms === undefined ? await this.s.withDistances(sums !== undefined) : sums ? this.s.step : this.s.assign;
    const wanted = norms === undefined ? (sums ? ['labels', 'distances', 'sums'] : ['labels', 'distances']) : undefined;
    for (let start = 0; start < this.rows; start += this.blockRows) {
      const n = Math.min(this.blockRows, this.rows - start);
      const r = await session.run({
        x: { data: this.data.subarray(start * cols, (start + n) * cols), dims: [n, cols] },
        centers: { data: centers, dims: [k, cols] },
        center_norms: { data: cc, dims: [k] },
      }, wanted);
      const blockLabels = r.labels!.data as Int32Array;
      labels.set(blockLabels, start);
      if (norms === undefined) {
        distances.set(r.distances!.data as Float32Array, start);
      } else {
        const partial = r.partial!.data as Float32Array;
        for (let i = 0; i < n; i++) distances[start + i] = Math.max(0, norms[start + i]! + partial[i]!);
      }
      if (sums) {
        const s = r.sums!.data as Float32Array;
        for (let j = 0; j < s.length; j++) sums[j]! += s[j]!;
      }
      if (counts) for (let i = 0; i < n; i++) counts[blockLabels[i]!]! += 1;
    }
  }

  async nearestTwo(rowList: Int32Array, count: number, centers: Float32Array, k: number, out: NearestTwoOutput): Promise<void> {
    const { cols } = this;
    const cc = rowSquaredNorms(centers, k, cols);
    const norms = this.#rowNorms();
    const all = count === this.rows;
    // NOTE: the listed rows are gathered into one buffer so the GEMM skips the rows the bounds settled.
    const size = Math.min(count, this.blockRows) * cols;
    if (!all && (this.#gather?.length ?? 0) < size) this.#gather = new Float32Array(size);
    const buffer = all ? undefined : this.#gather!;
    for (let start = 0; start < count; start += this.blockRows) {
      const n = Math.min(this.blockRows, count - start);
      let x: Float32Array;
      if (buffer) {
        for (let t = 0; t < n; t++) {
          const i = rowList[start + t]!;
          buffer.set(this.data.subarray(i * cols, (i + 1) * cols), t * cols);
        }
        x = buffer.subarray(0, n * cols);
      } else {
        x = this.data.subarray(start * cols, (start + n) * cols);
      }
      const r = await this.s.two.run({ x: { data: x, dims: [n, cols] }, centers: { data: centers, dims: [k, cols] }, center_norms: { data: cc, dims: [k] } });
      const best = r.best!.data as Float32Array;
      const index = r.index!.data as Int32Array;
      for (let t = 0; t < n; t++) {
        const i = all ? start + t : rowList[start + t]!;
        const xx = norms[i]!;
        out.labels[i] = index[2 * t]!;
        out.best[i] = Math.max(0, xx + best[2 * t]!);
        out.second[i] = Math.max(0, xx + best[2 * t + 1]!);
      }
    }
  }

  async squaredDistances(points: Float32Array, m: number): Promise<Float32Array> {
    const { cols } = this;
    const pp = rowSquaredNorms(points, m, cols);
    const norms = this.#rowNorms();
    const out = new Float32Array(this.rows * m);
    for (let start = 0; start < this.rows; start += this.blockRows) {
      const n = Math.min(this.blockRows, this.rows - start);
      const r = await this.s.dist.run({
        x: { data: this.data.subarray(start * cols, (start + n) * cols), dims: [n, cols] },
        points: { data: points, dims: [m, cols] },
        point_norms: { data: pp, dims: [m] },
      });
      const partial = r.partial!.data as Float32Array;
      for (let i = 0; i < n; i++) {
        const xx = norms[start + i]!;
        for (let c = 0; c < m; c++) out[(start + i) * m + c] = Math.max(0, xx + partial[i * m + c]!);
      }
    }
    return out;
  }
}
