/**
 * `kenobi summary <model.onnx> [--input-shape 1,3,224,224] [--json]`: a Keras-style summary of a model.
 */
import { formatSummary, summary, valueInfoDims, graphView } from '@kenobi/onnx';
import { loadModelFile } from '@kenobi/onnx/node';
import { probeTensorShapes } from '@kenobi/runtime';
import { resolveModelArg } from '@kenobi/zoo/node';
import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

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
  usage: 'kenobi summary <model.onnx|zoo id> [--input-shape 1,3,224,224] [--json]',
  details: `
Lists every node with its op type, output tensor, output shape and params, then the totals (total,
trainable, non-trainable = BatchNormalization mean and variance), the inputs, outputs and op counts.
Shapes are exact when --input-shape is given or the model's input shape is fully static (the model is run
once on zeros on the CPU); otherwise they come from static inference and show '?' where unknown.

  --input-shape  shape of the first input, e.g. 1,3,224,224
  --json         print the summary as JSON

Example: kenobi summary mnist-8.onnx`,
  options: { 'input-shape': { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals }, io) {
    const { path } = await resolveModelArg(positionals[0]!);
    const model = loadModelFile(path);
    const inputShape = typeof values['input-shape'] === 'string' ? parseInputShape(values['input-shape']) : undefined;
    const first = graphView(model).inputs[0];
    const staticShape = valueInfoDims(first);
    const canProbe = inputShape !== undefined || (staticShape !== undefined && staticShape.every((d) => typeof d === 'number'));
    const shapes = canProbe ? await probeTensorShapes(model, inputShape) : undefined;
    const s = summary(model, { ...(inputShape ? { inputShape } : {}), ...(shapes ? { shapes } : {}) });
    io.stdout.write(values.json ? `${JSON.stringify(s, null, 2)}\n` : formatSummary(s));
    return 0;
  },
};
