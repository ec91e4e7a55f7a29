/**
 * Keras's `SpatialDropout2D`: drops whole channels (one Bernoulli draw per sample and channel).
 */
import type { SeededRandom } from '@kenobi/core';
import type { Buffer, LayerConfig, Param } from '../layers/layer.js';
import { LearnError } from '../learn-error.js';
import { requireImage, type ActivationShape } from './activation-shape.js';
import type { ImageGraphContext, ImageLayer } from './image-layer.js';

/**
 * The spatial dropout layer class; create with {@link spatialDropout2d}.
 *
 * @example
 * ```ts
 * spatialDropout2d(0.2).rate; // 0.2
 * ```
 */
export class SpatialDropout2D implements ImageLayer {
  readonly type = 'spatialDropout2d' as const;
  readonly kerasClass = 'SpatialDropout2D';
  name: string;
  trainable = true;
  inputShape: ActivationShape = [0];
  outputShape: ActivationShape = [0];

  constructor(readonly rate: number, options: { readonly name?: string } = {}) {
    if (!(rate >= 0 && rate < 1)) throw new LearnError('learn/bad-argument', `spatialDropout2d rate must be in [0, 1), got ${rate}`);
    this.name = options.name ?? '';
  }

  build(input: ActivationShape, _rng: SeededRandom): ActivationShape {
    requireImage(input, this.name);
    this.inputShape = input;
    this.outputShape = input;
    return input;
  }

  params(): readonly Param[] {
    return [];
  }

  buffers(): readonly Buffer[] {
    return [];
  }

  emit(g: ImageGraphContext, x: string): string {
    if (g.mode !== 'training' || this.rate === 0) return x;
    const mask = g.mask(this, [this.inputShape[0]!, 1, 1], this.rate);
    const [y] = g.b.node('Mul', [x, mask], {}, { name: this.name });
    g.b.setShape(y!, ['N', ...this.outputShape]);
    return y!;
  }

  config(): LayerConfig {
    return { rate: this.rate };
  }
}

/**
 * Dropout of whole feature maps in training (each channel of each sample kept with probability 1 − rate and
 * scaled by 1/(1 − rate)); the identity at inference.
 *
 * @example
 * ```ts
 * imageModel([conv2d(16, 3), relu(), spatialDropout2d(0.2)], { inputShape: [32, 32, 1] });
 * ```
 */
export function spatialDropout2d(rate: number, options?: { readonly name?: string }): SpatialDropout2D {
  return new SpatialDropout2D(rate, options);
}
