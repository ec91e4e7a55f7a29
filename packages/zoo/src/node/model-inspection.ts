/**
 * Node-only. What @kenobi/onnx says about a model file: its Keras-style summary, input, opset and the auto
 * feature layer. Used by `kenobi models import` and `kenobi models info`.
 */
import { readFile } from 'node:fs/promises';
import { decodeModel, findFeatureTensor, summary, type ModelSummary } from '@kenobi/onnx';
import type { FeatureTensor } from '../zoo-types.js';
import type { ImportFacts } from './user-registry.js';

/**
 * The result of inspecting one ONNX file.
 *
 * @example
 * ```ts
 * const r = await inspectModelFile('mnist-8.onnx');
 * r.facts.inputName;        // 'Input3'
 * r.autoFeature?.name;      // 'Pooling160_Output_0_reshape0'
 * ```
 */
export interface ModelInspection {
  readonly summary: ModelSummary;
  readonly facts: ImportFacts;
  /** The auto feature layer, or undefined with `autoFeatureError` when none was found. */
  readonly autoFeature: FeatureTensor | undefined;
  readonly autoFeatureError?: string;
}

/**
 * Decodes the file and runs `summary` and `findFeatureTensor` on it.
 *
 * @example
 * ```ts
 * (await inspectModelFile('densenet121-keras-imagenet.onnx')).autoFeature; // { name: 'avg_pool', shape: ['N', 1024], pooling: 'none' }
 * ```
 */
export async function inspectModelFile(path: string): Promise<ModelInspection> {
  const model = decodeModel(new Uint8Array(await readFile(path)));
  const s = summary(model);
  const input = s.inputs[0];
  let autoFeature: FeatureTensor | undefined;
  let autoFeatureError: string | undefined;
  try {
    const f = findFeatureTensor(model);
    autoFeature = { name: f.name, shape: (f.shape ?? []).map(dimToJson), pooling: f.poolingNeeded ? 'global-average' : 'none', note: `auto feature layer: input of classifier ${f.classifier}` };
  } catch (e) {
    autoFeatureError = (e as Error).message;
  }
  const facts: ImportFacts = {
    inputName: input?.name ?? '',
    inputShape: (input?.shape ?? []).map(dimToJson),
    opset: s.opsets[''] ?? s.opsets['ai.onnx'] ?? 0,
    ...(s.outputs[0] ? { outputName: s.outputs[0].name } : {}),
    ...(autoFeature ? { featureTensor: autoFeature } : {}),
  };
  return { summary: s, facts, autoFeature, ...(autoFeatureError ? { autoFeatureError } : {}) };
}

function dimToJson(d: unknown): number | string {
  if (typeof d === 'number') return d;
  if (typeof d === 'string') return d;
  if (typeof d === 'bigint') return Number(d);
  return String(d ?? '?');
}
