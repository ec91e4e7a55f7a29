/**
 * Window geometry of Conv, MaxPool and AveragePool along the spatial axes, with `auto_pad` resolved to
 * explicit pads from static input dims, and the ConvTranspose parameters that send a gradient back through
 * the windows. Gradient nodes never use `auto_pad` or `output_shape` (FINDINGS.md: a history of ORT bugs).
 */
import type { NodeProto } from '@kenobi/onnx';
import { attrIntOr, attrIntsOr, attrStringOr } from './attributes.js';

/**
 * The `auto_pad` values ONNX defines.
 *
 * @example
 * ```ts
 * AUTO_PADS.includes('SAME_UPPER'); // true
 * ```
 */
export const AUTO_PADS = Object.freeze(['NOTSET', 'VALID', 'SAME_UPPER', 'SAME_LOWER'] as const);

/**
 * One `auto_pad` value.
 *
 * @example
 * ```ts
 * const keras: AutoPad = 'SAME_UPPER'; // Keras padding='same' (odd pad pixel at the end)
 * ```
 */
export type AutoPad = (typeof AUTO_PADS)[number];

/**
 * Windows along each spatial axis (one entry per axis), pads explicit.
 *
 * @example
 * ```ts
 * // ResNet stem on 224: { inSize: [224, 224], kernel: [7, 7], strides: [2, 2], dilations: [1, 1], padsBegin: [3, 3], padsEnd: [3, 3], outSize: [112, 112] }
 * ```
 */
export interface WindowGeometry {
  readonly inSize: readonly number[];
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly padsBegin: readonly number[];
  readonly padsEnd: readonly number[];
  readonly outSize: readonly number[];
}

/**
 * Why the node's window attributes cannot be read (a bad `auto_pad`, negative pads, a list of the wrong
 * length), or undefined.
 *
 * @example
 * ```ts
 * windowAttributeProblem(convNode, 2); // undefined, or "auto_pad 'SAME' is not an ONNX value"
 * ```
 */
export function windowAttributeProblem(node: NodeProto, spatialRank: number): string | undefined {
  const autoPad = attrStringOr(node, 'auto_pad', 'NOTSET');
  if (!(AUTO_PADS as readonly string[]).includes(autoPad)) return `auto_pad '${autoPad}' is not an ONNX value (${AUTO_PADS.join(', ')})`;
  const lists: [string, number][] = [['strides', spatialRank], ['dilations', spatialRank], ['pads', 2 * spatialRank], ['kernel_shape', spatialRank]];
  for (const [name, length] of lists) {
    const v = attrIntsOr(node, name, Array<number>(length).fill(name === 'pads' ? 0 : 1));
    if (v.length !== length) return `${name} has ${v.length} values, expected ${length} for ${spatialRank} spatial axes`;
    if (v.some((x) => !Number.isInteger(x) || (name === 'pads' ? x < 0 : x < 1))) return `${name} [${v.join(', ')}] has a value out of range`;
  }
  return undefined;
}

/**
 * The node's windows over spatial input dims `inSize` with kernel `kernel`: `auto_pad` SAME_* becomes the
 * explicit pads ONNX defines (total = max(0, (⌈H/s⌉−1)·s + (k−1)·d + 1 − H), the odd pixel at the end for
 * SAME_UPPER, at the begin for SAME_LOWER); VALID is zero pads. With `ceilMode` the output size rounds up
 * and a last window that would start in the end padding is dropped, as ONNX Runtime and PyTorch do.
 *
 * @example
 * ```ts
 * windowGeometry(conv7x7s2p3, [11, 11], [7, 7], false).outSize; // [6, 6]
 * windowGeometry(sameUpper6x6, [8, 8], [6, 6], false);          // padsBegin [2, 2], padsEnd [3, 3], outSize [8, 8]
 * ```
 */
export function windowGeometry(node: NodeProto, inSize: readonly number[], kernel: readonly number[], ceilMode: boolean): WindowGeometry {
  const n = inSize.length;
  const strides = attrIntsOr(node, 'strides', Array<number>(n).fill(1));
  const dilations = attrIntsOr(node, 'dilations', Array<number>(n).fill(1));
  const autoPad = attrStringOr(node, 'auto_pad', 'NOTSET') as AutoPad;
  const pads = attrIntsOr(node, 'pads', Array<number>(2 * n).fill(0));
  const padsBegin: number[] = [], padsEnd: number[] = [], outSize: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = inSize[i]!, s = strides[i]!, ek = (kernel[i]! - 1) * dilations[i]! + 1;
    let pb = autoPad === 'NOTSET' ? pads[i]! : 0, pe = autoPad === 'NOTSET' ? pads[i + n]! : 0;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      const total = Math.max(0, (Math.ceil(h / s) - 1) * s + ek - h);
      pb = autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : Math.ceil(total / 2);
      pe = total - pb;
    }
    const span = h + pb + pe - ek;
    let out = (ceilMode ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
    if (ceilMode && (out - 1) * s >= h + pb) out -= 1;
    padsBegin.push(pb); padsEnd.push(pe); outSize.push(out);
  }
  return { inSize: [...inSize], kernel: [...kernel], strides, dilations, padsBegin, padsEnd, outSize };
}

/**
 * The node's `ceil_mode` (0 for Conv, which has none).
 *
 * @example
 * ```ts
 * ceilModeOf(googlenetPool); // true
 * ```
 */
export function ceilModeOf(node: NodeProto): boolean {
  return attrIntOr(node, 'ceil_mode', 0) === 1;
}

/**
 * ConvTranspose attributes that map a gradient of the windows' outputs back onto the input: the same
 * strides and dilations, pads [pb, pe*] and output_padding r, so the transposed output is exactly H long.
 * pe* = max(pe, (out−1)·s + (k−1)·d + 1 − H − pb) also covers a ceil-mode last window that runs past the
 * padded end; r = H + pb + pe* − (k−1)·d − 1 − (out−1)·s lies in [0, s) (for Conv it is
 * (H + pb + pe − (k−1)·d − 1) mod s).
 *
 * @example
 * ```ts
 * transposeAttributes(windowGeometry(conv11x11s4p2, [16, 16], [11, 11], false));
 * // { strides: [4, 4], dilations: [1, 1], pads: [2, 2, 2, 2], output_padding: [1, 1], kernel_shape: [11, 11] }
 * ```
 */
export function transposeAttributes(g: WindowGeometry): { strides: number[]; dilations: number[]; pads: number[]; output_padding: number[]; kernel_shape: number[] } {
  const n = g.inSize.length;
  const begins: number[] = [], ends: number[] = [], outputPadding: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = g.inSize[i]!, s = g.strides[i]!, ek = (g.kernel[i]! - 1) * g.dilations[i]! + 1, pb = g.padsBegin[i]!;
    const reach = (g.outSize[i]! - 1) * s + ek;
    const pe = Math.max(g.padsEnd[i]!, reach - h - pb);
    begins.push(pb); ends.push(pe); outputPadding.push(h + pb + pe - reach);
  }
  return { strides: [...g.strides], dilations: [...g.dilations], pads: [...begins, ...ends], output_padding: outputPadding, kernel_shape: [...g.kernel] };
}
