/** Test support: float64 MaxPool (with Indices), AveragePool, GlobalAveragePool and GlobalMaxPool. */
import { attrInt, attrInts, type NodeProto } from '@kenobi/onnx';
import { zeros, type F64Tensor } from './f64-tensor.js';
import { referenceWindows, type ReferenceWindows } from './spatial-window.js';

/** One output element from its window: (value, index), given the window's in-bound flat input offsets and its tap count inside the padded input. */
type Visit = (taps: readonly number[], inPadded: number) => [number, number?];

/** [Y, Indices] from `visit` called on every output element's window (taps in row-major window order). */
function eachWindow(x: F64Tensor, g: ReferenceWindows, spatialRank: number, visit: Visit): F64Tensor[] {
  const [N, C] = x.dims as [number, number];
  const [D, H, W] = g.size as [number, number, number];
  const y = zeros([N, C, ...g.out.slice(3 - spatialRank)]);
  const indices = zeros(y.dims);
  const taps: number[] = [];
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    for (let od = 0; od < g.out[0]!; od++) for (let oh = 0; oh < g.out[1]!; oh++) for (let ow = 0; ow < g.out[2]!; ow++, o++) {
      taps.length = 0;
      let inPadded = 1;
      const axis = (a: number, out: number): number[] => {
        const pos: number[] = [];
        let padded = 0;
        for (let k = 0; k < g.kernel[a]!; k++) {
          const p = out * g.stride[a]! - g.padBegin[a]! + k * g.dilation[a]!;
          if (p >= -g.padBegin[a]! && p < g.size[a]! + g.padEnd[a]!) padded++;
          if (p >= 0 && p < g.size[a]!) pos.push(p);
        }
        inPadded *= padded;
        return pos;
      };
      const ds = axis(0, od), hs = axis(1, oh), ws = axis(2, ow);
      for (const d of ds) for (const h of hs) for (const w of ws) taps.push(((plane * D + d) * H + h) * W + w);
      const [v, i] = visit(taps, inPadded);
      y.data[o] = v;
      indices.data[o] = i ?? 0;
    }
  }
  return [y, indices];
}

/**
 * MaxPool: the maximum of each window's in-bound taps, and Indices = the flat input offset of the FIRST
 * maximum in row-major window order (strict `>`, as ONNX Runtime and PyTorch).
 *
 * @example
 * ```ts
 * referenceMaxPool([x], node); // [y, indices]
 * ```
 */
export function referenceMaxPool([x]: readonly (F64Tensor | undefined)[], node: NodeProto): F64Tensor[] {
  if (node.output?.[1] && attrInt(node, 'storage_order', 0) !== 0) throw new Error('reference MaxPool: column-major Indices (storage_order 1) are not implemented');
  const kernel = attrInts(node, 'kernel_shape', undefined)!;
  const g = referenceWindows(node, x!.dims.slice(2), kernel);
  return eachWindow(x!, g, kernel.length, (taps) => {
    let best = -Infinity, at = -1;
    for (const t of taps) if (x!.data[t]! > best) { best = x!.data[t]!; at = t; }
    return [best, at];
  });
}

/**
 * AveragePool: the sum of each window's in-bound taps over the in-bound count (count_include_pad 0) or the
 * count of taps inside the padded input (count_include_pad 1; a ceil-mode window past the padded end is
 * clipped, as ONNX Runtime and PyTorch do).
 *
 * @example
 * ```ts
 * referenceAveragePool([x], node); // [y]
 * ```
 */
export function referenceAveragePool([x]: readonly (F64Tensor | undefined)[], node: NodeProto): F64Tensor[] {
  const kernel = attrInts(node, 'kernel_shape', undefined)!;
  const includePad = attrInt(node, 'count_include_pad', 0) === 1;
  const g = referenceWindows(node, x!.dims.slice(2), kernel);
  return eachWindow(x!, g, kernel.length, (taps, inPadded) => {
    let sum = 0;
    for (const t of taps) sum += x!.data[t]!;
    return [sum / (includePad ? inPadded : taps.length)];
  }).slice(0, 1);
}

/**
 * GlobalAveragePool and GlobalMaxPool: the mean or maximum over all spatial axes, kept as size-1 axes.
 *
 * @example
 * ```ts
 * referenceGlobalPool('max')([x]); // [{ dims: [N, C, 1, 1] }]
 * ```
 */
export function referenceGlobalPool(kind: 'average' | 'max'): (inputs: readonly (F64Tensor | undefined)[]) => F64Tensor[] {
  return ([x]) => {
    const [N, C, ...spatial] = x!.dims as [number, number, ...number[]];
    const area = spatial.reduce((a, b) => a * b, 1);
    const y = zeros([N, C, ...spatial.map(() => 1)]);
    for (let p = 0; p < N * C; p++) {
      let acc = kind === 'max' ? -Infinity : 0;
      for (let i = 0; i < area; i++) { const v = x!.data[p * area + i]!; acc = kind === 'max' ? Math.max(acc, v) : acc + v; }
      y.data[p] = kind === 'max' ? acc : acc / area;
    }
    return [y];
  };
}
