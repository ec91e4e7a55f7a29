/**
 * Brings a model to the opset the gradient rules write (≥ 17). From 13 up the ops on a CNN's trainable path
 * mean the same at 17, so only the version number changes.
 */
import { onnx, type ModelProto } from '@kenobi/onnx';
import { AutodiffError } from './autodiff-error.js';

/**
 * The model at default-domain opset ≥ `target` (unchanged when it is already there).
 *
 * @example
 * ```ts
 * upgradeOpset(resnet50v1_opset13, 17).opset_import; // [{ domain: '', version: 17 }]
 * ```
 */
export function upgradeOpset(model: ModelProto, target: number): ModelProto {
  const imports = model.opset_import ?? [];
  const main = imports.find((o) => !o.domain || o.domain === 'ai.onnx');
  const version = Number(main?.version ?? 1);
  if (version >= target) return model;
  if (version < 13) {
    throw new AutodiffError('autodiff/unsupported-op', `the model is at opset ${version}; gradient graphs need opset 13 or later`, {
      hint: 'convert it first (python -m onnx.version_converter or onnx.version_converter.convert_version(model, 17))',
    });
  }
  const opsetImport = [...imports.filter((o) => o !== main), onnx.OperatorSetIdProto.create({ domain: '', version: target })];
  return onnx.ModelProto.create({ ...model, opset_import: opsetImport, ir_version: Math.max(Number(model.ir_version ?? 8), 8) });
}
