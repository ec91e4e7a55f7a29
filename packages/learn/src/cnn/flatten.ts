/**
 * Keras's `Flatten`: [N, C, H, W] → [N, C·H·W].
 * NOTE: Kenobi flattens in NCHW order (channel-major); Keras flattens channels-last (H, W, C). The
 * parameter count is the same; only weights imported from Keras would need the dense kernel's rows permuted.
 */
import type { SeededRandom } from '@kenobi/core';
import type { Buffer, LayerConfig, Param } from '../layers/layer.js';
import { shapeSize, type ActivationShape } from './activation-shape.js';
import type { ImageGraphContext, ImageLayer } from './image-layer.js';

/**
 * The flatten layer class; create with {@link flatten}.
 *
 * @example
 * ```ts
 * flatten() instanceof Flatten; // true
 * ```
 */
export class Flatten implements ImageLayer {
  readonly type = 'flatten' as const;
  readonly kerasClass = 'Flatten';
  name: string;
  trainable = true;
  inputShape: ActivationShape = [0];
  outputShape: ActivationShape = [0];

  constructor(options: { readonly name?: string } = {}) {
    this.name = options.name ?? '';
  }

  build(input: ActivationShape, _rng: SeededRandom): ActivationShape {
    this.inputShape = input;
    this.outputShape = [shapeSize(input)];
    return this.outputShape;
  }

  params(): readonly Param[] {
    return [];
  }

  buffers(): readonly Buffer[] {
    return [];
  }

  emit(g: ImageGraphContext, x: string): string {
    if (this.inputShape.length === 1) return x;
    const [y] = g.b.node('Flatten', [x], { axis: 1 }, { name: this.name });
    g.b.setShape(y!, ['N', ...this.outputShape]);
    return y!;
  }

  config(): LayerConfig {
    return {};
  }
}

/**
 * Flattens each sample to one feature vector (before the dense layers).
 *
 * @example
 * ```ts
 * imageModel([conv2d(4, 3), flatten(), dense(1)], { inputShape: [8, 8, 1] }).layers[1]!.outputShape; // [144]
 * ```
 */
export function flatten(options?: { readonly name?: string }): Flatten {
  return new Flatten(options);
}
