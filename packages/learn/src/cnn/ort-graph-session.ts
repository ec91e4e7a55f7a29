/**
 * One ORT session for one compiled graph, with the weight inputs bound once: each weight tensor wraps the
 * param's own Float32Array, so in-place optimizer updates reach the next run with no copy (onnxruntime-node
 * reads the array at run time; onnxruntime-web copies inputs into WASM memory on each run in any case).
 */
import { encodeModel, type ModelProto } from '@kenobi/onnx';
import { createSession, type KenobiSession } from '@kenobi/runtime';
import type { Buffer, Param } from '../layers/layer.js';
import type { GradientForms } from '@kenobi/autodiff';
import type { TrainerDevice } from './trainer-options.js';
import { lowerConvsToNchwc, type NchwcBlockSize } from './nchwc-lowering.js';
import { nchwcSupport } from './nchwc-support.js';
import { envVar } from '@kenobi/core';

/** An ORT tensor of the session's package (onnxruntime-node or -web). */
export type OrtTensor = ReturnType<KenobiSession['tensor']>;

/**
 * A session and its bound weight feeds.
 *
 * @example
 * ```ts
 * const s = await openGraphSession(plan.model, plan.weights, 'cpu');
 * await s.dispose();
 * ```
 */
export interface GraphSession {
  readonly session: KenobiSession;
  /** Weight input name → tensor over the param's or buffer's array. */
  readonly weightFeeds: Readonly<Record<string, OrtTensor>>;
  /**
   * Output name → what `run` should fetch it into: the gradients' tensors over their params' `grad` arrays where
   * the runtime writes outputs into given buffers (onnxruntime-node), null (ORT allocates) for every other
   * output; undefined elsewhere (the caller copies the gradients out). See {@link bindGradients}.
   */
  readonly fetches?: Readonly<Record<string, OrtTensor | null>>;
  /** How many Convs run on ORT's NCHWc kernels (0 off onnxruntime-node CPU), and why the others do not. */
  readonly nchwc: { readonly lowered: number; readonly kept: readonly { readonly node: string; readonly why: string }[]; readonly why?: string };
  dispose(): Promise<void>;
}

/** Options of {@link openGraphSession}. @example `{ nchwc: false }` */
export interface GraphSessionOptions {
  /**
   * Run eligible Convs on onnxruntime-node CPU's blocked-layout kernels (`nchwc-lowering.ts`). Default: on,
   * unless the environment sets `KENOBI_NCHWC=0`; only ever applied on device 'cpu' after the canary passed.
   */
  readonly nchwc?: boolean;
  /**
   * Gradient output → the param whose `grad` array it is written into by the run itself (onnxruntime-node only;
   * see {@link GraphSession.fetches}). Default: none.
   */
  readonly gradients?: readonly { readonly output: string; readonly param: Param }[];
}

/**
 * Whether a graph session's run wrote the gradients into the params' `grad` arrays (so the step copies nothing).
 * NOTE: onnxruntime-node binds a preallocated output's buffer as the output OrtValue, so the kernel that makes
 * the gradient writes into `grad` directly: no ORT-side output allocation, no copy into a new JavaScript
 * buffer, no copy from it into `grad` (ResNet-18 layer4 step, 8.9 M gradients: ~2 ms of copies and ~5–15 ms
 * of CPU per step, docs/benchmarks/train-autodiff.md). onnxruntime-web copies WASM outputs in any case, so
 * there the step copies as before ({@link copyGradients}).
 *
 * @example
 * ```ts
 * bindGradients(await openGraphSession(plan.model, plan.weights, 'cpu', 1, { gradients: plan.gradients })); // true
 * ```
 */
export function bindGradients(s: GraphSession): boolean {
  return s.fetches !== undefined;
}

/**
 * One run of a training graph: every output, the gradients written in place where {@link bindGradients}.
 *
 * @example
 * ```ts
 * const out = await runGraph(s, feeds);
 * copyGradients(s, out, plan.gradients);
 * ```
 */
export async function runGraph(s: GraphSession, feeds: Readonly<Record<string, OrtTensor>>): Promise<Record<string, OrtTensor>> {
  const out = s.fetches ? await s.session.session.run(feeds, s.fetches) : await s.session.session.run(feeds);
  return out as Record<string, OrtTensor>;
}

/**
 * Copies each gradient output of `out` into its param's `grad` array, unless the run wrote them there already.
 *
 * @example
 * ```ts
 * copyGradients(s, await runGraph(s, feeds), plan.gradients);
 * ```
 */
export function copyGradients(s: GraphSession, out: Readonly<Record<string, OrtTensor>>, gradients: readonly { readonly output: string; readonly param: Param }[]): void {
  if (bindGradients(s)) return;
  for (const g of gradients) g.param.grad.set(out[g.output]!.data as Float32Array);
}

/**
 * Opens `model` on `device` and binds `weights`.
 *
 * @example
 * ```ts
 * const s = await openGraphSession(plan.model, plan.weights, 'cpu', 2);
 * const out = await s.session.session.run({ ...s.weightFeeds, input: s.session.tensor(x, [n, 3, 64, 64]) });
 * ```
 */
export async function openGraphSession(model: ModelProto, weights: ReadonlyMap<string, Param | Buffer>, device: TrainerDevice, threads?: number, options: GraphSessionOptions = {}): Promise<GraphSession> {
  const nchwc = await nchwcPlan(model, device, options);
  const session = await createSession(encodeModel(nchwc.model), {
    device,
    sessionOptions: {
      ...(threads === undefined ? {} : { intraOpNumThreads: threads, interOpNumThreads: 1 }),
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      // NOTE: measured on the seeds' CNN (batch 64) and ResNet-18 layer4 training graphs, 2 threads
      // (docs/benchmarks/cnn.md, train-autodiff.md). Without ORT's memory pattern (one preplanned block per
      // input shape, on top of the arena) peak RSS fell 1273 → 775 MB and 530 → 434 MB at the same time per
      // step. Intra-op threads do not spin: a step is a few long kernels, so waking a thread costs nothing
      // next to them, while spinning burnt ~30% more CPU per step on a loaded 2-core machine (seeds' CNN:
      // 2400 → 1706 ms CPU, wall 6144 → 4650 ms). Both hold for the inference graphs as well.
      enableMemPattern: false,
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    },
  });
  const weightFeeds: Record<string, OrtTensor> = {};
  for (const [name, p] of weights) weightFeeds[name] = session.tensor(p.value as Float32Array, p.shape);
  let fetches: Record<string, OrtTensor | null> | undefined;
  const bindable = (options.gradients ?? []).every((g) => g.param.grad instanceof Float32Array);
  if (options.gradients && options.gradients.length > 0 && bindable && session.ortPackage === 'onnxruntime-node') {
    fetches = Object.fromEntries(session.outputNames.map((o) => [o, null]));
    for (const g of options.gradients) fetches[g.output] = session.tensor(g.param.grad as Float32Array, g.param.shape);
  }
  return {
    session,
    weightFeeds,
    ...(fetches ? { fetches } : {}),
    nchwc: { lowered: nchwc.lowered, kept: nchwc.kept, ...(nchwc.why ? { why: nchwc.why } : {}) },
    async dispose(): Promise<void> {
      for (const t of Object.values(weightFeeds)) t.dispose();
      for (const t of Object.values(fetches ?? {})) t?.dispose();
      await session.dispose();
    },
  };
}

/**
 * The gradient-form choices for graphs that {@link openGraphSession} will open on `device`: on onnxruntime-node
 * CPU with NCHWc kernels (see {@link GraphSessionOptions.nchwc}) the flipped-kernel data gradient pays from 16
 * channels on (the lowered Conv beats ConvTranspose there); elsewhere autodiff's defaults.
 *
 * @example
 * ```ts
 * const plan = compileTrainingGraph(model, 'binaryCrossEntropy', await gradientFormsFor('cpu'));
 * ```
 */
export async function gradientFormsFor(device: TrainerDevice, options: GraphSessionOptions = {}): Promise<Partial<GradientForms>> {
  return 'blockSize' in (await nchwcBlockSize(device, options)) ? { flippedConvMinChannels: 16 } : {};
}

/** The one NCHWc decision both {@link gradientFormsFor} and {@link openGraphSession} follow: a block size, or why not. */
async function nchwcBlockSize(device: TrainerDevice, options: GraphSessionOptions): Promise<{ blockSize: NchwcBlockSize } | { why: string }> {
  if (options.nchwc === false || envVar('KENOBI_NCHWC') === '0') return { why: 'turned off' };
  if (device !== 'cpu') return { why: `device ${device}` };
  const support = await nchwcSupport();
  return support.ok ? { blockSize: support.blockSize } : { why: support.why };
}

async function nchwcPlan(model: ModelProto, device: TrainerDevice, options: GraphSessionOptions): Promise<{ model: ModelProto; lowered: number; kept: { node: string; why: string }[]; why?: string }> {
  const decision = await nchwcBlockSize(device, options);
  if (!('blockSize' in decision)) return { model, lowered: 0, kept: [], why: decision.why };
  const l = lowerConvsToNchwc(model, decision.blockSize);
  return { model: l.model, lowered: l.lowered.length, kept: [...l.kept] };
}
