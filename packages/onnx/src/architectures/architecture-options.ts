/**
 * The options every architecture factory takes, and how width scaling rounds channel counts.
 */
import { GraphBuilder } from '../builder/graph-builder.js';
import { GraphBuilderError } from '../builder/builder-error.js';

/**
 * Options of every architecture factory (`lenet5`, `alexnet`, `vgg16`, `resnet50`, …).
 *
 * @example
 * ```ts
 * resnet50({ width: 0.25, numClasses: 2, inputSize: 96, seed: 1, batch: 8 }); // [8, 3, 96, 96] → [8, 2]
 * ```
 */
export interface ArchitectureOptions {
  /** Channel multiplier applied to every conv and hidden dense layer (default 1 = the original sizes). */
  width?: number;
  /** Classes of the last layer (default 1000; LeNet-5: 10). */
  numClasses?: number;
  /** Square input size in pixels (default 224; LeNet-5: 32). */
  inputSize?: number;
  /** Input channels (default 3; LeNet-5: 1). */
  inChannels?: number;
  /** Seed of the weights (default 0). */
  seed?: number;
  /** Batch dimension: symbolic 'N' (default) or a fixed size. */
  batch?: 'N' | number;
  /** false = shapes-only build (initializers without data) for counting parameters; default true. */
  materialize?: boolean;
  /** Default-domain opset (default 17). */
  opset?: number;
}

/**
 * The options after defaults, as the factories use them.
 *
 * @example
 * ```ts
 * const { builder, scale } = resolveArchitectureOptions('mynet', { width: 0.5 });
 * builder.conv(builder.input('input', 'float32', ['N', 3, 64, 64]), { outChannels: scale(64), kernel: 3 }); // 32 channels
 * ```
 */
export interface ResolvedArchitectureOptions {
  width: number;
  numClasses: number;
  inputSize: number;
  inChannels: number;
  batch: 'N' | number;
  /** Scale a channel count by `width`, rounded, at least 1. */
  scale: (channels: number) => number;
  /** A builder seeded and configured from the options. */
  builder: GraphBuilder;
}

/**
 * Apply defaults and checks, and make the builder. Throws `onnx/builder-option` for a bad value.
 *
 * @example
 * ```ts
 * const r = resolveArchitectureOptions('resnet18', { width: 0.5 });
 * r.scale(64);    // 32
 * r.inputSize;    // 224
 * ```
 */
export function resolveArchitectureOptions(
  name: string,
  options: ArchitectureOptions,
  defaults: { numClasses?: number; inputSize?: number; inChannels?: number } = {},
): ResolvedArchitectureOptions {
  const width = options.width ?? 1;
  const numClasses = options.numClasses ?? defaults.numClasses ?? 1000;
  const inputSize = options.inputSize ?? defaults.inputSize ?? 224;
  const inChannels = options.inChannels ?? defaults.inChannels ?? 3;
  const batch = options.batch ?? 'N';
  const bad = (what: string, v: unknown): never => {
    throw new GraphBuilderError('onnx/builder-option', `${name}: ${what}, got ${String(v)}`);
  };
  if (!(width > 0) || !Number.isFinite(width)) bad('width must be > 0', width);
  if (!Number.isInteger(numClasses) || numClasses < 1) bad('numClasses must be a positive integer', numClasses);
  if (!Number.isInteger(inputSize) || inputSize < 1) bad('inputSize must be a positive integer', inputSize);
  if (!Number.isInteger(inChannels) || inChannels < 1) bad('inChannels must be a positive integer', inChannels);
  if (batch !== 'N' && (!Number.isInteger(batch) || batch < 1)) bad("batch must be 'N' or a positive integer", batch);
  const builder = new GraphBuilder({
    name,
    seed: options.seed ?? 0,
    materialize: options.materialize ?? true,
    ...(options.opset === undefined ? {} : { opset: options.opset }),
    docString: `${name} built by @kenobi/onnx (random weights, width ${width})`,
  });
  return { width, numClasses, inputSize, inChannels, batch, builder, scale: (c) => Math.max(1, Math.round(c * width)) };
}

/**
 * Add the image input [batch, C, S, S] named 'input'.
 *
 * @example
 * ```ts
 * const r = resolveArchitectureOptions('vgg11', {});
 * imageInput(r); // 'input', shape ['N', 3, 224, 224]
 * ```
 */
export function imageInput(r: ResolvedArchitectureOptions): string {
  return r.builder.input('input', 'float32', [r.batch, r.inChannels, r.inputSize, r.inputSize]);
}

/**
 * Check that a feature map is still at least 1×1; an input too small for the architecture gives a clear error.
 *
 * @example
 * ```ts
 * requireSpatial(r, x, 'alexnet'); // throws onnx/builder-shape when x is 0×0
 * ```
 */
export function requireSpatial(r: ResolvedArchitectureOptions, x: string, name: string): void {
  const s = r.builder.shapeOf(x);
  if (s && s.slice(2).some((d) => typeof d === 'number' && d < 1)) {
    throw new GraphBuilderError('onnx/builder-shape', `${name}: inputSize ${r.inputSize} is too small (a feature map shrinks to [${s.join(', ')}])`);
  }
}
