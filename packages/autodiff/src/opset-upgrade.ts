/**
 * Brings a model to the opset the gradient rules write (≥ 17). Every default-domain node is rewritten, op by
 * op and version by version, to mean exactly the same at the new opset (attributes that became inputs, removed
 * legacy attributes, Softmax's 2-D coercion, old-style broadcasting, Upsample to Resize: src/opset/); anything
 * that cannot be converted exactly is refused with a typed error naming the op, the node and the opsets.
 */
import { toSafeNumber, type ModelProto } from '@kenobi/onnx';
import { upgradeGraph } from './opset/upgrade-graph.js';

/**
 * The model at default-domain opset ≥ `target` (≤ 17); unchanged when it is already there.
 *
 * Throws AutodiffError 'autodiff/unsupported-op' for an op the converter does not know or a quantized (int8)
 * model, 'autodiff/unsupported-attribute' for an attribute value with no exact equivalent (BatchNormalization
 * spatial=0, is_test=0, ...), 'autodiff/unknown-shape' when a conversion needs a rank static inference cannot
 * find, and 'autodiff/bad-option' for a target above 17.
 *
 * @example
 * ```ts
 * const m = upgradeOpset(mnist8, 17);
 * m.opset_import; // [{ domain: '', version: 17 }]: Reshape's shape is an input, Add broadcasts numpy-style
 * ```
 */
export function upgradeOpset(model: ModelProto, target: number): ModelProto {
  const imports = model.opset_import ?? [];
  const main = imports.find((o) => !o.domain || o.domain === 'ai.onnx');
  const version = main ? toSafeNumber(main.version, 'opset version') : 1;
  if (version >= target) return model;
  return upgradeGraph(model, version, target);
}
