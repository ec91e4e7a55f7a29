/**
 * Mini-batch k-means for data that do not fit in memory: `partialFit` takes chunks (e.g. feature-store
 * shards) one at a time and keeps only the centres and per-centre counts, so memory stays flat.
 * Follows scikit-learn's `MiniBatchKMeans` step (`_mini_batch_step`): assign the batch, move each centre to
 * the running mean of everything it has seen, and now and then reassign centres that see too few rows to
 * random rows of the batch. Differences from sklearn: a `partialFit` chunk is split into batches of
 * `batchSize` (sklearn's partial_fit treats the whole call as one batch); k-means++ runs on the first
 * `initSize` rows of the first chunk; no nInit and no early stopping inside `partialFit` (`fitStream`
 * stops when the smoothed batch inertia has not improved for `maxNoImprovement` batches, as sklearn's fit).
 */
import { SeededRandom } from '@kenobi/core';
import { ClusterError } from '../cluster-error.js';
import type { AssignmentKernel } from '../kernels/assignment-kernel.js';
import { resolveKernel, type KernelChoice } from '../kernels/resolve-kernel.js';
import { checkCols, checkFinite, toFloat32, type Matrix } from '../matrix.js';
import { kmeansPlusPlus } from './kmeans-plusplus.js';
import { checkK } from './check-k.js';

/**
 * Options of {@link MiniBatchKMeans} (sklearn's defaults).
 *
 * @example
 * ```ts
 * const o: MiniBatchOptions = { k: 10, batchSize: 1024, seed: 0 };
 * ```
 */
export interface MiniBatchOptions {
  readonly k: number;
  /** Rows per step (default 1024). */
  readonly batchSize?: number;
  /** Rows of the first chunk used for k-means++ (default 3 × batchSize). */
  readonly initSize?: number;
  /** Centres whose count is below this × the largest count get reassigned (default 0.01; 0 disables). */
  readonly reassignmentRatio?: number;
  /** `fitStream`: stop after this many batches without a better smoothed inertia (default 10; 0 disables). */
  readonly maxNoImprovement?: number;
  readonly seed?: number;
  /**
   * Assignment kernel: an {@link AssignmentKernel} (yours: you dispose it), or 'ts' (the default: runs
   * everywhere, no sessions), 'ort' (ONNX Runtime: 4× the rows/s of 'ts' on 128-d batches, see
   * docs/benchmarks/cluster.md; call {@link MiniBatchKMeans.dispose} at the end) or 'auto' (ORT when it can be
   * opened, else TypeScript). A kernel chosen by name is created on the first `partialFit`.
   */
  readonly kernel?: AssignmentKernel | KernelChoice;
}

/**
 * Mini-batch k-means.
 *
 * @example
 * ```ts
 * const mb = new MiniBatchKMeans({ k: 10, seed: 0 });
 * for await (const shard of store.shards()) await mb.partialFit(shard); // shard: Matrix N_i × D
 * mb.centers;               // Float32Array(10 * D)
 * await mb.predict(shard);  // Int32Array(N_i)
 * ```
 */
export class MiniBatchKMeans {
  readonly options: MiniBatchOptions;
  #centers: Float32Array | undefined;
  #counts: Float64Array | undefined;
  #cols = 0;
  #sinceReassign = 0;
  #steps = 0;
  #rowsSeen = 0;
  #ewaInertia: number | undefined;
  #bestEwa = Infinity;
  #noImprovement = 0;
  readonly #rng: SeededRandom;
  #kernel: AssignmentKernel | undefined;
  #ownsKernel = false;
  /** Per-batch outputs, allocated once per batch size (not per step). */
  #scratch: { labels: Int32Array; distances: Float32Array; sums: Float64Array; counts: Float64Array } | undefined;

  constructor(options: MiniBatchOptions) {
    this.options = options;
    checkK(options.k, Infinity, 'mini-batch k-means');
    this.#rng = new SeededRandom(options.seed ?? 0);
  }

  /**
   * Releases the kernel's sessions when this estimator created them (`kernel: 'ort'` or `'auto'`); the
   * centres stay readable. Safe to call twice; a later `partialFit` or `predict` opens a new kernel.
   *
   * @example
   * ```ts
   * const mb = new MiniBatchKMeans({ k: 10, kernel: 'ort' });
   * try { for await (const shard of shards) await mb.partialFit(shard); } finally { await mb.dispose(); }
   * ```
   */
  async dispose(): Promise<void> {
    const kernel = this.#kernel;
    this.#kernel = undefined;
    if (kernel && this.#ownsKernel) await kernel.dispose();
  }

  async #assignmentKernel(): Promise<AssignmentKernel> {
    if (this.#kernel === undefined) {
      // NOTE: work = Infinity: a stream's size is unknown up front, so 'auto' means ORT whenever it opens.
      const { kernel, owned } = await resolveKernel(this.options.kernel ?? 'ts', Infinity);
      this.#kernel = kernel;
      this.#ownsKernel = owned;
    }
    return this.#kernel;
  }

  /** Centres, k × D row-major. */
  get centers(): Float32Array { return this.#fitted(); }
  /** Rows each centre has absorbed (after reassignment resets). */
  get counts(): Float64Array { this.#fitted(); return this.#counts!; }
  /** Batches processed. */
  get steps(): number { return this.#steps; }
  /** Rows processed. */
  get rowsSeen(): number { return this.#rowsSeen; }

  /** Updates the centres with one chunk (split into batches of batchSize); resolves to this estimator. */
  async partialFit(chunk: Matrix): Promise<this> {
    if (chunk.rows === 0 || chunk.cols === 0) checkFinite(chunk, 'mini-batch chunk');
    const x = toFloat32(chunk);
    const kernel = await this.#assignmentKernel();
    // NOTE: the whole chunk is checked before any batch updates the centres (a bad chunk changes nothing);
    // the kernel's screen (ORT: one vectorised sum) spares the TypeScript loop unless something is off.
    if (!kernel.allFinite || !(await kernel.allFinite(x.data))) checkFinite(chunk, 'mini-batch chunk');
    const bs = this.options.batchSize ?? 1024;
    if (this.#centers === undefined) await this.#init(x, bs);
    else checkCols(x, this.#cols, 'partialFit');
    for (let start = 0; start < x.rows; start += bs) {
      const n = Math.min(bs, x.rows - start);
      await this.#step(x.data.subarray(start * x.cols, (start + n) * x.cols), n);
    }
    return this;
  }

  /**
   * Passes over a stream of chunks `epochs` times (default 1), stopping early when the smoothed batch inertia
   * stops improving. `chunks` is called once per epoch.
   *
   * @example
   * ```ts
   * await mb.fitStream(() => readShards(dir), { epochs: 2 });
   * ```
   */
  async fitStream(chunks: () => AsyncIterable<Matrix> | Iterable<Matrix>, o: { epochs?: number } = {}): Promise<this> {
    for (let e = 0; e < (o.epochs ?? 1); e++) {
      for await (const chunk of chunks()) {
        await this.partialFit(chunk);
        if (this.#stopped()) return this;
      }
    }
    if (this.#centers === undefined) throw new ClusterError('cluster/empty-input', 'fitStream: the stream held no chunks', { hint: 'check the feature store path' });
    return this;
  }

  /**
   * Nearest centre for each row.
   *
   * @example
   * ```ts
   * await mb.predict(x); // Int32Array(N)
   * ```
   */
  async predict(x: Matrix): Promise<Int32Array> {
    const centers = this.#fitted();
    checkFinite(x, 'predict input');
    checkCols(x, this.#cols, 'predict');
    const xf = toFloat32(x);
    const bound = await (await this.#assignmentKernel()).bind(xf.data, x.rows, x.cols);
    const labels = new Int32Array(x.rows);
    await bound.assign(centers, this.options.k, { labels, distances: new Float32Array(x.rows) });
    return labels;
  }

  async #init(x: Matrix<Float32Array>, bs: number): Promise<void> {
    const k = this.options.k;
    const n = Math.min(x.rows, this.options.initSize ?? 3 * bs);
    checkK(k, n, 'mini-batch k-means initialisation');
    const sample = x.data.subarray(0, n * x.cols);
    const bound = await (await this.#assignmentKernel()).bind(sample, n, x.cols);
    this.#centers = (await kmeansPlusPlus(sample, bound, x.cols, k, this.#rng)).centers;
    this.#counts = new Float64Array(k);
    this.#cols = x.cols;
  }

  async #step(batch: Float32Array, n: number): Promise<void> {
    const k = this.options.k;
    const d = this.#cols;
    const centers = this.#centers!;
    const counts = this.#counts!;
    // NOTE: no row norms passed: the TS kernel computes them, the ORT kernel in its graph (one pass fewer).
    const bound = await (await this.#assignmentKernel()).bind(batch, n, d);
    if (this.#scratch?.labels.length !== n) {
      this.#scratch = { labels: new Int32Array(n), distances: new Float32Array(n), sums: new Float64Array(k * d), counts: new Float64Array(k) };
    }
    const { distances, sums, counts: batchCounts } = this.#scratch;
    await bound.assign(centers, k, this.#scratch);
    for (let c = 0; c < k; c++) {
      const w = batchCounts[c]!;
      if (w === 0) continue;
      const old = counts[c]!;
      const total = old + w;
      const inv = 1 / total;
      for (let j = c * d; j < (c + 1) * d; j++) centers[j] = (centers[j]! * old + sums[j]!) * inv;
      counts[c] = total;
    }
    this.#sinceReassign += n;
    const ratio = this.options.reassignmentRatio ?? 0.01;
    if (ratio > 0 && (counts.some((c) => c === 0) || this.#sinceReassign >= 10 * k)) {
      this.#sinceReassign = 0;
      this.#reassign(batch, n, ratio);
    }
    let inertia = 0;
    for (let i = 0; i < n; i++) inertia += distances[i]!;
    this.#track(inertia / n, n);
    this.#steps += 1;
    this.#rowsSeen += n;
  }

  #reassign(batch: Float32Array, n: number, ratio: number): void {
    const counts = this.#counts!;
    const d = this.#cols;
    const max = Math.max(...counts);
    const reassign = Array.from(counts, (c) => c < ratio * max);
    const limit = Math.floor(0.5 * n);
    if (reassign.filter(Boolean).length > limit) {
      const order = Array.from(counts.keys()).sort((a, b) => counts[a]! - counts[b]!);
      for (const c of order.slice(limit)) reassign[c] = false;
    }
    const targets = reassign.flatMap((r, c) => (r ? [c] : []));
    if (targets.length === 0) return;
    const picks = this.#rng.permutation(n).subarray(0, targets.length);
    targets.forEach((c, i) => this.#centers!.set(batch.subarray(picks[i]! * d, (picks[i]! + 1) * d), c * d));
    const keep = Array.from(counts).filter((_, c) => !reassign[c]);
    const floor = keep.length > 0 ? Math.min(...keep) : 0;
    for (const c of targets) counts[c] = floor;
  }

  #track(batchInertia: number, n: number): void {
    const alpha = Math.min(1, (n * 2) / Math.max(this.#rowsSeen + n, 1));
    this.#ewaInertia = this.#ewaInertia === undefined ? batchInertia : this.#ewaInertia * (1 - alpha) + batchInertia * alpha;
    if (this.#ewaInertia < this.#bestEwa) { this.#bestEwa = this.#ewaInertia; this.#noImprovement = 0; }
    else this.#noImprovement += 1;
  }

  #stopped(): boolean {
    const limit = this.options.maxNoImprovement ?? 10;
    return limit > 0 && this.#noImprovement >= limit;
  }

  #fitted(): Float32Array {
    if (!this.#centers) throw new ClusterError('cluster/not-fitted', 'this MiniBatchKMeans has seen no data; call partialFit(chunk) first');
    return this.#centers;
  }
}
