/**
 * Model preprocessing as the first ONNX nodes: raw 0–255 RGB pixels (NCHW float) in, the backbone's
 * normalised input out, with the same float32 arithmetic as `@kenobi/imaging`'s `toModelInput`.
 */
import { ExportError } from './export-error.js';
import { floatTensor, int64Values, intAttribute, type GraphPart } from './onnx-parts.js';

/**
 * The part of a preprocessing config the graph applies (`@kenobi/imaging`'s `PreprocessingConfig` and a zoo
 * entry's `preprocessing` both fit). Resizing and cropping stay with the client: the graph input has the
 * model's fixed size.
 *
 * @example
 * ```ts
 * const p: GraphPreprocessing = { scale: '0-1', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB', inputSize: [224, 224] };
 * ```
 */
export interface GraphPreprocessing {
  readonly scale: '0-1' | '0-255';
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly channelOrder: 'RGB' | 'BGR';
  /** [H, W]. Other fields of the config (resize, crop, interpolation...) are kept in the metadata for clients. */
  readonly inputSize?: readonly [number, number];
}

/**
 * Appends Div(255) (for scale '0-1'), a channel Gather (for BGR models), Sub(mean) and Div(std), reading
 * `pixels` and writing `output` (the backbone's original input name).
 *
 * @example
 * ```ts
 * appendPreprocessing(part, imagenet, 'pixels', 'input'); // pixels [N,3,224,224] 0–255 RGB → input
 * ```
 */
export function appendPreprocessing(part: GraphPart, p: GraphPreprocessing, pixels: string, output: string): void {
  const c = p.mean.length;
  if (c === 0 || p.std.length !== c || p.std.some((s) => !(s > 0))) {
    throw new ExportError('learn/export-unsupported', `preprocessing needs one mean and one positive std per channel, got mean [${p.mean.join(', ')}] std [${p.std.join(', ')}]`);
  }
  let x = pixels;
  if (p.scale === '0-1') x = part.add('Div', 'to_unit', [x, part.initializer('255', (n) => floatTensor(n, [255], []))]);
  if (p.channelOrder === 'BGR' && c === 3) {
    x = part.add('Gather', 'rgb_to_bgr', [x, part.initializer('bgr_index', (n) => int64Values(n, [2, 1, 0], [3]))], [intAttribute('axis', 1)]);
  }
  const mean = part.initializer('mean', (n) => floatTensor(n, p.mean, [1, c, 1, 1]));
  const std = part.initializer('std', (n) => floatTensor(n, p.std, [1, c, 1, 1]));
  part.add('Div', 'normalise', [part.add('Sub', 'center', [x, mean]), std], [], output);
}
