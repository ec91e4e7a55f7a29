/**
 * `exportModel`: one ONNX file from a pretrained backbone cut at a feature tensor, a trained head and,
 * optionally, the preprocessing, so a client feeds raw pixels and reads class probabilities and features.
 */
import { cutAtTensor, findFeatureTensor, graphView, toLong, type Dim, type ModelProto, type PoolMode, type ValueInfoProto } from '@kenobi/onnx';
import type { Sequential } from '../model/sequential.js';
import { ExportError } from './export-error.js';
import { exportMetadataProps, KENOBI_VERSION, type ExportInfo, type ExportTask, type ImageStretch } from './export-metadata.js';
import { appendHead, type McDropoutForm } from './head-graph.js';
import { floatTensor, GraphPart, intAttribute } from './onnx-parts.js';
import { appendPreprocessing, type GraphPreprocessing } from './preprocessing-graph.js';

/** Options of {@link exportModel}. */
export interface ExportModelOptions {
  /** The pretrained model (decoded ModelProto, external data inlined). */
  readonly backbone: ModelProto;
  /** The feature tensor the head was trained on, or 'auto' (the tensor feeding the classifier). */
  readonly tensor: string;
  /** Global pooling of a feature map to [N, C]. Default: 'avg' (rank-2 tensors are left as they are). */
  readonly pool?: PoolMode;
  /** The tensor's rank, when static inference cannot tell it (see `cutAtTensor`). */
  readonly rank?: number;
  /** The trained head; its `inputs` must equal the feature width. */
  readonly head: Sequential;
  /** Default 'classification': the output is `probabilities`; 'regression' gives `prediction`. */
  readonly task?: ExportTask;
  /** Class names in column order (default '0', '1', ...). */
  readonly classes?: readonly string[];
  /** Put this preprocessing in the graph: the input becomes `pixels`, raw 0–255 RGB NCHW float. */
  readonly preprocessing?: GraphPreprocessing;
  /** Record this preprocessing in the metadata only (the client applies it); ignored with `preprocessing`. */
  readonly clientPreprocessing?: GraphPreprocessing;
  /** Keep the head's dropout random at inference (MC-dropout): run the model N times for mean ± std. */
  readonly mcDropout?: boolean;
  /** How the random dropout is written (default 'random-mask'; 'dropout-node' is random only with ORT's graph optimisation off). */
  readonly mcDropoutForm?: McDropoutForm;
  /** The interval/stretch/band order used for float images at extraction (recorded for clients). */
  readonly imageStretch?: ImageStretch;
  /** What to record about the backbone (zoo id, sha256). */
  readonly backboneId?: string;
  readonly backboneSha256?: string;
}

const MAIN_OUTPUT: Readonly<Record<ExportTask, string>> = Object.freeze({ classification: 'probabilities', regression: 'prediction' });

/**
 * Merges the backbone, cut at `tensor`, with `head` (and optional preprocessing) into one model with two
 * outputs: `probabilities` [N, K] (binary heads give [1 − p, p]) or `prediction`, and `features` [N, C].
 * With `mcDropout` the head's dropout stays random at inference (a RandomUniformLike mask: random on ORT
 * CPU and WASM at any optimisation level; WebGPU has no kernel for it, so ORT runs those few nodes on the
 * CPU). Each run is one MC sample.
 *
 * @example
 * ```ts
 * const merged = exportModel({ backbone: loadModelFile('densenet121.onnx'), tensor: 'auto', head, classes: ['non-lens', 'lens'],
 *   preprocessing: entry.preprocessing, mcDropout: true });
 * saveModelFile('lens-finder.onnx', merged); // inputs: pixels [N,3,224,224]; outputs: probabilities [N,2], features [N,1024]
 * ```
 */
export function exportModel(options: ExportModelOptions): ModelProto {
  const task = options.task ?? 'classification';
  const auto = options.tensor === 'auto' ? findFeatureTensor(options.backbone) : undefined;
  const tensor = auto?.name ?? options.tensor;
  const pool: PoolMode = options.pool ?? (auto && !auto.poolingNeeded ? 'none' : 'avg');
  const cut = cutAtTensor(options.backbone, tensor, { pool, ...(options.rank === undefined ? {} : { rank: options.rank }) });
  const view = graphView(cut);
  const graph = view.graph;
  const cutOutput = graph.output![0]!;
  const cutDims = dimsOf(cutOutput);
  const width = cutDims?.[1];
  const head = options.head;
  if (typeof width === 'number' && width !== head.inputs) {
    throw new ExportError('learn/export-width', `the head takes ${head.inputs} features but '${tensor}'${pool !== 'none' ? ` (${pool}-pooled)` : ''} gives ${width}`, {
      hint: 'export with the tensor and pooling the features were extracted with',
    });
  }
  const opset = view.opsets.get('') ?? view.opsets.get('ai.onnx') ?? 13;
  const taken = new Set<string>([...view.tensorNames, ...view.nodes.map((n) => n.name ?? '')]);
  const mainName = MAIN_OUTPUT[task];
  for (const reserved of [mainName, 'features', ...(options.preprocessing ? ['pixels'] : [])]) {
    if (taken.has(reserved) && reserved !== cutOutput.name) {
      throw new ExportError('learn/export-name', `the backbone already has a tensor named '${reserved}', which the exported model needs`, { hint: 'rename it in the backbone first' });
    }
  }
  const batchDim: Dim = cutDims?.[0] ?? 'N';

  // preprocessing: pixels → the backbone's input
  const pre = new GraphPart('kenobi_pre/', taken);
  let input = view.inputs.find((i) => !view.initializers.has(i.name ?? ''))!;
  let inputs = graph.input ?? [];
  if (options.preprocessing) {
    appendPreprocessing(pre, options.preprocessing, 'pixels', input.name!);
    const raw: ValueInfoProto = { ...input, name: 'pixels' };
    inputs = inputs.map((i) => (i === input ? raw : i));
    input = raw;
  }

  // head: features → main output
  const part = new GraphPart('kenobi_head/', [...taken, ...pre.nodes.flatMap((n) => [n.name ?? '', ...(n.output ?? [])]), 'features', mainName, 'pixels']);
  const features = cutOutput.name === 'features' ? 'features' : part.add('Identity', 'features', [cutOutput.name!], [], 'features');
  const appended = appendHead(part, head, { input: features, mcDropout: options.mcDropout ?? false, opset, ...(options.mcDropoutForm ? { mcDropoutForm: options.mcDropoutForm } : {}) });
  const classes = options.classes ?? (task === 'classification' ? Array.from({ length: head.outputs === 1 ? 2 : head.outputs }, (_, i) => String(i)) : []);
  const outWidth = appendOutput(part, task, appended.output, appended.lastLayer, head.outputs, mainName);
  if (task === 'classification' && classes.length !== outWidth) {
    throw new ExportError('learn/export-unsupported', `${classes.length} class names for ${outWidth} output columns`, { hint: 'pass one name per class' });
  }

  const mcRates = options.mcDropout ? head.layers.filter((l) => l.type === 'dropout').map((l) => (l as unknown as { rate: number }).rate).filter((r) => r > 0) : [];
  const preprocessing = options.preprocessing ?? options.clientPreprocessing ?? null;
  const info: ExportInfo = {
    kenobiVersion: KENOBI_VERSION,
    task,
    classes,
    input: { name: input.name!, dims: dimsOf(input) ?? [], expects: options.preprocessing ? 'raw-pixels' : 'normalised' },
    outputs: { main: mainName, features: 'features', featureWidth: head.inputs },
    preprocessing,
    preprocessingInGraph: options.preprocessing !== undefined,
    image: options.imageStretch ?? {},
    backbone: { ...(options.backboneId ? { id: options.backboneId } : {}), ...(options.backboneSha256 ? { sha256: options.backboneSha256 } : {}), tensor, pool },
    head: { layers: head.layers.map((l) => l.type), inputs: head.inputs, outputs: head.outputs },
    mcDropout: {
      enabled: appended.dropoutNodes.length > 0,
      nodes: appended.dropoutNodes,
      rates: mcRates,
      note: appended.dropoutNodes.length > 0
        ? (options.mcDropoutForm === 'dropout-node'
          ? "Dropout nodes with training_mode=true: random only in sessions with graphOptimizationLevel 'disabled' (ORT's EliminateDropout removes them otherwise); no WebGPU kernel (CPU fallback)"
          : 'random mask (RandomUniformLike): random on ONNX Runtime CPU and WASM, one MC sample per run; WebGPU has no kernel for it, so ORT runs these nodes on the CPU')
        : 'off: dropout is left out (deterministic)',
    },
  };
  const kept = (options.backbone.metadata_props ?? []).filter((p) => !(p.key ?? '').startsWith('kenobi.'));
  return {
    ...cut,
    producer_name: 'kenobi',
    producer_version: KENOBI_VERSION,
    doc_string: `Kenobi export: ${options.backboneId ?? 'backbone'} cut at '${tensor}' (${pool}) + ${head.layers.map((l) => l.type).join('-')} head`,
    metadata_props: [...kept, ...exportMetadataProps(info)],
    graph: {
      ...graph,
      input: inputs,
      node: [...pre.nodes, ...(graph.node ?? []), ...part.nodes],
      initializer: [...pre.initializers, ...(graph.initializer ?? []), ...part.initializers],
      output: [floatOutput(mainName, [batchDim, outWidth]), floatOutput('features', [batchDim, head.inputs])],
    },
  };
}

/** Adds the nodes that turn the head's raw output into `name`; returns its width. */
function appendOutput(part: GraphPart, task: ExportTask, x: string, last: string, outputs: number, name: string): number {
  if (task === 'regression') {
    part.add('Identity', name, [x], [], name);
    return outputs;
  }
  if (outputs === 1) {
    const p = last === 'sigmoid' ? x : part.add('Sigmoid', 'sigmoid', [x]);
    const one = part.initializer('one', (n) => floatTensor(n, [1], []));
    const q = part.add('Sub', 'one_minus_p', [one, p]);
    part.add('Concat', name, [q, p], [intAttribute('axis', 1)], name);
    return 2;
  }
  if (last === 'softmax' || last === 'sigmoid') part.add('Identity', name, [x], [], name);
  else part.add('Softmax', name, [x], [intAttribute('axis', 1)], name);
  return outputs;
}

function dimsOf(v: ValueInfoProto): Dim[] | undefined {
  const dims = v.type?.tensor_type?.shape?.dim;
  if (!dims) return undefined;
  return dims.map((d) => (d.dim_param ? d.dim_param : d.dim_value !== undefined && d.dim_value !== null ? Number(d.dim_value) : '?'));
}

function floatOutput(name: string, dims: readonly Dim[]): ValueInfoProto {
  return {
    name,
    type: { tensor_type: { elem_type: 1, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: toLong(d) } : d === '?' ? {} : { dim_param: d })) } } },
  };
}
