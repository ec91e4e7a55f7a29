/**
 * The `.kenobi` file of a fine-tuned model (container magic `KNBF`): which backbone it was made from (id,
 * sha256, cut, feature tensor, pooling), the head's layers, and as float32 tensors only what fine-tuning
 * changed: the blocks' weights and running statistics (`backbone/<initializer>`) and the head's
 * (`head/<param>`). The backbone itself is not copied; {@link applyFinetuned} writes the tensors into it.
 */
import { float32Tensor, onnx, type ModelProto, type PoolMode } from '@kenobi/onnx';
import { decodeContainer, encodeContainer } from '../io/kenobi-container.js';
import { createLayer } from '../io/layer-registry.js';
import type { LayerConfig, LayerType } from '../layers/layer.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { FinetuneError } from './finetune-error.js';
import type { Finetuner } from './finetuner.js';

/** The format version this build writes (and the highest it reads). @example `FINETUNED_FORMAT_VERSION; // 1` */
export const FINETUNED_FORMAT_VERSION = 1;
const MAGIC = 'KNBF';

/**
 * Where a fine-tuned model's backbone comes from and how it is cut.
 *
 * @example
 * ```ts
 * const b: FinetunedBackbone = { id: 'densenet121-keras', sha256: '5505…', cut: 'pool4_pool', feature: 'avg_pool', pool: 'none' };
 * ```
 */
export interface FinetunedBackbone {
  readonly id?: string;
  readonly sha256?: string;
  readonly cut: string;
  readonly feature: string;
  readonly pool: PoolMode;
}

interface Header {
  readonly format: 'kenobi-finetuned';
  readonly backbone: FinetunedBackbone;
  readonly head: { readonly inputs: number; readonly outputs: number; readonly seed: number; readonly layers: readonly { readonly type: LayerType; readonly name: string; readonly trainable: boolean; readonly config: LayerConfig }[] };
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** A loaded fine-tuned file. @example `const f: LoadedFinetuned = loadFinetuned(bytes); f.head.predict(...)` */
export interface LoadedFinetuned {
  readonly backbone: FinetunedBackbone;
  readonly head: Sequential;
  /** Trained backbone initializers by name. */
  readonly tensors: ReadonlyMap<string, Float32Array>;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * Serialises what `ft` trained.
 *
 * @example
 * ```ts
 * writeFileSync('gz1.kenobi', saveFinetuned(ft, { id: 'densenet121-keras', sha256 }, { classes }));
 * ```
 */
export function saveFinetuned(ft: Finetuner, backbone: { readonly id?: string; readonly sha256?: string }, metadata: Record<string, unknown> = {}): Uint8Array {
  const s = ft.split;
  const header: Header = {
    format: 'kenobi-finetuned',
    backbone: { ...backbone, cut: s.cut, feature: s.feature, pool: s.featureDims.length > 1 ? s.pool : 'none' },
    head: { inputs: ft.head.inputs, outputs: ft.head.outputs, seed: ft.head.seed, layers: ft.head.layers.map((l) => ({ type: l.type, name: l.name, trainable: l.trainable, config: l.config() })) },
    metadata,
  };
  const blocks = [...s.params, ...s.batchNorms.flatMap((bn) => [bn.mean, bn.variance])].map((w) => ({ name: `backbone/${w.name}`, shape: w.shape, value: w.value }));
  const head = [...ft.head.params(), ...ft.head.buffers()].map((w) => ({ name: `head/${w.name}`, shape: w.shape, value: w.value }));
  return encodeContainer(MAGIC, FINETUNED_FORMAT_VERSION, { ...header }, [...blocks, ...head]);
}

/**
 * Reads a fine-tuned file (`learn/bad-file` when it is not one or is truncated).
 *
 * @example
 * ```ts
 * const f = loadFinetuned(readFileSync('gz1.kenobi'));
 * f.backbone.cut; f.head.outputs; // 'pool4_pool', 1
 * ```
 */
export function loadFinetuned(bytes: Uint8Array): LoadedFinetuned {
  const { header, tensors } = decodeContainer<Header>(bytes, MAGIC, FINETUNED_FORMAT_VERSION, 'fine-tuned model');
  if ((header.format as string) !== 'kenobi-finetuned' || !header.backbone || !header.head || !Array.isArray(header.head.layers)) {
    throw new FinetuneError('learn/finetune-checkpoint', 'the file is not a Kenobi fine-tuned model');
  }
  const layers = header.head.layers.map((l) => {
    const layer = createLayer(l.type, l.config);
    layer.name = l.name;
    return layer;
  });
  const head = sequential(layers, { inputs: header.head.inputs, seed: header.head.seed });
  header.head.layers.forEach((l, i) => (layers[i]!.trainable = l.trainable));
  for (const w of [...head.params(), ...head.buffers()]) {
    const t = tensors.get(`head/${w.name}`);
    if (!t || t.length !== w.value.length) throw new FinetuneError('learn/finetune-checkpoint', `the head's '${w.name}' is ${t ? `${t.length} values, expected ${w.value.length}` : 'missing'}`);
    w.value.set(t);
  }
  const backbone = new Map<string, Float32Array>();
  for (const [name, t] of tensors) if (name.startsWith('backbone/')) backbone.set(name.slice('backbone/'.length), t);
  return { backbone: header.backbone, head, tensors: backbone, metadata: header.metadata ?? {} };
}

/**
 * `backbone` with the fine-tuned tensors of `file` in place of its initializers. `learn/finetune-checkpoint`
 * when `sha256` (the backbone's) differs from the file's, or an initializer is missing or has another size.
 *
 * @example
 * ```ts
 * const tuned = applyFinetuned(loadModelFile('densenet121.onnx'), f, sha256);
 * ```
 */
export function applyFinetuned(backbone: ModelProto, file: LoadedFinetuned, sha256?: string): ModelProto {
  if (sha256 !== undefined && file.backbone.sha256 !== undefined && sha256 !== file.backbone.sha256) {
    throw new FinetuneError('learn/finetune-checkpoint', `the model was fine-tuned from backbone ${file.backbone.sha256.slice(0, 12)}…, not from this one (${sha256.slice(0, 12)}…)`, { hint: `give the backbone it was made from${file.backbone.id ? ` (${file.backbone.id})` : ''}` });
  }
  const graph = backbone.graph!;
  const seen = new Set<string>();
  const initializer = (graph.initializer ?? []).map((t) => {
    const w = file.tensors.get(t.name ?? '');
    if (!w) return t;
    const dims = (t.dims ?? []).map(Number);
    if (dims.reduce((a, b) => a * b, 1) !== w.length) throw new FinetuneError('learn/finetune-checkpoint', `'${t.name}' holds ${w.length} values in the file, the backbone's has dims [${dims.join(', ')}]`);
    seen.add(t.name!);
    return float32Tensor(t.name!, Float32Array.from(w), dims);
  });
  const missing = [...file.tensors.keys()].filter((n) => !seen.has(n));
  if (missing.length > 0) throw new FinetuneError('learn/finetune-checkpoint', `the backbone has no initializer ${missing.slice(0, 3).map((m) => `'${m}'`).join(', ')}${missing.length > 3 ? ` (+${missing.length - 3})` : ''}`, { hint: 'give the backbone the model was fine-tuned from' });
  return onnx.ModelProto.create({ ...backbone, graph: onnx.GraphProto.create({ ...graph, initializer: initializer as onnx.TensorProto[] }) });
}
