/**
 * Test support: small image models made the way users make them, for the browser app and Python's
 * onnxruntime to load. A CNN trained a few steps (`kenobi train --arch`: `ImageTrainer`, saved and read back
 * as a `.kenobi` image model, then `exportImageClassifier` as `kenobi export` calls it) and a backbone
 * fine-tuned a few steps (`kenobi finetune --export`: `Finetuner` + `fitFinetune`, then `exportFinetuned`).
 * The learn APIs are called directly, not the CLI, so these tests do not depend on the CLI's argument handling.
 */
import { parseAugment } from '@kenobi/features';
import type { PreprocessingConfig } from '@kenobi/imaging';
import {
  arrayInputs, builtinArchitecture, checkClassifierOutputs, exportFinetuned, exportImageClassifier, finetunedModel, fitFinetune, Finetuner,
  ImageTrainer, imageArray, imageModelFromLayerList, loadImageModel, mlpHead, RecomputeTrunk, saveImageModel, TrunkRunner,
  type GraphPreprocessing, type ImageModel, type ImageStretch,
} from '@kenobi/learn';
import { SeededRandom } from '@kenobi/core';
import type { ModelProto } from '@kenobi/onnx';
import { smallImages, smallResnet } from '../../packages/learn/src/finetune/test-support/small-resnet.js';

/** A full preprocessing config (as `kenobi train --arch` and the zoo record them). */
function config(size: number, mean: number[], std: number[]): PreprocessingConfig {
  return { inputSize: [size, size], channels: mean.length, resize: 'exact', crop: 'none', scale: '0-1', mean, std, channelOrder: 'RGB', layout: 'NCHW' };
}

/** Seeded N(0, 1) images [n, h, w, c] with labels 0, 1, ..., classes − 1 in turn; class k is shifted by k/2. */
function shiftedNoise(n: number, shape: readonly [number, number, number], classes: number, seed: number): { images: ReturnType<typeof imageArray>; labels: Int32Array } {
  const rng = new SeededRandom(seed);
  const per = shape[0] * shape[1] * shape[2];
  const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
  const data = Float32Array.from({ length: n * per }, (_, i) => rng.normal() + labels[Math.floor(i / per)]! / 2);
  return { images: imageArray(data, shape), labels };
}

/** Trains `model` a few steps, then round-trips it through the `.kenobi` image format (as train → export do). */
async function trainAndReload(model: ImageModel, classes: number, metadata: Record<string, unknown>): Promise<ImageModel> {
  const loss = checkClassifierOutputs(model, classes);
  const trainer = await ImageTrainer.create(model, { loss, batchSize: 8, seed: 1, threads: 1, optimizer: { name: 'adam', lr: 0.01 } });
  try {
    await trainer.fit(shiftedNoise(24, model.inputShape as [number, number, number], classes, 5), { epochs: 2 });
  } finally {
    await trainer.dispose();
  }
  return loadImageModel(saveImageModel(model, metadata)).model;
}

/**
 * One export of {@link trainedImageModels} or {@link finetunedImageModels}, with what a test needs to know.
 *
 * @example
 * ```ts
 * const m: ExportedImageModel = { file: 'finetuned-mc.onnx', model, classes: ['plain', 'red'], mcDropout: true };
 * ```
 */
export interface ExportedImageModel {
  /** File name the test writes it under (also what the app shows). */
  readonly file: string;
  readonly model: ModelProto;
  readonly classes: readonly string[];
  /** Exported with `--mc-dropout` (the app gives mean ± std). */
  readonly mcDropout?: boolean;
}

const RGB_CLASSES = Object.freeze(['star', 'galaxy', 'artefact']);
const GREY_CLASSES = Object.freeze(['non-lens', 'lens']);

/**
 * Two trained image models, exported like `kenobi export --head model.kenobi`:
 * - `lenet5` (built-in architecture) at 16×16×3, three classes (softmax), featurewise mean/std, zscale +
 *   asinh for FITS; exported with the preprocessing in the graph (`--with-preprocessing`: input `pixels`,
 *   raw 0–255) and without it (input `input`, standardised by the client);
 * - a layer-list CNN (`kenobi train --arch net.json`) on one channel, 12×12, two classes (dense(1) +
 *   sigmoid, exported as [1 − p, p]), minmax + sqrt.
 *
 * @example
 * ```ts
 * const models = await trainedImageModels(); // [{ file: 'lenet5-pixels.onnx', model, classes }, ...]
 * ```
 */
export async function trainedImageModels(): Promise<ExportedImageModel[]> {
  const rgbPre = config(16, [0.41, 0.37, 0.52], [0.21, 0.18, 0.27]);
  const rgbStretch: ImageStretch = { interval: 'zscale', stretch: 'asinh' };
  const lenet = await trainAndReload(builtinArchitecture('lenet5', { inputShape: [16, 16, 3], classes: 3, seed: 2 }), 3, { classes: RGB_CLASSES, preprocessing: { config: rgbPre, ...rgbStretch } });
  const rgbOptions = { classes: RGB_CLASSES, preprocessing: rgbPre as unknown as GraphPreprocessing & Record<string, unknown>, imageStretch: rgbStretch, arch: 'lenet5' };

  const greyPre = config(12, [0.3], [0.2]);
  const greyStretch: ImageStretch = { interval: 'minmax', stretch: 'sqrt' };
  const layers = [
    { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' }, { type: 'relu' }, { type: 'maxPooling2d', poolSize: 2 },
    { type: 'conv2d', filters: 6, kernelSize: 3 }, { type: 'relu' }, { type: 'flatten' }, { type: 'dropout', rate: 0.3 },
    { type: 'dense', units: 8 }, { type: 'relu' }, { type: 'dense', units: 1 }, { type: 'sigmoid' },
  ];
  const grey = await trainAndReload(imageModelFromLayerList(layers, { inputShape: [12, 12, 1], seed: 4 }), 2, { classes: GREY_CLASSES, preprocessing: { config: greyPre, ...greyStretch } });
  return [
    { file: 'lenet5-pixels.onnx', model: exportImageClassifier(lenet, { ...rgbOptions, inGraph: true }), classes: RGB_CLASSES },
    { file: 'lenet5-normalised.onnx', model: exportImageClassifier(lenet, { ...rgbOptions, inGraph: false }), classes: RGB_CLASSES },
    {
      file: 'grey-net.onnx', classes: GREY_CLASSES,
      model: exportImageClassifier(grey, { classes: GREY_CLASSES, preprocessing: greyPre as unknown as GraphPreprocessing & Record<string, unknown>, imageStretch: greyStretch, arch: 'grey-net.json' }),
    },
  ];
}

/**
 * A small residual backbone ([N, 3, 16, 16], batch norm) fine-tuned one epoch from `block1_out` with a
 * two-class MLP head, exported like `kenobi finetune --export`: preprocessing in the graph
 * (`--with-preprocessing`), recorded for the client only (the default), and with MC-dropout.
 *
 * @example
 * ```ts
 * const models = await finetunedImageModels(); // [{ file: 'finetuned-pixels.onnx', ... }, ..., { file: 'finetuned-mc.onnx', mcDropout: true }]
 * ```
 */
export async function finetunedImageModels(): Promise<ExportedImageModel[]> {
  const n = 8;
  const { x, y } = smallImages(n, 2, 9);
  const ft = await Finetuner.create(smallResnet(), mlpHead({ inputs: 16, hidden: 8, dropout: 0.4, classes: 2, seed: 2 }), {
    cut: 'block1_out', feature: 'pooled', loss: 'binaryCrossEntropy', batchNorm: 'train', epochs: 1, batchSize: 4, threads: 1, optimizer: { name: 'adamw', lr: 1e-2, weightDecay: 0.05 },
  });
  const runner = await TrunkRunner.open(ft.split.trunk, [3, 16, 16], ft.split.cutDims, 'cpu', { threads: 1 });
  try {
    await fitFinetune(ft, { source: new RecomputeTrunk(arrayInputs(x, [3, 16, 16]), runner, parseAugment('none')), items: Int32Array.from({ length: n }, (_, i) => i), labels: y });
    const pre = config(16, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]) as unknown as GraphPreprocessing;
    const common = { classes: ['plain', 'red'], backboneId: 'small-resnet', imageStretch: { interval: 'zscale', stretch: 'linear' } };
    const model = finetunedModel(ft);
    return [
      { file: 'finetuned-pixels.onnx', model: exportFinetuned(model, { ...common, preprocessing: pre }), classes: common.classes },
      { file: 'finetuned-normalised.onnx', model: exportFinetuned(model, { ...common, clientPreprocessing: pre }), classes: common.classes },
      { file: 'finetuned-mc.onnx', model: exportFinetuned(model, { ...common, preprocessing: pre, mcDropout: true }), classes: common.classes, mcDropout: true },
    ];
  } finally {
    await ft.dispose();
    await runner.dispose();
  }
}
