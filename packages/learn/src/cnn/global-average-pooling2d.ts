/**
 * Keras's `GlobalAveragePooling2D`: the mean over height and width, [N, C, H, W] → [N, C].
 */
import type { SeededRandom } from '@kenobi/core';
import type { Buffer, LayerConfig, Param } from '../layers/layer.js';
import { requireImage, type ActivationShape } from './activation-shape.js';
import type { ImageGraphContext, ImageLayer } from './image-layer.js';

/**
 * The global average pooling layer class; create with {@link globalAveragePooling2d}.
 *
 * @example
 * ```ts
 * globalAveragePooling2d().kerasClass; // 'GlobalAveragePooling2D'
 * ```
 */
export class GlobalAveragePooling2D implements ImageLayer {
  readonly type = 'globalAveragePooling2d' as const;
  readonly kerasClass = 'GlobalAveragePooling2D';
  name: string;
  trainable = true;
  inputShape: ActivationShape = [0];
  outputShape: ActivationShape = [0];

  constructor(options: { readonly name?: string } = {}) {
    this.name = options.name ?? '';
  }

  build(input: ActivationShape, _rng: SeededRandom): ActivationShape {
    const [c] = requireImage(input, this.name);
    this.inputShape = input;
    this.outputShape = [c];
    return this.outputShape;
  }

  params(): readonly Param[] {
    return [];
  }

  buffers(): readonly Buffer[] {
    return [];
  }

  emit(g: ImageGraphContext, x: string): string {
    const [pooled] = g.b.node('GlobalAveragePool', [x], {}, { name: this.name });
    const [y] = g.b.node('Flatten', [pooled!], { axis: 1 }, { name: `${this.name}/flatten` });
    g.b.setShape(y!, ['N', ...this.outputShape]);
    return y!;
  }

  config(): LayerConfig {
    return {};
  }
}

/**
 * The mean of each channel over the image: (None, H, W, C) → (None, C), no params.
 *
 * @example
 * ```ts
 * imageModel([conv2d(8, 3), globalAveragePooling2d(), dense(1)], { inputShape: [16, 16, 1] }).outputShape; // [1]
 * ```
 */
export function globalAveragePooling2d(options?: { readonly name?: string }): GlobalAveragePooling2D {
  return new GlobalAveragePooling2D(options);
}
