/**
 * Node-only. What `kenobi extract` needs to know of an ONNX file that `kenobi export` wrote: its recorded
 * pixel pipeline (resize, crop, scaling, stretch; raw 0–255 pixels when the preprocessing is in the graph)
 * and its `features` output (the head's input), so the features of a trained or fine-tuned model can be
 * extracted without naming the preprocessing again.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ImagePreprocessing } from '@kenobi/features';
import { findExportInfo, type ExportInfo } from '@kenobi/learn';
import { decodeModel } from '@kenobi/onnx';
import { pixelPipeline } from './predict-run.js';

/**
 * The export info and pixel pipeline of `modelArg` when it is an ONNX file with `kenobi.export` metadata;
 * undefined for a zoo id, an ordinary ONNX file or one that cannot be read (the usual errors then apply).
 *
 * @example
 * ```ts
 * exportedModelInput('lens-finder.onnx')?.preprocessing.config.inputSize; // [64, 64]
 * ```
 */
export function exportedModelInput(modelArg: string): { readonly info: ExportInfo; readonly preprocessing: ImagePreprocessing } | undefined {
  if (!modelArg.toLowerCase().endsWith('.onnx') || !existsSync(modelArg) || !statSync(modelArg).isFile()) return undefined;
  let info: ExportInfo | undefined;
  try {
    info = findExportInfo(decodeModel(new Uint8Array(readFileSync(modelArg))));
  } catch {
    return undefined; // NOTE: not a readable ONNX file: extraction's own loader reports it with its typed error
  }
  if (!info?.preprocessing) return undefined;
  return { info, preprocessing: pixelPipeline(info, {}) };
}
