/**
 * Test support: parameter counts read directly from a model's initializers (independent of `summary`), the way
 * Keras and torchvision count them: BatchNormalization's running mean and variance are non-trainable, every
 * other float initializer feeding a Conv, Gemm, MatMul or BatchNormalization is trainable.
 */
import type { onnx } from '../../generated/onnx-proto.js';

/**
 * Trainable and non-trainable parameter counts.
 *
 * @example
 * ```ts
 * const c: ParamCounts = { trainable: 61706, nonTrainable: 0 }; // LeNet-5
 * ```
 */
export interface ParamCounts {
  trainable: number;
  nonTrainable: number;
}

const WEIGHT_OPS = new Set(['Conv', 'Gemm', 'MatMul', 'BatchNormalization']);

/**
 * Count parameters from the initializers' dims (works on shapes-only models too).
 *
 * @example
 * ```ts
 * initializerParams(resnet18({ materialize: false })); // { trainable: 11689512, nonTrainable: 9600 }
 * ```
 */
export function initializerParams(model: onnx.ModelProto): ParamCounts {
  const graph = model.graph!;
  const size = new Map(graph.initializer!.filter((t) => t.data_type === 1).map((t) => [t.name!, t.dims!.reduce<number>((a, d) => a * Number(d), 1)]));
  const trainable = new Set<string>();
  const nonTrainable = new Set<string>();
  for (const node of graph.node!) {
    if (!WEIGHT_OPS.has(node.op_type!)) continue;
    node.input!.forEach((name, i) => {
      if (!size.has(name)) return;
      if (node.op_type === 'BatchNormalization' && i >= 3) nonTrainable.add(name);
      else if (i >= 1) trainable.add(name);
    });
  }
  const sum = (names: Set<string>): number => [...names].reduce((a, n) => a + size.get(n)!, 0);
  return { trainable: sum(trainable), nonTrainable: sum(nonTrainable) };
}
