/**
 * The architectures by name, for the CLI, benchmarks and tests that loop over them.
 */
import type { onnx } from '../../generated/onnx-proto.js';
import { alexnet } from './alexnet.js';
import type { ArchitectureOptions } from './architecture-options.js';
import { googlenet } from './googlenet.js';
import { lenet5 } from './lenet5.js';
import { resnet18, resnet50 } from './resnet.js';
import { vgg11, vgg16 } from './vgg.js';

/**
 * Frozen table: architecture name → factory.
 *
 * @example
 * ```ts
 * for (const [name, make] of Object.entries(ARCHITECTURES)) console.log(name, make({ width: 0.125 }).graph!.node!.length);
 * ARCHITECTURES.resnet50({ materialize: false }); // shapes only, to count params
 * ```
 */
export const ARCHITECTURES = Object.freeze({
  lenet5,
  alexnet,
  vgg11,
  vgg16,
  resnet18,
  resnet50,
  googlenet,
} satisfies Record<string, (options?: ArchitectureOptions) => onnx.ModelProto>);

/**
 * One key of {@link ARCHITECTURES}.
 *
 * @example
 * ```ts
 * const name: ArchitectureName = 'resnet18';
 * ARCHITECTURES[name]({ width: 0.5 });
 * ```
 */
export type ArchitectureName = keyof typeof ARCHITECTURES;

/**
 * The names of {@link ARCHITECTURES}, frozen.
 *
 * @example
 * ```ts
 * ARCHITECTURE_NAMES; // ['lenet5', 'alexnet', 'vgg11', 'vgg16', 'resnet18', 'resnet50', 'googlenet']
 * ```
 */
export const ARCHITECTURE_NAMES = Object.freeze(Object.keys(ARCHITECTURES) as ArchitectureName[]);
