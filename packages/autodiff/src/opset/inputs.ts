/**
 * Input-list edits for upgrade steps: put a tensor at a given input position (optional inputs before it left
 * empty), and move an INTS attribute to an int64 input, as ONNX did with shapes, axes, pads and splits.
 */
import type { onnx } from '@kenobi/onnx';
import { intsValue, takeAttr } from './node-attrs.js';
import type { StepContext } from './upgrade-step.js';

/**
 * Sets input `index` of `node` to `tensor`, filling skipped optional inputs with '' (absent).
 *
 * @example
 * ```ts
 * setInput(clipNode, 2, 'clip_max'); // inputs ['x', '', 'clip_max']: no lower bound
 * ```
 */
export function setInput(node: onnx.NodeProto, index: number, tensor: string): void {
  const inputs = [...(node.input ?? [])];
  while (inputs.length < index) inputs.push('');
  inputs[index] = tensor;
  node.input = inputs;
}

/**
 * Moves the INTS attribute `attr` to input `index` as an int64 initializer. Returns false (and changes nothing)
 * when the attribute is absent.
 *
 * @example
 * ```ts
 * moveIntsToInput(squeezeNode, ctx, 'axes', 1); // Squeeze(x) {axes: [2, 3]} → Squeeze(x, [2, 3])
 * ```
 */
export function moveIntsToInput(node: onnx.NodeProto, ctx: StepContext, attr: string, index: number): boolean {
  const a = takeAttr(node, attr);
  if (!a) return false;
  setInput(node, index, ctx.constantI64(`${node.name || node.op_type}_${attr}`, intsValue(a)));
  return true;
}
