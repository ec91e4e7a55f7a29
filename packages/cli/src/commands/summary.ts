/**
 * `kenobi summary <model.onnx> [--input-shape 1,3,224,224] [--blocks] [--json]`: a Keras-style summary of a
 * model, or (`--blocks`) its backbone split into named blocks.
 */
import { formatBlocks, formatSummary, modelBlocks, summary, valueInfoDims, graphView } from '@kenobi/onnx';
import { loadModelFile } from '@kenobi/onnx/node';
import { probeTensorShapes } from '@kenobi/runtime';
import { resolveModelArg } from '@kenobi/zoo/node';
import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';
import { imageModelSummary } from './summary-image-model.js';

/**
 * Parses '1,3,224,224' into [1, 3, 224, 224]; throws a UsageError otherwise.
 *
 * @example
 * ```ts
 * parseInputShape('1,3,224,224'); // [1, 3, 224, 224]
 * ```
 */
export function parseInputShape(text: string): number[] {
  const dims = text.split(/[,x ]+/).filter(Boolean).map(Number);
  if (dims.length === 0 || dims.some((d) => !Number.isSafeInteger(d) || d < 1)) {
    throw new UsageError(`--input-shape must be positive integers separated by commas (e.g. 1,3,224,224), got '${text}'`);
  }
  return dims;
}

/**
 * The `summary` command.
 *
 * @example
 * ```sh
 * kenobi summary ../shared/models/densenet121-keras-imagenet.onnx --input-shape 1,3,224,224
 * ```
 */
export const summaryCommand: Command = {
  words: ['summary'],
  summary: 'Show a model like Keras model.summary(): layers, output shapes, params, totals',
  usage: 'kenobi summary <model.onnx|zoo id|net.json|model.kenobi> [--input-shape 1,3,224,224] [--blocks] [--json]',
  details: `
Lists every node with its op type, output tensor, output shape and params, then the totals (total,
trainable, non-trainable = BatchNormalization mean and variance), the inputs, outputs and op counts.
Shapes are exact when --input-shape is given or the model's input shape is fully static (the model is run
once on zeros on the CPU); otherwise they come from static inference and show '?' where unknown.

With --blocks it lists the backbone's blocks instead, from the input to the head: the index from the
top (1 = nearest the head), name (ResNet layer1.0.., DenseNet conv2_block1.., Inception inception_3a..,
MobileNetV2 block_1.., ShuffleNet stage2.0.., VGG block1.., block_<i> for other models), kind, output
shape, params, and the trainable params once the last k blocks are unfrozen (head aside). Each block
starts at a tensor the whole computation passes through, where fine-tuning can split the model.

A JSON layer list or Keras model.to_json() file (kenobi train --arch net.json) and a .kenobi image model
(kenobi train --arch) print Keras's model.summary(): layers, Keras output shapes, params; a layer list
needs --input-shape H,W,C (Keras order) unless it declares one.

  --input-shape  shape of the first input, e.g. 1,3,224,224 (a layer list: H,W,C, e.g. 64,64,3)
  --blocks       list the backbone's blocks
  --json         print the summary (or the blocks) as JSON

Example: kenobi summary mnist-8.onnx
         kenobi summary net.json --input-shape 64,64,3
         kenobi summary --blocks ../shared/models/densenet121-keras-imagenet.onnx`,
  options: { 'input-shape': { type: 'string' }, blocks: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const inputShapeText = typeof values['input-shape'] === 'string' ? values['input-shape'] : undefined;
    const image = imageModelSummary(positionals[0]!, inputShapeText === undefined ? undefined : parseInputShape(inputShapeText));
    if (image !== undefined) {
      if (values.blocks || values.json) throw new UsageError('kenobi summary: --blocks and --json are for ONNX models; an image model prints its Keras summary');
      io.stdout.write(`${image}\n`);
      return 0;
    }
    const { path } = await resolveModelArg(positionals[0]!);
    const model = loadModelFile(path);
    const inputShape = typeof values['input-shape'] === 'string' ? parseInputShape(values['input-shape']) : undefined;
    const first = graphView(model).inputs[0];
    const staticShape = valueInfoDims(first);
    const canProbe = inputShape !== undefined || (staticShape !== undefined && staticShape.every((d) => typeof d === 'number'));
    const shapes = canProbe ? await probeTensorShapes(model, inputShape) : undefined;
    const options = { ...(inputShape ? { inputShape } : {}), ...(shapes ? { shapes } : {}) };
    if (values.blocks) {
      const blocks = modelBlocks(model, options);
      io.stdout.write(values.json ? `${JSON.stringify(blocks, null, 2)}\n` : formatBlocks(blocks));
      return 0;
    }
    const s = summary(model, options);
    io.stdout.write(values.json ? `${JSON.stringify(s, null, 2)}\n` : formatSummary(s));
    return 0;
  },
};
