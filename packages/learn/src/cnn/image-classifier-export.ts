/**
 * An image classifier as one ONNX file that `kenobi predict`, the browser app and onnxruntime in Python run
 * like an exported backbone + head: optional preprocessing in the graph (input `pixels`, raw 0–255 RGB NCHW
 * float), output `probabilities` [N, K] (a one-output sigmoid model gives [1 − p, p]) and `features` (the
 * input of the last dense layer), with the same `kenobi.export` metadata (classes, preprocessing, image
 * stretch) as `exportModel` writes, plus `kenobi.image-model`.
 */
import { toLong, type ModelProto, type ValueInfoProto } from '@kenobi/onnx';
import { exportMetadataProps, KENOBI_VERSION, type ExportInfo, type ImageStretch } from '../export/export-metadata.js';
import { ExportError } from '../export/export-error.js';
import { floatTensor, GraphPart, intAttribute } from '../export/onnx-parts.js';
import { appendPreprocessing, type GraphPreprocessing } from '../export/preprocessing-graph.js';
import { shapeSize } from './activation-shape.js';
import { exportImageModel, IMAGE_EXPORT_KEY } from './image-onnx-export.js';
import type { ImageModel } from './image-model.js';

/**
 * Options of {@link exportImageClassifier}.
 *
 * @example
 * ```ts
 * const o: ImageClassifierExportOptions = { classes: ['lens', 'non-lens'], preprocessing: config, inGraph: true };
 * ```
 */
export interface ImageClassifierExportOptions {
  /** Class names in output order (two for a one-output sigmoid model). */
  readonly classes: readonly string[];
  /** The model's preprocessing config (recorded for clients; with `inGraph`, its scale/mean/std become nodes). */
  readonly preprocessing: GraphPreprocessing & Readonly<Record<string, unknown>>;
  /** Put scale/mean/std in the graph: the input becomes `pixels`, raw 0–255 RGB. Default false. */
  readonly inGraph?: boolean;
  /** How float images were stretched to pixels in training (`kenobi train --interval/--stretch/--band-order`). */
  readonly imageStretch?: ImageStretch;
  /** What to record as the architecture (e.g. 'seeds-cnn'). */
  readonly arch?: string;
}

/**
 * The classifier `model` as a standalone ONNX model with Kenobi's export metadata.
 *
 * @example
 * ```ts
 * const proto = exportImageClassifier(model, { classes: ['lens', 'non-lens'], preprocessing: config, inGraph: true, arch: 'seeds-cnn' });
 * // inputs: pixels [N, 3, 64, 64] (0–255); outputs: probabilities [N, 2], features [N, 64]
 * ```
 */
export function exportImageClassifier(model: ImageModel, options: ImageClassifierExportOptions): ModelProto {
  const base = exportImageModel(model, { classes: options.classes });
  const graph = base.graph!;
  const k = model.outputs;
  const width = Math.max(2, k);
  if (options.classes.length !== width) throw new ExportError('learn/export-unsupported', `${options.classes.length} class names for ${width} output columns`, { hint: 'pass one name per class' });
  if (k === 1 && model.finalActivation !== 'sigmoid') throw new ExportError('learn/export-unsupported', 'a one-output classifier must end in sigmoid() to export probabilities');
  if (k > 1 && model.finalActivation !== 'softmax') throw new ExportError('learn/export-unsupported', `a ${k}-output classifier must end in softmax() to export probabilities`);
  const taken = new Set<string>([...(graph.node ?? []).flatMap((n) => [n.name ?? '', ...(n.output ?? []), ...(n.input ?? [])]), ...(graph.initializer ?? []).map((t) => t.name ?? '')]);
  const input = graph.input![0]!;
  const pre = new GraphPart('kenobi_pre/', taken);
  if (options.inGraph) appendPreprocessing(pre, options.preprocessing, 'pixels', input.name!);
  const post = new GraphPart('kenobi_out/', [...taken, ...pre.nodes.flatMap((n) => n.output ?? []), 'pixels', 'probabilities', 'features']);
  const p = graph.output![0]!.name!;
  if (k === 1) {
    const one = post.initializer('one', (n) => floatTensor(n, [1], []));
    post.add('Concat', 'probabilities', [post.add('Sub', 'one_minus_p', [one, p]), p], [intAttribute('axis', 1)], 'probabilities');
  } else {
    post.add('Identity', 'probabilities', [p], [], 'probabilities');
  }
  // NOTE: the features are what the last dense layer reads (its Gemm node carries the layer's name).
  const lastDense = [...model.layers].reverse().find((l) => l.type === 'dense');
  const gemm = lastDense && (graph.node ?? []).find((n) => n.op_type === 'Gemm' && n.name === lastDense.name);
  if (!lastDense || !gemm) throw new ExportError('learn/export-unsupported', 'the classifier has no final dense layer to take features from');
  const featureWidth = shapeSize(lastDense.inputShape);
  post.add('Identity', 'features', [gemm.input![0]!], [], 'features');
  const dims = ['N', ...model.inputChw];
  const tensorInfo = (name: string, d: readonly (number | string)[]): ValueInfoProto => ({
    name, type: { tensor_type: { elem_type: 1, shape: { dim: d.map((x) => (typeof x === 'number' ? { dim_value: toLong(x) } : { dim_param: x })) } } },
  });
  const info: ExportInfo = {
    kenobiVersion: KENOBI_VERSION, task: 'classification', classes: [...options.classes],
    input: { name: options.inGraph ? 'pixels' : input.name!, dims, expects: options.inGraph ? 'raw-pixels' : 'normalised' },
    outputs: { main: 'probabilities', features: 'features', featureWidth },
    preprocessing: options.preprocessing, preprocessingInGraph: options.inGraph === true, image: options.imageStretch ?? {},
    backbone: { id: options.arch ?? model.name, tensor: 'none (trained from scratch)', pool: 'none' },
    head: { layers: model.layers.map((l) => l.type), inputs: featureWidth, outputs: k },
    mcDropout: { enabled: false, nodes: [], rates: [], note: 'off: dropout is left out (deterministic)' },
  };
  return {
    ...base,
    producer_name: 'kenobi', producer_version: KENOBI_VERSION,
    doc_string: `Kenobi image classifier: ${options.arch ?? model.name} (${model.layers.map((l) => l.type).join('-')})`,
    metadata_props: [...(base.metadata_props ?? []).filter((m) => m.key === IMAGE_EXPORT_KEY), ...exportMetadataProps(info)],
    graph: {
      ...graph,
      input: options.inGraph ? [tensorInfo('pixels', dims)] : graph.input,
      node: [...pre.nodes, ...(graph.node ?? []), ...post.nodes],
      initializer: [...pre.initializers, ...(graph.initializer ?? []), ...post.initializers],
      output: [tensorInfo('probabilities', ['N', width]), tensorInfo('features', ['N', featureWidth])],
    },
  };
}
