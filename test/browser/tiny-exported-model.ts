/**
 * Test support: a tiny exported model made the way `kenobi export` makes one (`exportModel` of
 * `@kenobi/learn` over a GraphBuilder backbone and an MLP head), small enough for SwiftShader WebGPU.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeModel, GraphBuilder, type ModelProto } from '@kenobi/onnx';
import { exportModel, mlpHead, type GraphPreprocessing } from '@kenobi/learn';

/** The classes of the tiny model. */
export const TINY_CLASSES = Object.freeze(['elliptical', 'spiral', 'lens']);

/**
 * Backbone: pixels [N, 3, 32, 32] → Conv(3→8) → Relu → GlobalAveragePool → Flatten (`pooled`, [N, 8]) →
 * Gemm(10) → Softmax; exported at `pooled` with a 3-class MLP head, ImageNet normalisation in the graph
 * (raw 0–255 RGB in), and zscale + asinh recorded for FITS images.
 *
 * @example
 * ```ts
 * const m = tinyExportedModel({ mcDropout: true }); // outputs probabilities [N, 3], features [N, 8]
 * ```
 */
export function tinyExportedModel(options: { mcDropout?: boolean; seed?: number } = {}): ModelProto {
  const b = new GraphBuilder({ name: 'tiny-backbone', seed: options.seed ?? 7 });
  const x = b.input('input', 'float32', ['N', 3, 32, 32]);
  const f = b.relu(b.conv(x, { outChannels: 8, kernel: 3, pad: 1, bias: true, name: 'conv' }));
  const pooled = b.flatten(b.globalAveragePool(f), { name: 'pooled' });
  b.output(b.softmax(b.dense(pooled, { units: 10, name: 'fc' })));
  const head = mlpHead({ inputs: 8, hidden: [16], dropout: 0.4, classes: 3, seed: (options.seed ?? 7) + 1 });
  const preprocessing = {
    inputSize: [32, 32], resize: 'exact', crop: 'none', scale: '0-1',
    mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB', layout: 'NCHW',
  } as unknown as GraphPreprocessing;
  return exportModel({
    backbone: b.build(), tensor: 'pooled', pool: 'none', head, classes: TINY_CLASSES, preprocessing,
    mcDropout: options.mcDropout ?? false, imageStretch: { interval: 'zscale', stretch: 'asinh' },
  });
}

/**
 * Writes the model to `dir/name` and returns the path.
 *
 * @example
 * ```ts
 * const path = await writeModel(tmp, 'tiny.onnx', tinyExportedModel());
 * ```
 */
export async function writeModel(dir: string, name: string, model: ModelProto): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, encodeModel(model));
  return path;
}
