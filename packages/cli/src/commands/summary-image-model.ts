/**
 * `kenobi summary` of an image model that is not an ONNX file: a JSON layer list or Keras `model.to_json()`
 * (what `kenobi train --arch` takes), or a `.kenobi` image model from `kenobi train --arch`, printed as Keras's
 * `model.summary()` prints it.
 */
import { imageModelFromLayerList, isKerasModelConfig, layerListFromKeras } from '@kenobi/learn';
import { readImageModelFile } from '../image-training/image-model-file.js';
import { readLayerListFile } from '../image-training/image-train-args.js';
import { readModelFileBytes } from '../model-file-bytes.js';
import { UsageError } from '../usage-error.js';

/**
 * The Keras-style summary of `arg` when it is a `.json` layer list / Keras config (for inputs `inputShape`
 * [H, W, C], or the Keras config's own input layer) or a `.kenobi` image model; `undefined` for anything else
 * (an ONNX model, a head), which the ONNX summary handles.
 *
 * @example
 * ```ts
 * imageModelSummary('seeds-cnn.keras3.json', undefined); // "Model: ...\n... Total params: 2,332,513 ..."
 * imageModelSummary('net.json', [64, 64, 3]);
 * ```
 */
export function imageModelSummary(arg: string, inputShape: readonly number[] | undefined): string | undefined {
  const lower = arg.toLowerCase();
  if (lower.endsWith('.kenobi')) {
    const image = readImageModelFile(arg, readModelFileBytes(arg));
    if (!image) return undefined;
    if (inputShape) throw new UsageError(`kenobi summary: --input-shape does not apply to ${arg}: the trained model's input is ${image.model.inputShape.join('×')}`);
    return image.model.summary();
  }
  if (!lower.endsWith('.json')) return undefined;
  const json = readLayerListFile(arg);
  const declared = isKerasModelConfig(json) ? layerListFromKeras(json).inputShape
    : (json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as { inputShape?: [number, number, number] }).inputShape : undefined);
  const shape = inputShape ?? declared;
  if (!shape || shape.length !== 3) {
    throw new UsageError(`kenobi summary: ${arg} is a layer list${declared ? '' : ' without an input shape'}: give --input-shape H,W,C (Keras order, e.g. 64,64,3)`);
  }
  return imageModelFromLayerList(json, { inputShape: shape as [number, number, number] }).summary();
}
