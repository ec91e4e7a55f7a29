/** How many input taps each AveragePool window divides by, as a constant from static dims. */
import type { WindowGeometry } from './conv-geometry.js';

/**
 * 1/count for every output position (row-major over the spatial output dims). A tap o·s − pb + t·d counts
 * when it lies in the input (count_include_pad 0) or in the padded input [−pb, H + pe) (count_include_pad 1).
 * NOTE: with count_include_pad 1, ONNX Runtime (like PyTorch) clips a ceil-mode window that runs past the
 * padded end, so even then the count is not always the kernel size; windows are separable, so the count is
 * the product of per-axis counts. A window with no tap (impossible while pads < kernel) gets 0.
 *
 * @example
 * ```ts
 * inverseWindowCounts(windowGeometry(pool3x3s1p1, [4, 4], [3, 3], false), false); // [1/4, 1/6, 1/6, 1/4, 1/6, 1/9, …]
 * ```
 */
export function inverseWindowCounts(g: WindowGeometry, includePad: boolean): Float32Array {
  const perAxis = g.inSize.map((h, i) => {
    const s = g.strides[i]!, d = g.dilations[i]!, pb = g.padsBegin[i]!, pe = g.padsEnd[i]!;
    const lo = includePad ? -pb : 0, hi = includePad ? h + pe : h;
    return Array.from({ length: g.outSize[i]! }, (_, o) => {
      let count = 0;
      for (let t = 0; t < g.kernel[i]!; t++) { const p = o * s - pb + t * d; if (p >= lo && p < hi) count++; }
      return count;
    });
  });
  const total = g.outSize.reduce((a, b) => a * b, 1);
  const out = new Float32Array(total);
  for (let flat = 0; flat < total; flat++) {
    let rest = flat, count = 1;
    for (let i = g.outSize.length - 1; i >= 0; i--) { count *= perAxis[i]![rest % g.outSize[i]!]!; rest = Math.floor(rest / g.outSize[i]!); }
    out[flat] = count === 0 ? 0 : 1 / count;
  }
  return out;
}
