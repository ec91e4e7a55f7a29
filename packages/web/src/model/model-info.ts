/**
 * What the app needs to know about a model before running it: its image input, its probability output,
 * its class names and preprocessing (from `metadata_props`), and whether it has MC-dropout. Pure TypeScript.
 */
import { decodeModel, tensorToNumbers, type ModelProto, type NodeProto } from '@kenobi/onnx';
import type { PreprocessingConfig } from '@kenobi/imaging';
import { WebError } from '../web-error.js';
import { FEATURES_OUTPUT, MODEL_METADATA_KEYS, PROBABILITY_OUTPUTS } from './metadata-keys.js';

/** How an image becomes model input: the model's config plus the interval/stretch the head was trained with. */
export interface ImagePreparation {
  readonly config: PreprocessingConfig;
  /** Interval for float (FITS) images, e.g. 'zscale' (default 'minmax', as `prepareImage` in Node). */
  readonly interval?: string;
  /** Stretch after the interval, e.g. 'asinh' (default 'linear'). */
  readonly stretch?: string;
  /** Which band becomes model channel k, by band name or index (default SDSS i, r, g for g, r, i). */
  readonly bandOrder?: readonly (string | number)[];
}

/** What {@link readModelInfo} finds. */
export interface ModelInfo {
  readonly inputName: string;
  /** Declared input dims (`N` or strings for symbolic ones), e.g. ['N', 3, 64, 64]. */
  readonly inputDims: readonly (number | string)[];
  /** The output holding class probabilities. */
  readonly probabilityOutput: string;
  /** 'features' when the model exposes it. */
  readonly featuresOutput?: string;
  readonly classes: readonly string[];
  readonly preparation: ImagePreparation;
  /** True when the preprocessing came from metadata (false: guessed from the input shape). */
  readonly preparationFromMetadata: boolean;
  /** The random nodes of MC-dropout (from `kenobi.export`, or Dropout nodes with `training_mode = true`). */
  readonly mcDropoutNodes: readonly string[];
  /**
   * For a Kenobi export with MC-dropout: the tensor (`features`) before which nothing is random, so the
   * model can be split there (`splitAtTensor`) and the backbone run once per image, the head per sample.
   */
  readonly splitTensor?: string;
  /** Ops of the model with no WebGPU kernel (they run on the CPU/WASM provider when the session is WebGPU). */
  readonly cpuOnlyOps: readonly string[];
  readonly metadata: Readonly<Record<string, string>>;
}

/** Ops ONNX Runtime has no WebGPU kernel for (FINDINGS.md; the random ops of MC-dropout masks). */
const NO_WEBGPU_KERNEL = Object.freeze(['Dropout', 'LRN', 'RandomUniformLike', 'RandomUniform', 'RandomNormalLike', 'RandomNormal', 'Bernoulli']);

/**
 * Reads an ONNX model's bytes (or decoded proto) into a {@link ModelInfo}.
 *
 * @example
 * ```ts
 * const info = readModelInfo(new Uint8Array(await (await fetch('/model.onnx')).arrayBuffer()));
 * info.classes;             // ['non-lens', 'lens']
 * info.preparation.config;  // { inputSize: [64, 64], ... }
 * info.mcDropoutNodes;      // ['head_dropout'] when exported with --mc-dropout
 * info.splitTensor;         // 'features' then: run the backbone once, the head per sample
 * ```
 */
export function readModelInfo(model: Uint8Array | ModelProto): ModelInfo {
  const proto = model instanceof Uint8Array ? decodeModel(model, { source: 'the dropped model' }) : model;
  const graph = proto.graph;
  if (!graph) throw new WebError('web/model', 'the model has no graph');
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? ''));
  const input = inputs[0];
  const dims = (input?.type?.tensor_type?.shape?.dim ?? []).map((d) => (d.dim_param ? d.dim_param : d.dim_value != null ? Number(d.dim_value) : '?'));
  if (!input || dims.length !== 4) {
    throw new WebError('web/model', `the model's input ${input ? `'${input.name}' has shape [${dims.join(', ')}]` : 'is missing'}; the app needs an image input [N, C, H, W]`, {
      hint: 'export the model with `kenobi export` (an image backbone + head)',
    });
  }
  const outputNames = (graph.output ?? []).map((o) => o.name ?? '');
  const metadata: Record<string, string> = {};
  for (const p of proto.metadata_props ?? []) if (p.key) metadata[p.key] = p.value ?? '';
  const exported = parseJson<ExportedInfo>(metadata[MODEL_METADATA_KEYS.export], MODEL_METADATA_KEYS.export);

  const probabilityOutput = [exported?.outputs?.main, ...PROBABILITY_OUTPUTS].find((n) => n !== undefined && outputNames.includes(n)) ?? outputNames.find((n) => n !== FEATURES_OUTPUT);
  if (!probabilityOutput) throw new WebError('web/model', `the model has no output besides '${FEATURES_OUTPUT}'`);
  const nodes = graph.node ?? [];
  const parsed = exported ? fromExportInfo(exported, dims) : parsePreparation(metadata[MODEL_METADATA_KEYS.preprocessing] ?? metadata.preprocessing);
  const mcFromExport = exported?.mcDropout?.enabled ? exported.mcDropout.nodes ?? ['mc-dropout'] : [];
  const featuresName = exported?.outputs?.features ?? FEATURES_OUTPUT;
  const splitTensor = mcFromExport.length > 0 && outputNames.includes(featuresName) ? featuresName : undefined;
  return Object.freeze({
    inputName: input.name ?? '',
    inputDims: dims,
    probabilityOutput,
    ...(outputNames.includes(FEATURES_OUTPUT) ? { featuresOutput: FEATURES_OUTPUT } : {}),
    ...(splitTensor ? { splitTensor } : {}),
    classes: exported?.classes ? [...exported.classes] : parseClasses(metadata[MODEL_METADATA_KEYS.classes] ?? metadata.classes) ?? [],
    preparation: parsed ?? guessPreparation(dims),
    preparationFromMetadata: parsed !== undefined,
    mcDropoutNodes: mcFromExport.length ? mcFromExport : nodes.filter((n) => n.op_type === 'Dropout' && trainingModeIsOn(n, proto)).map((n) => n.name || n.output?.[0] || 'Dropout'),
    cpuOnlyOps: [...new Set(nodes.map((n) => n.op_type ?? '').filter((op) => NO_WEBGPU_KERNEL.includes(op)))],
    metadata: Object.freeze(metadata),
  });
}

/** The part of `kenobi.export` (written by `exportModel` in `@kenobi/learn`) the app reads. */
interface ExportedInfo {
  readonly classes?: readonly string[];
  readonly input?: { readonly name?: string; readonly expects?: 'raw-pixels' | 'normalised' };
  readonly outputs?: { readonly main?: string; readonly features?: string };
  readonly preprocessing?: (Partial<PreprocessingConfig> & Record<string, unknown>) | null;
  readonly preprocessingInGraph?: boolean;
  readonly image?: { readonly interval?: string; readonly stretch?: string; readonly bandOrder?: readonly (string | number)[] };
  readonly mcDropout?: { readonly enabled?: boolean; readonly nodes?: readonly string[] };
}

/** The preparation an exported model asks for; with the preprocessing in the graph, raw 0–255 RGB pixels. */
function fromExportInfo(e: ExportedInfo, dims: readonly (number | string)[]): ImagePreparation | undefined {
  if (!e.preprocessing) return undefined;
  const guessed = guessPreparation(dims).config;
  const p = e.preprocessing;
  const channels = (p.mean?.length ?? guessed.channels) as number;
  const config: PreprocessingConfig = {
    ...guessed,
    ...(p as Partial<PreprocessingConfig>),
    channels,
    inputSize: (p.inputSize ?? guessed.inputSize) as [number, number],
    resize: p.resize ?? 'exact',
    crop: p.crop ?? 'none',
    layout: 'NCHW',
    ...(e.preprocessingInGraph
      // NOTE: the graph scales, normalises and reorders channels itself: feed it 0–255 RGB.
      ? { scale: '0-255' as const, mean: new Array<number>(channels).fill(0), std: new Array<number>(channels).fill(1), channelOrder: 'RGB' as const }
      : { scale: p.scale ?? '0-1', mean: p.mean ?? guessed.mean, std: p.std ?? guessed.std, channelOrder: p.channelOrder ?? 'RGB' }),
  };
  const image = e.image ?? {};
  return Object.freeze({
    config,
    ...(image.interval ? { interval: image.interval } : {}),
    ...(image.stretch ? { stretch: image.stretch } : {}),
    ...(image.bandOrder ? { bandOrder: image.bandOrder } : {}),
  });
}

function parseJson<T>(text: string | undefined, key: string): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new WebError('web/model', `the model's ${key} metadata is not JSON`, { cause: e });
  }
}

/**
 * Class names for `count` outputs: the model's own, else `class 0`, `class 1`, ...
 *
 * @example
 * ```ts
 * classNames({ classes: [] } as unknown as ModelInfo, 2); // ['class 0', 'class 1']
 * ```
 */
export function classNames(info: Pick<ModelInfo, 'classes'>, count: number): string[] {
  return Array.from({ length: count }, (_, k) => info.classes[k] ?? `class ${k}`);
}

function parseClasses(text: string | undefined): string[] | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v)) return v.map(String);
  } catch {
    // NOTE: not JSON: a comma-separated list is accepted too.
  }
  return text.split(',').map((s) => s.trim());
}

function parsePreparation(text: string | undefined): ImagePreparation | undefined {
  const v = parseJson<Record<string, unknown> | null>(text, MODEL_METADATA_KEYS.preprocessing);
  if (!v) return undefined;
  const config = (v.config ?? v) as PreprocessingConfig;
  if (!Array.isArray(config.inputSize) || !Array.isArray(config.mean)) return undefined;
  return Object.freeze({
    config,
    ...(typeof v.interval === 'string' ? { interval: v.interval } : {}),
    ...(typeof v.stretch === 'string' ? { stretch: v.stretch } : {}),
    ...(Array.isArray(v.bandOrder) ? { bandOrder: v.bandOrder as (string | number)[] } : {}),
  });
}

/** Without metadata: the input's size and channels, [0, 1] pixels, no mean/std. */
function guessPreparation(dims: readonly (number | string)[]): ImagePreparation {
  const [, c, h, w] = dims;
  const config: PreprocessingConfig = {
    inputSize: [typeof h === 'number' && h > 0 ? h : 224, typeof w === 'number' && w > 0 ? w : 224],
    channels: typeof c === 'number' && c > 0 ? c : 3,
    resize: 'exact', crop: 'none', scale: '0-1', mean: [], std: [], channelOrder: 'RGB', layout: 'NCHW',
  };
  const channels = config.channels!;
  return Object.freeze({ config: { ...config, mean: new Array<number>(channels).fill(0), std: new Array<number>(channels).fill(1) } });
}

/** True when the node's third input (training_mode) is a constant true. */
function trainingModeIsOn(node: NodeProto, model: ModelProto): boolean {
  const name = node.input?.[2];
  if (!name) return false;
  const init = model.graph?.initializer?.find((t) => t.name === name);
  if (init) return tensorToNumbers(init).some((x) => x !== 0);
  const constant = model.graph?.node?.find((n) => n.op_type === 'Constant' && n.output?.[0] === name);
  const value = constant?.attribute?.find((a) => a.name === 'value')?.t;
  return value ? tensorToNumbers(value).some((x) => x !== 0) : true;
}
