/**
 * The session `createSession` returns: the ORT session, what it runs on, every attempt that led there, and a
 * small run API over plain typed arrays so callers never mix tensors of onnxruntime-node and -web.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { ConcreteDevice, Device, OrtPackage, Provider } from './devices.js';
import type { OrtModule } from './ort-module.js';
import { RuntimeError } from './runtime-error.js';
import { formatAttempts, type SessionAttempt } from './session-attempt.js';
import { arrayTensor, type TensorInput } from './tensor-input.js';

/** Typed arrays ORT tensors can hold. @example `const data: TensorData = new Float32Array(784)` */
export type TensorData = Float32Array | Int32Array | BigInt64Array | Uint8Array | Int8Array | Float64Array | Uint16Array | Int16Array;

/** A tensor as plain data: a typed array and its dims (row-major). @example `const x: ArrayTensor = { data: new Float32Array(784), dims: [1, 1, 28, 28] }` */
export interface ArrayTensor {
  readonly data: TensorData;
  readonly dims: readonly number[];
}

/** One input's declared shape: numbers are fixed, strings symbolic, null unknown. @example `session.inputShape() // ['N', 3, 224, 224]` */
export type DeclaredShape = readonly (number | string | null)[];

/**
 * A running model. Make it with `createSession`; call `dispose()` (or use `await using`) when done.
 *
 * @example
 * ```ts
 * await using s = await createSession(bytes, { device: 'auto' });
 * console.log(s.report());                       // device auto -> cpu (cpu on onnxruntime-node) ...
 * const out = await s.run({ [s.inputNames[0]!]: { data: x, dims: [1, 3, 224, 224] } });
 * out[s.outputNames[0]!]!.dims;                  // [1, 1000]
 * ```
 */
export class KenobiSession implements AsyncDisposable {
  readonly session: InferenceSession;
  readonly requested: Device;
  readonly device: ConcreteDevice;
  readonly provider: Provider;
  readonly ortPackage: OrtPackage;
  readonly ortVersion: string;
  readonly attempts: readonly SessionAttempt[];
  readonly #ort: OrtModule;
  #disposed = false;

  constructor(init: {
    session: InferenceSession; ort: OrtModule; requested: Device; device: ConcreteDevice; provider: Provider;
    ortPackage: OrtPackage; ortVersion: string; attempts: readonly SessionAttempt[];
  }) {
    this.session = init.session;
    this.#ort = init.ort;
    this.requested = init.requested;
    this.device = init.device;
    this.provider = init.provider;
    this.ortPackage = init.ortPackage;
    this.ortVersion = init.ortVersion;
    this.attempts = Object.freeze([...init.attempts]);
  }

  /** The model's input names. */
  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  /** The model's output names. */
  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** True after `dispose()`. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * The declared shape of an input (default: the first), as ORT reads it from the model.
   *
   * @example
   * ```ts
   * s.inputShape(); // [1, 1, 28, 28] for mnist-8, ['N', 3, 224, 224] for a dynamic-batch model
   * ```
   */
  inputShape(name: string = this.inputNames[0] ?? ''): DeclaredShape | undefined {
    const meta = (this.session.inputMetadata ?? []).find((m) => m.name === name);
    if (!meta || !meta.isTensor) return undefined;
    return meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : typeof d === 'string' && d !== '' ? d : null));
  }

  /**
   * A tensor of this session's ORT package (use it with `session.run` directly). Views are not copied.
   *
   * @example
   * ```ts
   * const t = s.tensor(new Float32Array(784), [1, 1, 28, 28]);
   * ```
   */
  tensor(data: TensorData, dims: readonly number[]): Tensor {
    this.#check();
    return new this.#ort.Tensor(data as Float32Array, dims);
  }

  /**
   * Runs once on plain arrays; returns the requested outputs (default: all) as plain arrays. Every ORT
   * tensor made or returned here is disposed before it resolves. A feed is `{ data, dims }` or any strided
   * view (in Node a scijs `ndarray`, transposed or sliced: read in C order); `asNdarray(out[name])` of
   * `@kenobi/runtime` in Node gives an output back as one.
   *
   * @example
   * ```ts
   * const out = await s.run({ Input3: { data: new Float32Array(784), dims: [1, 1, 28, 28] } });
   * out.Plus214_Output_0!.dims; // [1, 10]
   * await s.run({ Input3: ndarray(nhwc, [1, 28, 28, 1]).transpose(0, 3, 1, 2) }); // the same, from NHWC memory
   * ```
   */
  async run(feeds: Readonly<Record<string, TensorInput>>, outputNames?: readonly string[]): Promise<Record<string, ArrayTensor>> {
    this.#check();
    const inputs: Record<string, Tensor> = {};
    for (const [name, x] of Object.entries(feeds)) {
      const t = arrayTensor(x, `input '${name}'`);
      inputs[name] = this.tensor(t.data, t.dims);
    }
    let results: InferenceSession.OnnxValueMapType | undefined;
    try {
      results = outputNames ? await this.session.run(inputs, [...outputNames]) : await this.session.run(inputs);
      const out: Record<string, ArrayTensor> = {};
      for (const [name, value] of Object.entries(results)) {
        const t = value as Tensor;
        // NOTE: for CPU-located outputs `data` is a JS-owned typed array; dispose() only drops ORT's reference.
        out[name] = { data: (t.location === 'cpu' || t.location === 'cpu-pinned' ? t.data : await t.getData()) as TensorData, dims: [...t.dims] };
      }
      return out;
    } finally {
      for (const t of Object.values(inputs)) t.dispose();
      for (const v of Object.values(results ?? {})) (v as Tensor).dispose?.();
    }
  }

  /**
   * The attempts as printable lines.
   *
   * @example
   * ```ts
   * console.log(s.report()); // device auto -> cpu (cpu on onnxruntime-node) + one line per attempt
   * ```
   */
  report(): string {
    return formatAttempts(this.requested, this.attempts);
  }

  /**
   * Releases the ORT session. Safe to call twice.
   *
   * @example
   * ```ts
   * await s.dispose(); s.disposed; // true
   * ```
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.session.release();
  }

  /** `await using s = await createSession(...)` disposes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  #check(): void {
    if (this.#disposed) throw new RuntimeError('runtime/disposed', 'this session was disposed; create a new one with createSession');
  }
}
