/**
 * Test support: the window geometry the float64 reference uses for Conv and the pools, written apart from
 * the rules' own (src/rules/conv-geometry.ts) so that a mistake in one does not hide in both. Every op is
 * lifted to three spatial axes (leading axes of size 1, kernel 1, stride 1), so one loop nest serves 1-D,
 * 2-D and 3-D.
 */
import { attrInt, attrInts, attrString, type NodeProto } from '@kenobi/onnx';

/**
 * Per lifted axis (always 3): sizes, kernel, stride, dilation, begin/end pads, output size.
 *
 * @example
 * ```ts
 * // a 1-D k 5 / 2 pads [1, 2] over 13: { size: [1, 1, 13], kernel: [1, 1, 5], stride: [1, 1, 2], padBegin: [0, 0, 1], padEnd: [0, 0, 2], out: [1, 1, 6], … }
 * ```
 */
export interface ReferenceWindows {
  readonly size: number[];
  readonly kernel: number[];
  readonly stride: number[];
  readonly dilation: number[];
  readonly padBegin: number[];
  readonly padEnd: number[];
  readonly out: number[];
}

/**
 * The node's windows over `spatial` (1 to 3 sizes) with kernel `kernel`, lifted to three axes.
 *
 * @example
 * ```ts
 * referenceWindows(node, [8, 8], [3, 3]).out; // [1, 8, 8] for a 3×3/1 pad 1 Conv
 * ```
 */
export function referenceWindows(node: NodeProto, spatial: readonly number[], kernel: readonly number[]): ReferenceWindows {
  const n = spatial.length;
  if (n < 1 || n > 3) throw new Error(`reference ${node.op_type}: ${n} spatial axes`);
  const strides = attrInts(node, 'strides', undefined) ?? spatial.map(() => 1);
  const dilations = attrInts(node, 'dilations', undefined) ?? spatial.map(() => 1);
  const pads = attrInts(node, 'pads', undefined) ?? [...spatial, ...spatial].map(() => 0);
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  const ceil = attrInt(node, 'ceil_mode', 0) === 1;
  const lift = (v: readonly number[], fill: number): number[] => [...Array<number>(3 - n).fill(fill), ...v];
  const w: ReferenceWindows = { size: lift(spatial, 1), kernel: lift(kernel, 1), stride: lift(strides, 1), dilation: lift(dilations, 1), padBegin: [], padEnd: [], out: [] };
  for (let a = 0; a < 3; a++) {
    const i = a - (3 - n);
    const extent = w.dilation[a]! * (w.kernel[a]! - 1) + 1;
    let begin = i < 0 ? 0 : pads[i]!, end = i < 0 ? 0 : pads[i + n]!;
    if (autoPad === 'VALID') begin = end = 0;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      const want = Math.ceil(w.size[a]! / w.stride[a]!);
      const total = Math.max(0, (want - 1) * w.stride[a]! + extent - w.size[a]!);
      end = autoPad === 'SAME_UPPER' ? Math.ceil(total / 2) : Math.floor(total / 2);
      begin = total - end;
    }
    const room = w.size[a]! + begin + end - extent;
    if (room < 0) throw new Error(`reference ${node.op_type}: the window is larger than the padded input`);
    let out = Math.floor(room / w.stride[a]!) + 1;
    // ceil mode: one more window when some rows are left over, unless it would start in the end padding
    if (ceil && room % w.stride[a]! !== 0 && out * w.stride[a]! < w.size[a]! + begin) out += 1;
    w.padBegin.push(begin); w.padEnd.push(end); w.out.push(out);
  }
  return w;
}
